package io.github.chainrule.bench.hand;

/**
 * chain1000.chain by hand: {@code v[k] = sin(v[k-1]) a + 0.1 v[k-1]}, 1000 steps from {@code v[0] =
 * x}. With two inputs, a careful human carries the two tangents along the loop (forward mode): no
 * tape, no storage, one sin and one cos per step.
 */
public final class HandChain {
    private static final int STEPS = 1000;

    private HandChain() {}

    public static double forward(double[] x) {
        double v = x[0];
        double a = x[1];
        for (int k = 0; k < STEPS; k++) {
            v = 0.1 * v + a * Math.sin(v);
        }
        return v;
    }

    public static double gradient(double[] x, double[] grad) {
        double v = x[0];
        double a = x[1];
        double dx = 1; // dv/dx
        double da = 0; // dv/da
        for (int k = 0; k < STEPS; k++) {
            double s = Math.sin(v);
            double d = 0.1 + a * Math.cos(v);
            da = d * da + s;
            dx = d * dx;
            v = 0.1 * v + a * s;
        }
        grad[0] = dx;
        grad[1] = da;
        return v;
    }
}
