package io.github.chainrule.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.chainrule.Driver;
import io.github.chainrule.diag.SourceFile;
import io.github.chainrule.diff.IndexedDerivatives;
import io.github.chainrule.indexed.IndexedPoint;
import io.github.chainrule.indexed.IndexedProgram;
import io.github.chainrule.javagen.InMemoryJavac;
import io.github.chainrule.report.IndexedReport;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rewrites toward stable forms on indexed programs, one program per kind of rewrite: at a point
 * where the program as written overflows, underflows or cancels, the value and the gradient through
 * the evaluator (reverse and forward mode) and through the generated loop class are those of an
 * independent reference (the closed form, computed in its stable form, or the same program shifted
 * to an ordinary point); at an ordinary point they are the program's as written to 1e-12; {@code
 * derive} says what was rewritten; and with as-written nothing is.
 */
class IndexedRewritingTest {
    @TempDir static Path dir;

    private static InMemoryJavac.Compiled compiled;
    private static final Map<String, Case> CASES = new LinkedHashMap<>();

    /**
     * One program and its wrt input {@code wrt}: {@code hard} is where the program as written
     * fails, with the exact value and gradient there; {@code ordinary} a point where it does not.
     */
    @SuppressWarnings("ArrayRecordComponent") // test data, never compared or hashed
    record Case(
            String name,
            String source,
            String note,
            String wrt,
            Map<String, Long> sizes,
            Map<String, double[]> hard,
            double value,
            double[] gradient,
            Map<String, double[]> ordinary) {
        @Override
        public String toString() {
            return name;
        }
    }

    static double softplus(double x) {
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    /** sech(x)^2 = 4 e^(-2|x|)/(1 + e^(-2|x|))^2, with nothing that overflows. */
    static double sech2(double x) {
        double e = Math.exp(-2 * Math.abs(x));
        return 4 * e / ((1 + e) * (1 + e));
    }

    static double sum(double[] xs, DoubleUnaryOperator f) {
        double s = 0;
        for (double x : xs) {
            s += f.applyAsDouble(x);
        }
        return s;
    }

    static double[] map(double[] xs, DoubleUnaryOperator f) {
        double[] out = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            out[i] = f.applyAsDouble(xs[i]);
        }
        return out;
    }

