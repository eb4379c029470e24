package io.github.chainrule.bench;

import java.util.SplittableRandom;

/**
 * The points every benchmark evaluates at, one per program, in the generated array layout (the
 * program's {@code input} order). Fixed seeds: every run, every implementation and the PyTorch
 * script (through {@code points.json}) use the same numbers.
 */
public final class Points {
    private Points() {}

    /** x1, x2, x3, y, w1, w2, w3, b. */
    public static double[] neuron() {
        SplittableRandom r = new SplittableRandom(1);
        double[] x = new double[8];
        for (int i = 0; i < 3; i++) {
            x[i] = uniform(r, -1, 1);
        }
        x[3] = 1;
        for (int i = 4; i < 7; i++) {
            x[i] = uniform(r, -0.5, 0.5);
        }
        x[7] = 0.1;
        return x;
    }

    /** x0..x3, y, then per hidden unit j: W1_j_0..W1_j_3, b1_j; then W2_0..W2_7, b2. */
    public static double[] mlp() {
        SplittableRandom r = new SplittableRandom(2);
        double[] x = new double[54];
        for (int i = 0; i < 4; i++) {
            x[i] = uniform(r, -1, 1);
        }
        x[4] = 0.3;
        mlpParameters(r, x);
        return x;
    }

    /** Fills the parameters of an mlp input (from index 5) as {@link #mlp()} does. */
    static void mlpParameters(SplittableRandom r, double[] x) {
        for (int j = 0; j < 8; j++) {
            for (int i = 0; i < 4; i++) {
                x[5 + 5 * j + i] = uniform(r, -0.5, 0.5);
            }
            x[5 + 5 * j + 4] = uniform(r, -0.1, 0.1);
        }
        for (int j = 0; j < 8; j++) {
            x[45 + j] = uniform(r, -0.5, 0.5);
        }
        x[53] = 0.05;
    }

    public static double[] rosenbrock100() {
        SplittableRandom r = new SplittableRandom(3);
        double[] x = new double[100];
        for (int i = 0; i < x.length; i++) {
            x[i] = uniform(r, -1.2, 1.2);
        }
        return x;
    }

    /** x0, y0, z0, x1, …: 20 particles on a jittered cubic lattice near the potential's minimum. */
    public static double[] lj20() {
        SplittableRandom r = new SplittableRandom(4);
        double[] x = new double[60];
        double spacing = 1.12;
        for (int p = 0; p < 20; p++) {
            int i = p % 3;
            int j = (p / 3) % 3;
            int k = p / 9;
            x[3 * p] = spacing * i + uniform(r, -0.05, 0.05);
            x[3 * p + 1] = spacing * j + uniform(r, -0.05, 0.05);
            x[3 * p + 2] = spacing * k + uniform(r, -0.05, 0.05);
        }
        return x;
    }

    /** x, a. */
    public static double[] chain1000() {
        return new double[] {0.5, 0.9};
    }

    /** u0..u19. */
    public static double[] random10000() {
        SplittableRandom r = new SplittableRandom(6);
        double[] x = new double[20];
        for (int i = 0; i < x.length; i++) {
            x[i] = uniform(r, -1, 1);
        }
        return x;
    }

    static double uniform(SplittableRandom r, double lo, double hi) {
        return lo + (hi - lo) * r.nextDouble();
    }
}
