package io.github.chainrule.bench;

import io.github.chainrule.bench.generated.Lj;
import io.github.chainrule.bench.generated.Logreg;
import io.github.chainrule.bench.generated.Mlp784;
import io.github.chainrule.bench.generated.Oscillator;
import io.github.chainrule.bench.generated.Oscillator100000;
import io.github.chainrule.bench.generated.Rosenbrock;
import io.github.chainrule.bench.hand.HandLjLoops;
import io.github.chainrule.bench.hand.HandLogreg;
import io.github.chainrule.bench.hand.HandMlp784;
import io.github.chainrule.bench.hand.HandOscillator;
import io.github.chainrule.bench.hand.HandRosenbrockLoops;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * One row of the indexed programs' benchmarks (examples/indexed at one size): the generated class
 * and the hand-written loops bound to the row's inputs, for the self-check and the PyTorch script
 * (the JMH classes call each implementation directly, so that every call site is monomorphic).
 *
 * @param row the row's name in the tables, e.g. {@code lj n=100}
 * @param program the example's name
 * @param sizes the sizes, in {@code dim} order
 * @param inputs the inputs, in {@code input} order: a {@code double[]} per array, a {@code Double}
 *     per scalar
 * @param gradLength the length of the generated gradient
 * @param alternatives further hand-written gradients (name → gradient), checked as the others
 * @param tolerance how far the hand-written results may be from the generated ones, relative to the
 *     largest value compared
 */