    /** log(sum(exp(s))), from the largest term: a reference independent of the rewrite's form. */
    static double lse(double[] s) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : s) {
            m = Math.max(m, v);
        }
        double rest = 0;
        boolean first = true;
        for (double v : s) {
            if (v == m && first) {
                first = false;
                continue;
            }
            rest += Math.exp(v - m);
        }
        return m + Math.log1p(rest);
    }

    static double[] softmax(double[] s) {
        double l = lse(s);
        return map(s, v -> Math.exp(v - l));
    }

    private static void add(Case c) {
        CASES.put(c.name(), c);
    }

    static {
        double[] z = {40, 800, -3, 0.5};
        add(
                new Case(
                        "SeeThroughLogOneMinusSigmoid",
                        """
                        dim n
                        input z[n]
                        a[j] = sigmoid(z[j])
                        L = sum(log(1 - a[i]) for i)
                        """,
                        "line 4: log(1 - a[i]) with a[i] = sigmoid(z[i]) → -softplus(z[i])",
                        "z",
                        Map.of("n", 4L),
                        Map.of("z", z),
                        -sum(z, IndexedRewritingTest::softplus),
                        map(z, v -> -sigmoid(v)),
                        Map.of("z", new double[] {0.3, -1.2, 2, 0.1})));
        double[] zs = {-800, -40, 2};
        add(
                new Case(
                        "LogSigmoid",
                        "dim n\ninput z[n]\nL = sum(log(sigmoid(z[i])) for i)\n",
                        "line 3: log(sigmoid(z[i])) → -softplus(-z[i])",
                        "z",
                        Map.of("n", 3L),
                        Map.of("z", zs),
                        -sum(zs, v -> softplus(-v)),
                        map(zs, v -> sigmoid(-v)),
                        Map.of("z", new double[] {-0.8, 0.4, 2})));
        double[] xp = {800, -800, 1};
        add(
                new Case(
                        "SoftplusByHand",
                        "dim n\ninput x[n]\nL = sum(log(1 + exp(x[i])) for i)\n",
                        "line 3: log(1 + exp(x[i])) → softplus(x[i])",
                        "x",
                        Map.of("n", 3L),
                        Map.of("x", xp),
                        sum(xp, IndexedRewritingTest::softplus),
                        map(xp, IndexedRewritingTest::sigmoid),
                        Map.of("x", new double[] {0.8, -0.8, 1})));
        double[] tiny = {1e-17, 3e-17};
        add(
                new Case(
                        "LogOnePlus",
                        "dim n\ninput x[n]\nL = sum(log(1 + x[i]) for i)\n",
                        "line 3: log(1 + x[i]) → log1p(x[i])",
                        "x",
                        Map.of("n", 2L),
                        Map.of("x", tiny),
                        sum(tiny, Math::log1p),
                        map(tiny, v -> 1 / (1 + v)),
                        Map.of("x", new double[] {0.5, 2})));
        add(
                new Case(
                        "Expm1ByHand",
                        "dim n\ninput x[n]\nL = sum(exp(x[i]) - 1 for i)\n",
                        "line 3: exp(x[i]) - 1 → expm1(x[i])",
                        "x",
                        Map.of("n", 2L),
                        Map.of("x", tiny),
                        sum(tiny, Math::expm1),
                        map(tiny, Math::exp),
                        Map.of("x", new double[] {0.5, 2})));
        double[] xs = {-710, 3};
        add(
                new Case(
                        "SigmoidByHand",
                        "dim n\ninput x[n]\nL = sum(1/(1 + exp(-x[i])) for i)\n",
                        "line 3: 1/(1 + exp(-x[i])) → sigmoid(x[i])",
                        "x",
                        Map.of("n", 2L),
                        Map.of("x", xs),
                        sum(xs, IndexedRewritingTest::sigmoid),
                        map(xs, v -> sigmoid(v) * sigmoid(-v)),
                        Map.of("x", new double[] {-1.5, 3})));
        double[] xt = {355, 0.3}; // exp(2x) overflows, sech(x)^2 is still a double
        add(
                new Case(
                        "TanhByHand",
                        """
                        dim n
                        input x[n]
                        L = sum((exp(x[i]) - exp(-x[i]))/(exp(x[i]) + exp(-x[i])) for i)
                        """,
                        "line 3: (exp(x[i]) - exp(-x[i]))/(exp(x[i]) + exp(-x[i])) → tanh(x[i])",
                        "x",
                        Map.of("n", 2L),
                        Map.of("x", xt),
                        sum(xt, Math::tanh),
                        map(xt, IndexedRewritingTest::sech2),
                        Map.of("x", new double[] {4, 0.3})));
        add(
                new Case(
                        "Hypot",
                        """
                        dim n
                        input x[n], y[n]
                        wrt x
                        r[i] = sqrt(x[i]^2 + y[i]^2)
                        L = sum(r[i] for i)
                        """,
                        "line 4: sqrt(x[i]^2 + y[i]^2) → hypot(x[i], y[i])",
                        "x",
                        Map.of("n", 2L),
                        Map.of(
                                "x",
                                new double[] {3e200, 3e-200},
                                "y",
                                new double[] {4e200, 4e-200}),
                        5e200 + 5e-200,
                        new double[] {0.6, 0.6},
                        Map.of("x", new double[] {3, 1}, "y", new double[] {4, 2})));
        add(
                new Case(
                        "LogSumExpOfTwo",
                        """
                        dim n
                        input x[n], y[n]
                        wrt x
                        L = sum(log(exp(x[i]) + exp(y[i])) for i)
                        """,
                        "line 4: log(exp(x[i]) + exp(y[i])) → logsumexp(x[i], y[i])",
                        "x",
                        Map.of("n", 2L),
                        Map.of("x", new double[] {800, -800}, "y", new double[] {801, -801}),
                        lse(new double[] {800, 801}) + lse(new double[] {-800, -801}),
                        new double[] {sigmoid(-1), sigmoid(1)},
                        Map.of("x", new double[] {0.5, -1}, "y", new double[] {1, 2})));
        double[] small = {1e-9, 2e-9};
        add(
                new Case(
                        "OneMinusCos",
                        "dim n\ninput x[n]\nL = sum(1 - cos(x[i]) for i)\n",
                        "line 3: 1 - cos(x[i]) → 2*sin(0.5*x[i])^2",
                        "x",
                        Map.of("n", 2L),
                        Map.of("x", small),
                        sum(small, v -> 2 * Math.sin(v / 2) * Math.sin(v / 2)),
                        map(small, Math::sin),
                        Map.of("x", new double[] {0.5, 2})));
        double[] s = {800, 801.5, 799, 790};
        add(
                new Case(
                        "IndexedLogSumExp",
                        "dim k\ninput s[k]\nL = log(sum(exp(s[c]) for c))\n",
                        "line 3: log(sum(exp(s[c]) for c in 0..k)) → log(sum(exp(s[c] - m) for c"
                                + " in 0..k)) + m where m = max(s[c] for c in 0..k)",
                        "s",
                        Map.of("k", 4L),
                        Map.of("s", s),
                        lse(s),
                        softmax(s),
                        Map.of("s", new double[] {0.3, 1.5, -1, 0.2})));
        add(
                new Case(
                        "IndexedLogSumExpSeenThrough",
                        "dim k\ninput s[k]\nex[c] = exp(s[c])\nL = log(sum(ex[c] for c))\n",
                        "line 4: log(sum(ex[c] for c in 0..k)) with ex[c] = exp(s[c]) →"
                                + " log(sum(exp(s[c] - m) for c in 0..k)) + m where m = max(s[c]"
                                + " for c in 0..k)",
                        "s",
                        Map.of("k", 4L),
                        Map.of("s", s),
                        lse(s),
                        softmax(s),
                        Map.of("s", new double[] {0.3, 1.5, -1, 0.2})));
        double[] row0 = {800, 801, 799.5};
        double[] row1 = {-800, -801, -799};
        double[] g0 = softmax(row0);
        double[] g1 = softmax(row1);
        add(
                new Case(
                        "IndexedLogSumExpPerRow",
                        """
                        dim m, k
                        input X[m, k]
                        r[q] = log(sum(exp(X[q, c]) for c))
                        L = sum(r[q] for q)
                        """,
                        // m is a size: the note calls the shift m1
                        "line 3: log(sum(exp(X[q, c]) for c in 0..k)) → log(sum(exp(X[q, c] - m1)"
                                + " for c in 0..k)) + m1 where m1 = max(X[q, c] for c in 0..k)",
                        "X",
                        Map.of("m", 2L, "k", 3L),
                        Map.of("X", new double[] {800, 801, 799.5, -800, -801, -799}),
                        lse(row0) + lse(row1),
                        new double[] {g0[0], g0[1], g0[2], g1[0], g1[1], g1[2]},
                        Map.of("X", new double[] {0.8, 1, -0.5, 2, -1, 0.1})));
        // x[t] = x[t-1] + log(1 + exp(u[t]) + exp(2*u[t])), from x[0] = u[0] = 800
        double[] u = {800, 0.5, -1, 2, 0.3};
        double value = u[0];
        double[] grad = new double[u.length];
        grad[0] = 1;
        for (int t = 1; t < u.length; t++) {
            double[] terms = {0, u[t], 2 * u[t]};
            value += lse(terms);
            double[] p = softmax(terms);
            grad[t] = p[1] + 2 * p[2];
        }
        add(
                new Case(
                        "IndexedLogSumExpInARecurrence",
                        """
                        dim T = 5
                        input u[T]
                        x[0] = u[0]
                        x[t] = log(sum(exp(x[t-1] + u[t]*c) for c in 0..3)) for t in 1..T
                        L = x[T-1]
                        """,
                        "line 4: log(sum(exp(x[t-1] + u[t]*c) for c in 0..3)) → log(sum(exp(x[t-1]"
                                + " + u[t]*c - m) for c in 0..3)) + m where m = max(x[t-1] + u[t]*c"
                                + " for c in 0..3)",
                        "u",
                        Map.of(),
                        Map.of("u", u),
                        value,
                        grad,
                        Map.of("u", new double[] {0.2, 0.5, -1, 2, 0.3})));
    }

    static Stream<Case> cases() {
        return CASES.values().stream();
    }

    private static String className(Case c, boolean asWritten) {
        return c.name() + (asWritten ? "AsWritten" : "");
    }

    @BeforeAll
    static void generateAndCompile() {
        Map<String, String> sources = new LinkedHashMap<>();
        for (Case c : CASES.values()) {
            for (boolean asWritten : new boolean[] {false, true}) {
                Driver.Generated g =
                        Driver.generate(source(c), "gen", className(c, asWritten), asWritten);
                assertThat(g.java()).as(String.join("\n", g.formatted())).isPresent();
                sources.put("gen." + className(c, asWritten), g.java().get());
            }
        }
        compiled = InMemoryJavac.compile(dir, sources);
    }

    private static SourceFile source(Case c) {
        return new SourceFile(c.name() + ".chain", c.source());
    }

    private static IndexedProgram program(Case c, boolean asWritten) {
        Driver.Checked checked = Driver.check(source(c), asWritten);
        assertThat(checked.indexed()).as(checked.reporter().format()).isPresent();
        return checked.indexed().get();
    }

    private static IndexedPoint point(Case c, Map<String, double[]> inputs) {
        IndexedPoint.Builder b = IndexedPoint.builder();
        c.sizes().forEach(b::size);
        inputs.forEach(b::array);
        return b.build();
    }

    /** The value and the gradient in {@code wrt}, through the evaluator (reverse mode). */
    private static double[] evaluated(Case c, boolean asWritten, Map<String, double[]> inputs) {
        IndexedProgram p = program(c, asWritten).withWrt(List.of(c.wrt()));
        IndexedDerivatives d = IndexedDerivatives.at(p, point(c, inputs));
        return join(d.values().scalar("L"), d.byElement().get("L").get(c.wrt()));
    }

    /** The same in forward mode (a tangent program per element of {@code wrt}). */
    private static double[] forwardMode(Case c, Map<String, double[]> inputs) {
        IndexedProgram p = program(c, false).withWrt(List.of(c.wrt()));
        IndexedDerivatives d = IndexedDerivatives.inForwardMode(p, point(c, inputs));
        return join(d.values().scalar("L"), d.byElement().get("L").get(c.wrt()));
    }

    /** The same through the generated class's named forms, {@code forward} and {@code gradient}. */
    @SuppressWarnings("unchecked")
    private static double[] generated(Case c, boolean asWritten, Map<String, double[]> inputs) {
        IndexedProgram p = program(c, asWritten);
        Class<?> type = compiled.load("gen." + className(c, asWritten));
        List<String> dims = (List<String>) invoke(method(type, "dims"));
        List<Object> args = new ArrayList<>();
        List<Class<?>> types = new ArrayList<>();
        for (String d : dims) {
            args.add((int) (long) c.sizes().get(d));
            types.add(int.class);
        }
        int gradLength = 0;
        for (IndexedProgram.Array a : p.inputs()) {
            double[] v = inputs.get(a.name());
            args.add(a.isScalar() ? (Object) v[0] : (Object) v.clone());
            types.add(a.isScalar() ? double.class : double[].class);
            if (p.wrt().contains(a.name())) {
                gradLength += v.length;
            }
        }
        assertThat(p.wrt()).containsExactly(c.wrt()); // grad is d/d wrt alone
        double value =
                (Double)
                        invoke(
                                method(type, "forward", types.toArray(new Class<?>[0])),
                                args.toArray());
        double[] grad = new double[gradLength];
        types.add(double[].class);
        args.add(grad);
        double again =
                (Double)
                        invoke(
                                method(type, "gradient", types.toArray(new Class<?>[0])),
                                args.toArray());
        assertThat(Double.doubleToLongBits(again)).isEqualTo(Double.doubleToLongBits(value));
        return join(value, grad);
    }

    private static Method method(Class<?> type, String name, Class<?>... types) {
        try {
            return type.getMethod(name, types);
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

    private static Object invoke(Method m, Object... args) {
        try {
            return m.invoke(null, args);
        } catch (InvocationTargetException | IllegalAccessException e) {
            throw new LinkageError(e.getMessage(), e);
        }
    }

    private static double[] join(double value, double[] gradient) {
        double[] out = new double[gradient.length + 1];
        out[0] = value;
        System.arraycopy(gradient, 0, out, 1, gradient.length);
        return out;
    }

    /** Every entry finite and within {@code tol} of the expected one, relative (0 absolute). */
    private static boolean close(double[] actual, double[] expected, double tol) {
        if (actual.length != expected.length) {
            return false;
        }
        for (int i = 0; i < actual.length; i++) {
            double scale = Math.max(Math.abs(expected[i]), Double.MIN_NORMAL);
            if (!Double.isFinite(actual[i])
                    || !(Math.abs(actual[i] - expected[i]) <= tol * scale)) {
                return false;
            }
        }
        return true;
    }

    private static void assertClose(String what, double[] actual, double[] expected, double tol) {
        assertThat(close(actual, expected, tol))
                .as(
                        "%s: %s, expected %s",
                        what,
                        java.util.Arrays.toString(actual),
                        java.util.Arrays.toString(expected))
                .isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theRewrittenProgramIsExactWhereTheProgramAsWrittenIsNot(Case c) {
        double[] exact = join(c.value(), c.gradient());
        assertThat(close(evaluated(c, true, c.hard()), exact, 1e-10))
                .as("the program as written fails at this point, or the case proves nothing")
                .isFalse();
        assertThat(close(generated(c, true, c.hard()), exact, 1e-10)).isFalse();
        assertClose("evaluator", evaluated(c, false, c.hard()), exact, 1e-12);
        assertClose("forward mode", forwardMode(c, c.hard()), exact, 1e-12);
        assertClose("generated class", generated(c, false, c.hard()), exact, 1e-12);
        // the generated class computes the evaluator's value, bit for bit
        assertThat(Double.doubleToLongBits(generated(c, false, c.hard())[0]))
                .isEqualTo(Double.doubleToLongBits(evaluated(c, false, c.hard())[0]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void atAnOrdinaryPointNothingChangesBeyondRounding(Case c) {
        double[] asWritten = evaluated(c, true, c.ordinary());
        assertClose("evaluator", evaluated(c, false, c.ordinary()), asWritten, 1e-12);
        assertClose("generated class", generated(c, false, c.ordinary()), asWritten, 1e-12);
        assertClose("generated as written", generated(c, true, c.ordinary()), asWritten, 1e-12);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void deriveSaysWhatWasRewrittenAndAsWrittenRewritesNothing(Case c) {
        IndexedProgram rewritten = program(c, false);
        assertThat(rewritten.rewrites())
                .extracting(IndexedProgram.Rewrite::text)
                .containsExactly(c.note());
        assertThat(new IndexedReport(rewritten).text())
                .contains(
                        "rewritten for accuracy (--as-written evaluates as written)\n  "
                                + c.note());
        IndexedProgram asWritten = program(c, true);
        assertThat(asWritten.rewrites()).isEmpty();
        assertThat(asWritten.shifts()).isEmpty();
        assertThat(new IndexedReport(asWritten).text())
                .doesNotContain("rewritten")
                .doesNotContain("softplus")
                .doesNotContain("max(");
        // as written is what the checker lowers, untouched
        assertThat(asWritten.steps()).hasSameSizeAs(checkedOnly(c).steps());
        assertThat(new IndexedReport(asWritten).text())
                .isEqualTo(new IndexedReport(checkedOnly(c)).text());
    }

    private static IndexedProgram checkedOnly(Case c) {
        io.github.chainrule.diag.Reporter r = new io.github.chainrule.diag.Reporter(source(c));
        return IndexedChecker.check(
                        io.github.chainrule.syntax.SyntaxParser.parse(source(c), r).orElseThrow(),
                        r)
                .orElseThrow();
    }

    /**
     * The log-sum-exp's shift is not differentiated: it is a shift, and no array has its adjoint.
     */
    @Test
    void theShiftHasNoAdjoint() {
        IndexedProgram p = program(CASES.get("IndexedLogSumExp"), false);
        assertThat(p.shifts()).hasSize(1);
        String shift = p.shifts().iterator().next();
        assertThat(io.github.chainrule.diff.IndexedReverse.adjoint(p, "L").adjointOf())
                .doesNotContainKey(shift)
                .containsKey("s");
    }

    /** {@code derive --at --json} lists the rewrites too, as for scalar programs. */
    @Test
    void theJsonListsTheRewrites() {
        Case c = CASES.get("IndexedLogSumExp");
        IndexedProgram p = program(c, false);
        IndexedDerivatives d = IndexedDerivatives.at(p, point(c, c.hard()));
        assertThat(new IndexedReport(p).valuesJson(point(c, c.hard()), d.values(), d))
                .contains("\"rewrites\": [")
                .contains("line 3: log(sum(exp(s[c]) for c in 0..k))");
        IndexedProgram q = program(c, true);
        IndexedDerivatives e = IndexedDerivatives.at(q, point(c, c.hard()));
        assertThat(new IndexedReport(q).valuesJson(point(c, c.hard()), e.values(), e))
                .doesNotContain("rewrites");
    }

    /**
     * What the README says remains: where a term is infinite, the shifted form gives NaN (inf -
     * inf), where the form as written gives its infinite limit.
     */
    @Test
    void anInfiniteTermGivesNaNWhereTheFormAsWrittenGivesItsLimit() {
        Case c = CASES.get("IndexedLogSumExp");
        Map<String, double[]> up = Map.of("s", new double[] {Double.POSITIVE_INFINITY, 1, 2, 3});
        assertThat(evaluated(c, true, up)[0]).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(evaluated(c, false, up)[0]).isNaN();
        double ninf = Double.NEGATIVE_INFINITY;
        Map<String, double[]> down = Map.of("s", new double[] {ninf, ninf, ninf, ninf});
        assertThat(evaluated(c, true, down)[0]).isEqualTo(ninf);
        assertThat(evaluated(c, false, down)[0]).isNaN();
    }
}
