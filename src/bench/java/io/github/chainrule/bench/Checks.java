package io.github.chainrule.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The harness's honesty check: before anything is timed, each implementation must agree with the
 * generated code (value and gradient) at the benchmark's point. A mismatch throws, and JMH reports
 * the benchmark as failed instead of timing a wrong function.
 */
final class Checks {
    /** Relative tolerance, on the scale of the largest value compared. */
    static final double TOLERANCE = 1e-9;

    /**
     * The indexed programs' tolerance: the hand-written loops compute the same sums as the
     * generated ones, in nearly the same order, so they agree to rounding.
     */
    static final double INDEXED_TOLERANCE = 1e-12;

    private Checks() {}

    /**
     * The largest discrepancy of each implementation against the generated gradient, or a throw.
     */
    static List<String> verify(Impl p) {
        List<String> report = new ArrayList<>();
        double[] x = p.point().clone();
        double[] ref = new double[p.gradLength()];
        double value = p.generatedGradient().apply(x, ref);
        check(
                p.name() + ": generated forward vs generated gradient's value",
                new double[] {value},
                new double[] {p.generatedForward().applyAsDouble(x)},
                report);
        double[] g = new double[ref.length];
        if (p.handGradient() != null) {
            check(
                    p.name() + ": hand-written forward",
                    new double[] {value},
                    new double[] {p.handForward().applyAsDouble(x)},
                    report);
            double hv = p.handGradient().apply(x, g);
            check(p.name() + ": hand-written gradient", concat(value, ref), concat(hv, g), report);
        }
        java.util.Arrays.fill(g, Double.NaN);
        double dv = p.ds().apply(x, g);
        check(
                p.name() + ": DerivativeStructure gradient",
                concat(value, ref),
                concat(dv, g),
                report);
        return report;
    }

    /**
     * An indexed row: the generated forward against the generated gradient's value, then each
     * hand-written implementation against the generated value and gradient, to the row's tolerance
     * ({@link #INDEXED_TOLERANCE} but for long recurrences). Returns one line per comparison, or
     * throws.
     */
    static List<String> verify(IndexedCase c) {
        List<String> report = new ArrayList<>();
        double[] ref = new double[c.gradLength()];
        double value = c.generatedGradient().apply(ref);
        check(
                c.row() + ": generated forward vs generated gradient's value",
                new double[] {value},
                new double[] {c.generatedForward().getAsDouble()},
                report,
                c.tolerance());
        check(
                c.row() + ": hand-written forward",
                new double[] {value},
                new double[] {c.handForward().getAsDouble()},
                report,
                c.tolerance());
        double[] g = new double[ref.length];
        java.util.Arrays.fill(g, Double.NaN);
        double hv = c.handGradient().apply(g);
        check(
                c.row() + ": hand-written gradient",
                concat(value, ref),
                concat(hv, g),
                report,
                c.tolerance());
        for (var alternative : c.alternatives().entrySet()) {
            java.util.Arrays.fill(g, Double.NaN);
            double av = alternative.getValue().apply(g);
            check(
                    c.row() + ": hand-written gradient, " + alternative.getKey(),
                    concat(value, ref),
                    concat(av, g),
                    report,
                    c.tolerance());
        }
        return report;
    }

    static void check(String what, double[] expected, double[] actual, List<String> report) {
        check(what, expected, actual, report, TOLERANCE);
    }

    static void check(
            String what,
            double[] expected,
            double[] actual,
            List<String> report,
            double tolerance) {
        double scale = 0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs(expected[i] - actual[i]);
            if (!(d <= tolerance * Math.max(1, scale))) {
                throw new IllegalStateException(
                        what
                                + " disagrees with the generated code at index "
                                + i
                                + ": expected "
                                + expected[i]
                                + ", got "
                                + actual[i]);
            }
            worst = Math.max(worst, d / Math.max(1, scale));
        }
        report.add(String.format("%-50s agrees (max relative difference %.1e)", what, worst));
    }

    static double[] concat(double v, double[] g) {
        double[] r = new double[g.length + 1];
        r[0] = v;
        System.arraycopy(g, 0, r, 1, g.length);
        return r;
    }
}