record IndexedCase(
        String row,
        String program,
        Map<String, Integer> sizes,
        Map<String, Object> inputs,
        int gradLength,
        DoubleSupplier generatedForward,
        Gradient generatedGradient,
        DoubleSupplier handForward,
        Gradient handGradient,
        Map<String, Gradient> alternatives,
        double tolerance) {

    interface Gradient {
        double apply(double[] grad);
    }

    static final int[] LJ_SIZES = {20, 100, 1000};
    static final int[] ROSENBROCK_SIZES = {100, 10_000, 1_000_000};
    static final int[] OSCILLATOR_STEPS = {1000, 100_000};
    static final int LOGREG_SAMPLES = 1_000_000;
    static final int LOGREG_FEATURES = 10;

    /** Every row, in the tables' order. */
    static List<IndexedCase> all() {
        List<IndexedCase> all = new ArrayList<>();
        for (int n : LJ_SIZES) {
            all.add(lj(n));
        }
        for (int n : ROSENBROCK_SIZES) {
            all.add(rosenbrock(n));
        }
        all.add(mlp784());
        for (int t : OSCILLATOR_STEPS) {
            all.add(oscillator(t));
        }
        all.add(logreg(LOGREG_SAMPLES, LOGREG_FEATURES));
        return all;
    }

    static IndexedCase lj(int n) {
        double[][] in = IndexedPoints.lj(n);
        double[] x = in[0];
        double[] y = in[1];
        double[] z = in[2];
        return new IndexedCase(
                "lj n=" + n,
                "lj",
                Map.of("n", n),
                inputs("x", x, "y", y, "z", z),
                Lj.gradLength(n),
                () -> Lj.forward(n, x, y, z),
                g -> Lj.gradient(n, x, y, z, g),
                () -> HandLjLoops.forward(n, x, y, z),
                g -> HandLjLoops.gradient(n, x, y, z, g),
                Map.of(),
                Checks.INDEXED_TOLERANCE);
    }

    static IndexedCase rosenbrock(int n) {
        double[] x = IndexedPoints.rosenbrock(n);
        return new IndexedCase(
                "rosenbrock n=" + n,
                "rosenbrock",
                Map.of("n", n),
                inputs("x", x),
                Rosenbrock.gradLength(n),
                () -> Rosenbrock.forward(n, x),
                g -> Rosenbrock.gradient(n, x, g),
                () -> HandRosenbrockLoops.forward(n, x),
                g -> HandRosenbrockLoops.gradient(n, x, g),
                Map.of(),
                Checks.INDEXED_TOLERANCE);
    }

    static IndexedCase mlp784() {
        double[][] in = IndexedPoints.mlp784();
        HandMlp784 hand = new HandMlp784();
        return new IndexedCase(
                "mlp784",
                "mlp784",
                sizes("d", 784, "h", 128, "k", 10),
                inputs(
                        "x", in[0], "label", in[1], "W1", in[2], "b1", in[3], "W2", in[4], "b2",
                        in[5]),
                Mlp784.gradLength(),
                () -> Mlp784.forward(in[0], in[1], in[2], in[3], in[4], in[5]),
                g -> Mlp784.gradient(in[0], in[1], in[2], in[3], in[4], in[5], g),
                () -> hand.forward(in[0], in[1], in[2], in[3], in[4], in[5]),
                g -> hand.gradient(in[0], in[1], in[2], in[3], in[4], in[5], g),
                Map.of(),
                Checks.INDEXED_TOLERANCE);
    }

    static IndexedCase oscillator(int steps) {
        double[] p = IndexedPoints.oscillator(steps);
        HandOscillator hand = new HandOscillator();
        DoubleSupplier forward;
        Gradient gradient;
        if (steps == 1000) {
            forward = () -> Oscillator.forward(p[0], p[1], p[2], p[3], p[4]);
            gradient = g -> Oscillator.gradient(p[0], p[1], p[2], p[3], p[4], g);
        } else if (steps == 100_000) {
            forward = () -> Oscillator100000.forward(p[0], p[1], p[2], p[3], p[4]);
            gradient = g -> Oscillator100000.gradient(p[0], p[1], p[2], p[3], p[4], g);
        } else {
            throw new IllegalArgumentException("no generated oscillator with T = " + steps);
        }
        return new IndexedCase(
                "oscillator T=" + steps,
                "oscillator",
                Map.of("T", steps),
                inputs("k", p[0], "c", p[1], "x0", p[2], "v0", p[3], "dt", p[4]),
                5,
                forward,
                gradient,
                () -> hand.forward(steps, p[0], p[1], p[2], p[3], p[4]),
                g -> hand.gradient(steps, p[0], p[1], p[2], p[3], p[4], g),
                Map.of(
                        "forward mode",
                        g ->
                                HandOscillator.gradientTangent(
                                        steps, p[0], p[1], p[2], p[3], p[4], g)),
                // the adjoints (or tangents) run through T - 1 steps, each rounding about twice,
                // and an oscillator neither damps nor amplifies those errors much: they add up to
                // about T ulps (5e-12 at T = 100000 between the generated and the hand-written
                // reverse mode, whose operations are grouped differently)
                Math.max(Checks.INDEXED_TOLERANCE, steps * 0x1p-52));
    }

    static IndexedCase logreg(int m, int p) {
        double[][] in = IndexedPoints.logreg(m, p);
        double[] x = in[0];
        double[] y = in[1];
        double[] w = in[2];
        double b = in[3][0];
        return new IndexedCase(
                "logreg m=" + m + " p=" + p,
                "logreg",
                sizes("m", m, "p", p),
                inputs("X", x, "y", y, "w", w, "b", b),
                Logreg.gradLength(m, p),
                () -> Logreg.forward(m, p, x, y, w, b),
                g -> Logreg.gradient(m, p, x, y, w, b, g),
                () -> HandLogreg.forward(m, p, x, y, w, b),
                g -> HandLogreg.gradient(m, p, x, y, w, b, g),
                Map.of(),
                Checks.INDEXED_TOLERANCE);
    }

    private static Map<String, Integer> sizes(Object... namesAndValues) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            m.put((String) namesAndValues[i], (Integer) namesAndValues[i + 1]);
        }
        return m;
    }

    private static Map<String, Object> inputs(Object... namesAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            m.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return m;
    }
}
