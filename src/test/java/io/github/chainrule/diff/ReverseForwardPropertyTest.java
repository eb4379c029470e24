package io.github.chainrule.diff;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.chainrule.TestPrograms;
import io.github.chainrule.check.CheckedProgram;
import io.github.chainrule.graph.Evaluator;
import io.github.chainrule.graph.Graph;
import io.github.chainrule.graph.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * Random programs over every built-in: reverse mode agrees with forward mode everywhere, and both
 * with central finite differences where the program is smooth at the point; forward mode for all
 * variables in one sweep ({@link Gradient}'s) computes exactly what one sweep per variable does.
 */
class ReverseForwardPropertyTest {

    /** Each built-in wrapped so that any real argument is inside its domain. */
    private static final String[] UNARY = {
        "sin(%s)",
        "cos(%s)",
        "tan(0.5*tanh(%s))",
        "asin(0.9*tanh(%s))",
        "acos(0.9*tanh(%s))",
        "atan(%s)",
        "sinh(0.5*%s)",
        "cosh(0.5*%s)",
        "tanh(%s)",
        "asinh(%s)",
        "acosh(1.5 + %s^2)",
        "atanh(0.9*tanh(%s))",
        "exp(0.3*%s)",
        "expm1(0.3*%s)",
        "log(1 + %s^2)",
        "log1p(%s^2)",
        "log2(2 + sin(%s))",
        "log10(2 + cos(%s))",
        "sqrt(1 + %s^2)",
        "cbrt(%s)",
        "abs(%s)",
        "sign(%s)",
        "floor(%s)",
        "ceil(%s)",
        "sigmoid(%s)",
        "softplus(%s)",
        "relu(%s)",
        "erf(%s)",
        "(-%s)",
        "(%s)^2",
        "(%s)^3",
        "1/(1 + %s^2)",
    };

    private static final String[] BINARY = {
        "%s + %s",
        "%s - %s",
        "%s * %s",
        "%s / (2 + sin(%s))",
        "pow(1.5 + sin(%s), %s)",
        "(1 + %s^2)^(0.5*sin(%s))",
        "atan2(%s, 2 + cos(%s))",
        "hypot(%s, 1 + %s^2)",
        "min(%s, %s)",
        "max(%s, %s)",
        "if(%s > %s, %s*x, y)",
    };

    static String randomProgram(Random r) {
        List<String> names = new ArrayList<>(List.of("x", "y", "z"));
        StringBuilder src = new StringBuilder("input x, y, z\n");
        int statements = 1 + r.nextInt(4);
        for (int s = 0; s < statements; s++) {
            String e = expression(r, names, 2 + r.nextInt(2));
            String name = "t" + s;
            src.append(name).append(" = ").append(e).append('\n');
            names.add(name);
        }
        return src.toString();
    }

    private static String expression(Random r, List<String> names, int depth) {
        if (depth == 0 || r.nextInt(5) == 0) {
            return r.nextInt(6) == 0
                    ? String.valueOf(r.nextInt(5) + 1)
                    : names.get(r.nextInt(names.size()));
        }
        if (r.nextBoolean()) {
            return String.format(UNARY[r.nextInt(UNARY.length)], expression(r, names, depth - 1));
        }
        String template = BINARY[r.nextInt(BINARY.length)];
        int holes = template.split("%s", -1).length - 1;
        Object[] args = new Object[holes];
        for (int i = 0; i < holes; i++) {
            args[i] = expression(r, names, depth - 1);
        }
        return "(" + String.format(template, args) + ")";
    }

    @Property(tries = 300)
    void reverseModeAgreesWithForwardModeAndFiniteDifferences(
            @ForAll @LongRange(min = 0, max = 1L << 40) long seed) {
        Random r = new Random(seed);
        String source = randomProgram(r);
        CheckedProgram p = TestPrograms.compile(source);
        Graph g = p.graph();
        Node out = p.outputValue(p.outputs().get(0));
        Map<String, Double> at = new HashMap<>();
        for (String in : p.inputs()) {
            at.put(in, Math.round((r.nextDouble() * 3 - 1.5) * 1000) / 1000.0);
        }
        List<Node> vars = new ArrayList<>();
        p.inputs().forEach(n -> vars.add(g.variable(n)));
        List<Node> reverse = Reverse.gradient(g, out, vars);
        List<Map<Node, Node>> seedings = new ArrayList<>();
        vars.forEach(v -> seedings.add(Map.of(v, g.constant(1))));
        List<List<Node>> together = Forward.tangents(g, List.of(out), seedings);
        for (int i = 0; i < vars.size(); i++) {
            Node forward =
                    Forward.tangents(g, List.of(out), Map.of(vars.get(i), g.constant(1))).get(0);
            double rv = value(g, reverse.get(i), at);
            double fv = value(g, forward, at);
            double tv = value(g, together.get(i).get(0), at);
            assertThat(Double.isNaN(tv) ? "NaN" : tv)
                    .as(
                            "one sweep for all variables vs one per variable, d/d%s of\n%s at %s",
                            p.inputs().get(i), source, at)
                    .isEqualTo(Double.isNaN(fv) ? "NaN" : fv);
            if (Double.isNaN(rv) && Double.isNaN(fv)) {
                continue;
            }
            Double fd = smoothDifference(g, out, p.inputs().get(i), at);
            if (Double.isNaN(rv) != Double.isNaN(fv)) {
                // 0 × ∞ in the chain rule: an infinite local derivative meets a zero one (cbrt'(0)
                // times
                // d(relu(x)·x)/dx at x < 0). The modes multiply the partials in another order, so
                // one may
                // see NaN where the other sees a number; that number must then be the derivative.
                double number = Double.isNaN(rv) ? fv : rv;
                if (fd != null) {
                    assertThat(number)
                            .as(
                                    "the mode that is not NaN vs finite difference, d/d%s of\n"
                                            + "%s at %s",
                                    p.inputs().get(i), source, at)
                            .isCloseTo(
                                    fd,
                                    org.assertj.core.data.Offset.offset(
                                            1e-5 * Math.max(1, Math.abs(fd))));
                }
                continue;
            }
            assertThat(rv)
                    .as("reverse vs forward d/d%s of\n%s at %s", p.inputs().get(i), source, at)
                    .isCloseTo(
                            fv,
                            org.assertj.core.data.Offset.offset(1e-9 * Math.max(1, Math.abs(fv))));
            if (fd != null && Double.isFinite(rv)) {
                assertThat(rv)
                        .as(
                                "reverse vs finite difference d/d%s of\n%s at %s",
                                p.inputs().get(i), source, at)
                        .isCloseTo(
                                fd,
                                org.assertj.core.data.Offset.offset(
                                        1e-5 * Math.max(1, Math.abs(fd))));
            }
        }
    }

    /**
     * The case a run of the property found: cbrt of a chosen branch that is relu(x)·x, 0 for x < 0.
     * The derivative is 0; reverse mode multiplies cbrt'(0) = ∞ by the zero partials and gets NaN,
     * forward mode carries the zero tangent and gets 0. Both are the chain rule; at 0 × ∞ it is
     * indeterminate, and the README says so.
     */
    @Example
    void atZeroTimesInfinityForwardModeSeesTheZero() {
        CheckedProgram p =
                TestPrograms.compile(
                        "input x, y, z\n"
                            + "t0 = z\n"
                            + "t1 = cbrt((if(asinh(z) > (t0 / (2 + sin(t0))), relu(x)*x, y)))\n");
        Graph g = p.graph();
        Node out = p.outputValue("t1");
        Map<String, Double> at = Map.of("x", -0.09, "y", 0.225, "z", 0.961);
        Node x = g.variable("x");
        assertThat(value(g, Forward.tangents(g, List.of(out), Map.of(x, g.constant(1))).get(0), at))
                .isEqualTo(0.0);
        assertThat(value(g, Reverse.gradient(g, out, List.of(x)).get(0), at)).isNaN();
        assertThat(smoothDifference(g, out, "x", at)).isEqualTo(0.0);
    }

    private static double value(Graph g, Node n, Map<String, Double> at) {
        return Evaluator.evaluate(g, List.of(n), at)[n.id()];
    }

    /** A central difference, or null where two step sizes disagree (a kink or a jump nearby). */
    private static Double smoothDifference(Graph g, Node out, String var, Map<String, Double> at) {
        double x = at.get(var);
        double[] estimates = new double[2];
        double[] steps = {1e-4, 1e-5};
        for (int k = 0; k < 2; k++) {
            double h = steps[k] * Math.max(1, Math.abs(x));
            Map<String, Double> plus = new HashMap<>(at);
            Map<String, Double> minus = new HashMap<>(at);
            plus.put(var, x + h);
            minus.put(var, x - h);
            estimates[k] = (value(g, out, plus) - value(g, out, minus)) / (2 * h);
        }
        boolean agree =
                Math.abs(estimates[0] - estimates[1]) <= 1e-6 * Math.max(1, Math.abs(estimates[1]));
        return agree && Double.isFinite(estimates[1]) ? estimates[1] : null;
    }
}
