package io.github.chainrule.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.chainrule.Corpus;
import io.github.chainrule.Driver;
import io.github.chainrule.TestPrograms;
import io.github.chainrule.check.CheckedProgram;
import io.github.chainrule.diag.SourceFile;
import io.github.chainrule.diff.Backprop;
import io.github.chainrule.graph.Evaluator;
import io.github.chainrule.graph.Graph;
import io.github.chainrule.graph.Node;
import io.github.chainrule.graph.Rebuild;
import io.github.chainrule.graph.Refold;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The printed derivatives a reader would write (issue #14): the program's names folded back into
 * what the chain rule built, and one order of operands on every line.
 */
class PrintedFormsTest {
    private static final String SOFTMAX =
            "input z1, z2, z3\n"
                    + "wrt z1, z2, z3\n"
                    + "m = max(z1, max(z2, z3))\n"
                    + "s = exp(z1 - m) + exp(z2 - m) + exp(z3 - m)\n"
                    + "L = log(s) - (z1 - m)\n";

    private static final String GAUSSIAN =
            "input x, mu, ls\n"
                    + "wrt mu, ls\n"
                    + "sigma = exp(ls)\n"
                    + "r = (x - mu)/sigma\n"
                    + "L = ls + r^2/2\n";

    private static final String DENSE =
            "input x1, x2, w11, w12, w21, w22, w31, w32\n"
                    + "wrt w11, w21, w31\n"
                    + "h1 = tanh(w11 * x1 + w12 * x2)\n"
                    + "h2 = tanh(x1 * w21 + x2 * w22)\n"
                    + "y = w31 * h1 + w32 * h2\n"
                    + "L = y^2\n";

    private static String derive(String program, boolean asWritten) {
        CheckedProgram p =
                Driver.check(new SourceFile("<test>", program), asWritten).program().orElseThrow();
        return new DeriveReport(p, p.wrt(), false).text();
    }

    /** The report's lines without their indentation. */
    private static List<String> lines(String text) {
        return text.lines().map(String::strip).toList();
    }

    /** A named sum folded into its name: -s, then cancelled with the 1/s beside it. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                // the case: 1 + (-exp(z1 - m) - exp(z2 - m) - exp(z3 - m))/s is 0
                "dL/dm += dL/ds * (-s)",
                "dL/dz1 = exp(z1 - m)/s - 1",
                "dL/dz2 = exp(z2 - m)/s",
                "dL/dz3 = exp(z3 - m)/s",
            })
    void aNamedSumFoldsIntoItsName(String line) {
        assertThat(lines(derive(SOFTMAX, true))).contains(line);
    }

    /** A named quotient folded into its name: (mu - x)*r/sigma is -r^2. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "dL/dsigma = dL/dr * (-r/sigma)",
                "dL/dls = 1 - r^2",
                "dL/dmu = -r/sigma",
            })
    void aNamedProductFoldsIntoItsName(String line) {
        assertThat(lines(derive(GAUSSIAN, false))).contains(line);
    }

    /** One rule per case: what is folded, and what is not. */
    @ParameterizedTest(name = "d/d{1} of {0} is {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                // x + y + z + u: the sum holds u's terms, and u beside them
                "u = x + y; L = u*(x + y + z)|     x| 2*u + z",
                // x^2/y^3 holds r = x/y twice
                "r = x/y; L = x^3/y^3|             x| 3*r^2/y",
                // not in proportion: x + y is not a multiple of x + 2*y
                "s = x + 2*y; L = (x + y)^2|       x| 2*(x + y)",
                // a copy is not folded (every x would print as c)
                "c = x; L = x^2 + c|               x| 1 + 2*x",
            })
    void foldingRules(String program, String wrt, String expected) {
        CheckedProgram p = TestPrograms.compile(program.replace("; ", "\n"));
        String text =
                new DeriveReport(p, p.wrt(), false).derivativeTexts(100_000).get("L").get(wrt);
        assertThat(text).isEqualTo(expected);
    }

    /**
     * One operand order on every line, the inputs as the input line declares them: {@code w11*x1}
     * and {@code x1*w21} in the source both print data first.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "h1 = tanh(x1*w11 + x2*w12)",
                "h2 = tanh(x1*w21 + x2*w22)",
                "y = w31*h1 + w32*h2",
                "dL/dw11 = 2*x1*w31*y*(1 - h1^2)",
                "dL/dw21 = 2*x1*w32*y*(1 - h2^2)",
                "dL/dw31 = 2*h1*y",
            })
    void oneOperandOrder(String line) {
        assertThat(lines(derive(DENSE, false))).contains(line);
    }

    /** The order follows the input line: weights declared first print first. */
    @Test
    void theInputLineDecidesTheOrder() {
        String weightsFirst =
                DENSE.replace(
                        "input x1, x2, w11, w12, w21, w22, w31, w32",
                        "input w11, w12, w21, w22, w31, w32, x1, x2");
        assertThat(lines(derive(weightsFirst, false)))
                .contains("h1 = tanh(w11*x1 + w12*x2)", "h2 = tanh(w21*x1 + w22*x2)");
    }

    /**
     * Folding rewrites what is printed, never a value: each derivative of the corpus, folded and
     * with the names bound to their statements, evaluates as the unfolded one.
     */
    @Test
    void foldingKeepsTheValueOnTheWholeCorpus() {
        int folded = 0;
        for (Corpus.Case c : Corpus.cases()) {
            CheckedProgram p = TestPrograms.compile(c.id(), c.program());
            Graph g = p.graph();
            Map<String, Double> at = new HashMap<>();
            c.at().entrySet().forEach(e -> at.put(e.getKey(), e.getValue().getAsDouble()));
            List<Refold.Named> bodies = new ArrayList<>();
            Map<Node, Node> values = new HashMap<>();
            for (CheckedProgram.Definition d : p.definitions()) {
                bodies.add(new Refold.Named(g.variable(d.name()), d.local()));
                values.put(g.variable(d.name()), d.value());
            }
            Refold refold = new Refold(g, bodies);
            var locals = Backprop.locals(p);
            for (String o : p.outputs()) {
                Backprop.Pass pass = Backprop.pass(p, locals, o);
                for (String w : p.wrt()) {
                    Node adjoint = pass.adjoint(g, w);
                    Node fold = refold.fold(adjoint);
                    if (fold == adjoint) {
                        continue;
                    }
                    folded++;
                    Node a = Rebuild.substitute(g, adjoint, values);
                    Node b = Rebuild.substitute(g, fold, values);
                    double[] v = Evaluator.evaluate(g, List.of(a, b), at);
                    double x = v[a.id()];
                    double y = v[b.id()];
                    assertThat(
                                    Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x))
                                            || (Double.isNaN(x) && Double.isNaN(y)))
                            .as("%s d%s/d%s: %s folded is %s", c.id(), o, w, x, y)
                            .isTrue();
                }
            }
        }
        assertThat(folded).as("derivatives folded in the corpus").isGreaterThan(10);
    }
}
