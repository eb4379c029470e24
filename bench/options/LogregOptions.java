import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.DoubleSupplier;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * What the two opt-in targets the README's "Numbers" discusses would give, measured before either
 * is built: logistic regression's loss and gradient (logreg.chain, m = 10^6 samples, p = 10) written
 * by hand three ways, checked against each other, then timed in turn.
 *
 * <ul>
 *   <li>scalar: one core, four samples at a time (as {@code hand/HandLogreg} in src/bench);
 *   <li>chunked: the same loop over fixed chunks of 8,192 samples, the chunks spread over T
 *       threads and their partial sums added in chunk order, so the result does not depend on T;
 *   <li>vector: {@code jdk.incubator.vector}: the dot products four rows at a time into a buffer of
 *       256 samples, then {@code exp}, {@code log1p} and the sigmoid on whole vectors
 *       ({@code SPECIES_PREFERRED}), then the gradient's rows; and the vector loop chunked as well.
 * </ul>
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector bench/options/LogregOptions.java} (JDK 17
 * or later; prints nanoseconds per sample, the fastest of 15 rounds after a warm-up). Not part of
 * the build or of bench/run.
 */
public final class LogregOptions {
    static final int M = 1_000_000;
    static final int P = 10;
    static final int CHUNK = 8192;
    static final int BUF = 256;
    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    interface Kernel {
        /** Loss sum (not divided by m) and the gradient sums over samples [from, to) into g. */
        double run(int from, int to, double[] X, double[] y, double[] w, double b, double[] g);
    }

    public static void main(String[] args) throws Exception {
        Random r = new Random(42);
        double[] X = new double[M * P];
        for (int i = 0; i < X.length; i++) {
            X[i] = r.nextGaussian();
        }
        double[] truth = new double[P];
        for (int f = 0; f < P; f++) {
            truth[f] = r.nextGaussian();
        }
        double[] y = new double[M];
        for (int s = 0; s < M; s++) {
            double z = 0.3;
            for (int f = 0; f < P; f++) {
                z += X[s * P + f] * truth[f];
            }
            y[s] = r.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
        }
        double[] w = new double[P];
        for (int f = 0; f < P; f++) {
            w[f] = truth[f] / 2;
        }
        double b = 0.1;
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        ExecutorService pool = Executors.newFixedThreadPool(threads);

        double[] gScalar = new double[P + 1];
        double[] gChunked = new double[P + 1];
        double[] gVector = new double[P + 1];
        double[] gBoth = new double[P + 1];
        double lScalar = whole(LogregOptions::scalar, X, y, w, b, gScalar);
        double lChunked = chunked(pool, threads, LogregOptions::scalar, X, y, w, b, gChunked);
        double lVector = whole(LogregOptions::vector, X, y, w, b, gVector);
        double lBoth = chunked(pool, threads, LogregOptions::vector, X, y, w, b, gBoth);
        check("chunked", lScalar, gScalar, lChunked, gChunked);
        check("vector", lScalar, gScalar, lVector, gVector);
        check("vector, chunked", lScalar, gScalar, lBoth, gBoth);

        String[] names = {
            "scalar, 1 thread",
            "chunked, " + threads + " threads",
            "vector (" + S.length() + " lanes), 1 thread",
            "vector, chunked, " + threads + " threads"
        };
        DoubleSupplier[] calls = {
            () -> whole(LogregOptions::scalar, X, y, w, b, gScalar),
            () -> chunked(pool, threads, LogregOptions::scalar, X, y, w, b, gChunked),
            () -> whole(LogregOptions::vector, X, y, w, b, gVector),
            () -> chunked(pool, threads, LogregOptions::vector, X, y, w, b, gBoth)
        };
        double sink = 0;
        for (int k = 0; k < calls.length; k++) {
            long start = System.nanoTime();
            while (System.nanoTime() - start < 3_000_000_000L) {
                sink += calls[k].getAsDouble();
            }
        }
        double[] best = new double[calls.length];
        Arrays.fill(best, Double.MAX_VALUE);
        for (int round = 0; round < 15; round++) {
            for (int k = 0; k < calls.length; k++) {
                long start = System.nanoTime();
                sink += calls[k].getAsDouble();
                best[k] = Math.min(best[k], (System.nanoTime() - start) / (double) M);
            }
        }
        pool.shutdown();
        System.out.printf(
                Locale.ROOT,
                "logreg loss and gradient, m = %d, p = %d, %d cores (sink %.3g)%n",
                M,
                P,
                Runtime.getRuntime().availableProcessors(),
                sink);
        for (int k = 0; k < calls.length; k++) {
            System.out.printf(
                    Locale.ROOT,
                    "  %-32s %6.2f ns/sample  (%.2fx the scalar loop)%n",
                    names[k],
                    best[k],
                    best[0] / best[k]);
        }
    }

