package io.github.chainrule.bench;

import java.util.SplittableRandom;

/**
 * The inputs of the indexed programs' benchmarks (examples/indexed), at any size, in the generated
 * classes' parameter order. Fixed seeds: every run and every implementation use the same numbers,
 * and the PyTorch script reads them from the files {@link SelfCheck} writes.
 */
public final class IndexedPoints {
    /** logreg's weights the labels are drawn from (p = 10); the benchmark point is half of them. */
    static final double[] LOGREG_TRUE_W = {1.0, -0.5, 0.25, 0.75, -1.0, 0.5, 0.0, -0.25, 0.6, -0.8};

    static final double LOGREG_TRUE_B = 0.3;

    private IndexedPoints() {}

    /**
     * x, y, z of n particles on a jittered cubic lattice near the potential's minimum: at n = 20
     * the particles of {@link Points#lj20()} (same lattice, same random numbers), in three arrays.
     */
    public static double[][] lj(int n) {
        SplittableRandom r = new SplittableRandom(4);
        int side = 1;
        while (side * side * side < n) {
            side++;
        }
        double spacing = 1.12;
        double[] x = new double[n];
        double[] y = new double[n];
        double[] z = new double[n];
        for (int p = 0; p < n; p++) {
            x[p] = spacing * (p % side) + Points.uniform(r, -0.05, 0.05);
            y[p] = spacing * ((p / side) % side) + Points.uniform(r, -0.05, 0.05);
            z[p] = spacing * (p / (side * side)) + Points.uniform(r, -0.05, 0.05);
        }
        return new double[][] {x, y, z};
    }

    /** Uniform in [-1.2, 1.2]; at n = 100 the point of {@link Points#rosenbrock100()}. */
    public static double[] rosenbrock(int n) {
        SplittableRandom r = new SplittableRandom(3);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = Points.uniform(r, -1.2, 1.2);
        }
        return x;
    }

    /**
     * x (pixels in [0, 1]), label (one-hot, class 3), W1, b1, W2, b2 (uniform, scaled by the square
     * root of the fan-in, as an initialisation would).
     */
    public static double[][] mlp784() {
        SplittableRandom r = new SplittableRandom(7);
        int d = 784;
        int h = 128;
        int k = 10;
        double[] x = new double[d];
        for (int i = 0; i < d; i++) {
            x[i] = r.nextDouble();
        }
        double[] label = new double[k];
        label[3] = 1;
        double[] w1 = uniform(r, h * d, 1 / Math.sqrt(d));
        double[] b1 = uniform(r, h, 0.1);
        double[] w2 = uniform(r, k * h, 1 / Math.sqrt(h));
        double[] b2 = uniform(r, k, 0.1);
        return new double[][] {x, label, w1, b1, w2, b2};
    }

    /**
     * k, c, x0, v0, dt: a lightly damped oscillator from rest at x = 1, integrated to time 10
     * whatever the number of steps (dt = 10 / T), so that every T stays in the same range.
     */
    public static double[] oscillator(int steps) {
        return new double[] {1.0, 0.1, 1.0, 0.0, 10.0 / steps};
    }

    /**
     * X (m × p, standard normal), y (drawn from the logistic model with {@link #LOGREG_TRUE_W} and
     * {@link #LOGREG_TRUE_B}), w (half the true weights), b (0): a point on the way to the minimum,
     * where the gradient is not small.
     */
    public static double[][] logreg(int m, int p) {
        SplittableRandom r = new SplittableRandom(8);
        double[] x = new double[m * p];
        double[] y = new double[m];
        double[] w = new double[p];
        for (int f = 0; f < p; f++) {
            w[f] = LOGREG_TRUE_W[f % LOGREG_TRUE_W.length] / 2;
        }
        for (int s = 0; s < m; s++) {
            double z = LOGREG_TRUE_B;
            for (int f = 0; f < p; f++) {
                double v = r.nextGaussian();
                x[s * p + f] = v;
                z += v * LOGREG_TRUE_W[f % LOGREG_TRUE_W.length];
            }
            y[s] = r.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
        }
        return new double[][] {x, y, w, {0.0}};
    }

    private static double[] uniform(SplittableRandom r, int n, double half) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = Points.uniform(r, -half, half);
        }
        return v;
    }
}
