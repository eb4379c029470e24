package io.github.chainrule.bench;

import java.util.SplittableRandom;

/**
 * The batched case's data: {@link #SAMPLES} samples in one row-major array, each sample's inputs
 * followed by its target, with the parameters fixed at the single-point benchmark's values.
 */
final class Batches {
    static final int SAMPLES = 1_000_000;

    private Batches() {}

    /** x1, x2, x3, y per sample; y drawn from the neuron with slightly different weights. */
    static double[] neuronData(int samples) {
        SplittableRandom r = new SplittableRandom(11);
        double[] d = new double[4 * samples];
        for (int s = 0; s < samples; s++) {
            double x1 = Points.uniform(r, -1, 1);
            double x2 = Points.uniform(r, -1, 1);
            double x3 = Points.uniform(r, -1, 1);
            double p = 1 / (1 + Math.exp(-(0.8 * x1 - 0.5 * x2 + 0.3 * x3 + 0.2)));
            d[4 * s] = x1;
            d[4 * s + 1] = x2;
            d[4 * s + 2] = x3;
            d[4 * s + 3] = r.nextDouble() < p ? 1 : 0;
        }
        return d;
    }

    /** x0..x3, y per sample; y a smooth function of x plus noise. */
    static double[] mlpData(int samples) {
        SplittableRandom r = new SplittableRandom(12);
        double[] d = new double[5 * samples];
        for (int s = 0; s < samples; s++) {
            double x0 = Points.uniform(r, -1, 1);
            double x1 = Points.uniform(r, -1, 1);
            double x2 = Points.uniform(r, -1, 1);
            double x3 = Points.uniform(r, -1, 1);
            d[5 * s] = x0;
            d[5 * s + 1] = x1;
            d[5 * s + 2] = x2;
            d[5 * s + 3] = x3;
            d[5 * s + 4] = Math.sin(x0) + 0.5 * x1 * x2 - 0.25 * x3 + Points.uniform(r, -0.05, 0.05);
        }
        return d;
    }
}