    static double whole(Kernel k, double[] X, double[] y, double[] w, double b, double[] g) {
        Arrays.fill(g, 0);
        double loss = k.run(0, M, X, y, w, b, g);
        for (int f = 0; f <= P; f++) {
            g[f] /= M;
        }
        return loss / M;
    }

    /** Fixed chunks, partial sums added in chunk order: the same bits for any thread count. */
    static double chunked(
            ExecutorService pool,
            int threads,
            Kernel k,
            double[] X,
            double[] y,
            double[] w,
            double b,
            double[] g) {
        int chunks = (M + CHUNK - 1) / CHUNK;
        double[][] partial = new double[chunks][P + 2];
        try {
            Future<?>[] done = new Future<?>[threads];
            for (int t = 0; t < threads; t++) {
                int first = t;
                done[t] =
                        pool.submit(
                                () -> {
                                    for (int c = first; c < chunks; c += threads) {
                                        double[] part = partial[c];
                                        int to = Math.min(M, (c + 1) * CHUNK);
                                        part[P + 1] = k.run(c * CHUNK, to, X, y, w, b, part);
                                    }
                                });
            }
            for (Future<?> f : done) {
                f.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Arrays.fill(g, 0);
        double loss = 0;
        for (double[] part : partial) {
            for (int f = 0; f <= P; f++) {
                g[f] += part[f];
            }
            loss += part[P + 1];
        }
        for (int f = 0; f <= P; f++) {
            g[f] /= M;
        }
        return loss / M;
    }

    /** One core, four samples at a time: the exp calls, then the log1p calls, grouped. */
    static double scalar(int from, int to, double[] X, double[] y, double[] w, double b, double[] g) {
        double loss = 0;
        double gb = 0;
        int s = from;
        for (; s + 3 < to; s += 4) {
            int r0 = s * P;
            int r1 = r0 + P;
            int r2 = r1 + P;
            int r3 = r2 + P;
            double z0 = b, z1 = b, z2 = b, z3 = b;
            for (int f = 0; f < P; f++) {
                double wf = w[f];
                z0 += X[r0 + f] * wf;
                z1 += X[r1 + f] * wf;
                z2 += X[r2 + f] * wf;
                z3 += X[r3 + f] * wf;
            }
            double e0 = Math.exp(-Math.abs(z0));
            double e1 = Math.exp(-Math.abs(z1));
            double e2 = Math.exp(-Math.abs(z2));
            double e3 = Math.exp(-Math.abs(z3));
            double l0 = Math.log1p(e0);
            double l1 = Math.log1p(e1);
            double l2 = Math.log1p(e2);
            double l3 = Math.log1p(e3);
            loss += Math.max(z0, 0) + l0 - y[s] * z0;
            loss += Math.max(z1, 0) + l1 - y[s + 1] * z1;
            loss += Math.max(z2, 0) + l2 - y[s + 2] * z2;
            loss += Math.max(z3, 0) + l3 - y[s + 3] * z3;
            double d0 = (z0 >= 0 ? 1 : e0) / (1 + e0) - y[s];
            double d1 = (z1 >= 0 ? 1 : e1) / (1 + e1) - y[s + 1];
            double d2 = (z2 >= 0 ? 1 : e2) / (1 + e2) - y[s + 2];
            double d3 = (z3 >= 0 ? 1 : e3) / (1 + e3) - y[s + 3];
            gb += (d0 + d1) + (d2 + d3);
            for (int f = 0; f < P; f++) {
                g[f] += X[r0 + f] * d0 + X[r1 + f] * d1 + X[r2 + f] * d2 + X[r3 + f] * d3;
            }
        }
        for (; s < to; s++) {
            int r = s * P;
            double z = b;
            for (int f = 0; f < P; f++) {
                z += X[r + f] * w[f];
            }
            double e = Math.exp(-Math.abs(z));
            loss += Math.max(z, 0) + Math.log1p(e) - y[s] * z;
            double d = (z >= 0 ? 1 : e) / (1 + e) - y[s];
            gb += d;
            for (int f = 0; f < P; f++) {
                g[f] += X[r + f] * d;
            }
        }
        g[P] += gb;
        return loss;
    }

    /** Dot products into a buffer, then exp, log1p and the sigmoid a vector at a time. */
    static double vector(int from, int to, double[] X, double[] y, double[] w, double b, double[] g) {
        double[] z = new double[BUF];
        double[] d = new double[BUF];
        DoubleVector lossLanes = DoubleVector.zero(S);
        DoubleVector gbLanes = DoubleVector.zero(S);
        DoubleVector one = DoubleVector.broadcast(S, 1.0);
        for (int start = from; start < to; start += BUF) {
            int n = Math.min(BUF, to - start);
            int i = 0;
            for (; i + 3 < n; i += 4) {
                int r0 = (start + i) * P;
                int r1 = r0 + P;
                int r2 = r1 + P;
                int r3 = r2 + P;
                double z0 = b, z1 = b, z2 = b, z3 = b;
                for (int f = 0; f < P; f++) {
                    double wf = w[f];
                    z0 += X[r0 + f] * wf;
                    z1 += X[r1 + f] * wf;
                    z2 += X[r2 + f] * wf;
                    z3 += X[r3 + f] * wf;
                }
                z[i] = z0;
                z[i + 1] = z1;
                z[i + 2] = z2;
                z[i + 3] = z3;
            }
            for (; i < n; i++) {
                int r = (start + i) * P;
                double zi = b;
                for (int f = 0; f < P; f++) {
                    zi += X[r + f] * w[f];
                }
                z[i] = zi;
            }
            for (int k = 0; k < n; k += S.length()) {
                VectorMask<Double> m = S.indexInRange(k, n);
                DoubleVector zv = DoubleVector.fromArray(S, z, k, m);
                DoubleVector yv = DoubleVector.fromArray(S, y, start + k, m);
                DoubleVector e = zv.abs().neg().lanewise(VectorOperators.EXP);
                DoubleVector l = e.lanewise(VectorOperators.LOG1P);
                DoubleVector loss = zv.max(0.0).add(l).sub(yv.mul(zv));
                lossLanes = lossLanes.add(loss, m);
                DoubleVector num = one.blend(e, zv.compare(VectorOperators.LT, 0.0));
                DoubleVector dv = num.div(one.add(e)).sub(yv);
                gbLanes = gbLanes.add(dv, m);
                dv.intoArray(d, k, m);
            }
            i = 0;
            for (; i + 3 < n; i += 4) {
                int r0 = (start + i) * P;
                int r1 = r0 + P;
                int r2 = r1 + P;
                int r3 = r2 + P;
                double d0 = d[i], d1 = d[i + 1], d2 = d[i + 2], d3 = d[i + 3];
                for (int f = 0; f < P; f++) {
                    g[f] += X[r0 + f] * d0 + X[r1 + f] * d1 + X[r2 + f] * d2 + X[r3 + f] * d3;
                }
            }
            for (; i < n; i++) {
                int r = (start + i) * P;
                for (int f = 0; f < P; f++) {
                    g[f] += X[r + f] * d[i];
                }
            }
        }
        g[P] += gbLanes.reduceLanes(VectorOperators.ADD);
        return lossLanes.reduceLanes(VectorOperators.ADD);
    }

    static void check(String what, double loss, double[] g, double loss2, double[] g2) {
        double worst = Math.abs(loss - loss2) / Math.abs(loss);
        double scale = 0;
        for (double v : g) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int f = 0; f <= P; f++) {
            worst = Math.max(worst, Math.abs(g[f] - g2[f]) / scale);
        }
        if (!(worst < 1e-9)) {
            throw new AssertionError(what + " differs from the scalar loop by " + worst);
        }
        System.out.printf(Locale.ROOT, "%s agrees with the scalar loop to %.1e%n", what, worst);
    }
}
