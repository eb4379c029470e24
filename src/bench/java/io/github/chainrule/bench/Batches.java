package io.github.chainrule.bench;

import java.util.SplittableRandom;

/**
 * The batched case's data: {@link #SAMPLES} samples in one row-major array, each sample's inputs
 * followed by its target, with the parameters fixed at the single-point benchmark's values; and the
 * check, before measuring, that the generated and hand-written sums agree. The measured loops stay
 * written out in each benchmark: each calls its code directly, as a user's loop would.
 */
final class Batches {
    static final int SAMPLES = 1_000_000;

    private Batches() {}

    /**
     * {@code double gradient(double[] x, double[] grad)}: the generated or the hand-written code.
     */
    interface Gradient {
        double apply(double[] x, double[] grad);
    }

    /**
     * The loss and each gradient entry summed over the first thousand samples of {@code data}
     * ({@code width} values per sample, copied into the front of {@code x}) agree between the
     * generated and the hand-written code; stops the run otherwise.
     */
    static void checkSums(
            String name,
            double[] data,
            int width,
            double[] x,
            int wrt,
            Gradient generated,
            Gradient hand) {
        double[] g = new double[wrt];
        double[] h = new double[wrt];
        double[] gs = new double[wrt + 1];
        double[] hs = new double[wrt + 1];
        for (int s = 0; s < 1000; s++) {
            System.arraycopy(data, width * s, x, 0, width);
            gs[0] += generated.apply(x, g);
            hs[0] += hand.apply(x, h);
            for (int i = 0; i < wrt; i++) {
                gs[i + 1] += g[i];
                hs[i + 1] += h[i];
            }
        }
        Checks.check(name + " batch: hand-written sums", gs, hs, new java.util.ArrayList<>());
    }

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
            d[5 * s + 4] =
                    Math.sin(x0) + 0.5 * x1 * x2 - 0.25 * x3 + Points.uniform(r, -0.05, 0.05);
        }
        return d;
    }
}
