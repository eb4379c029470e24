package io.github.chainrule.bench;

import io.github.chainrule.bench.generated.Logreg;
import io.github.chainrule.bench.generated.LogregParallel;
import io.github.chainrule.bench.hand.HandLogreg;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * logreg.chain (indexed) over m = 10⁶ samples of p = 10 features in one call (80 MB of X): the
 * generated loops against the hand-written ones, and the class generated with {@code --parallel}
 * (its loops over the samples split over the cores in fixed chunks).
 * {@code @OperationsPerInvocation} makes the score nanoseconds per sample. Trial setup checks that
 * they agree before anything is timed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
        value = 2,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 4, time = 2)
@OperationsPerInvocation(IndexedCase.LOGREG_SAMPLES)
public class IndexedLogregBench {
    private static final int M = IndexedCase.LOGREG_SAMPLES;
    private static final int P = IndexedCase.LOGREG_FEATURES;

    private double[] x;
    private double[] y;
    private double[] w;
    private double b;
    private double[] grad;

    @Setup(Level.Trial)
    public void setUp() {
        IndexedCase c = IndexedCase.logreg(M, P);
        Checks.verify(c);
        x = (double[]) c.inputs().get("X");
        y = (double[]) c.inputs().get("y");
        w = (double[]) c.inputs().get("w");
        b = (Double) c.inputs().get("b");
        grad = new double[Logreg.gradLength(M, P)];
        parallelAgrees();
    }

    /** The parallel class's loss and gradient are the sequential one's to 1e-12 relative. */
    private void parallelAgrees() {
        double[] g = new double[grad.length];
        double[] gp = new double[grad.length];
        double v = Logreg.gradient(M, P, x, y, w, b, g);
        double vp = LogregParallel.gradient(M, P, x, y, w, b, gp);
        for (int i = -1; i < g.length; i++) {
            double e = i < 0 ? v : g[i];
            double a = i < 0 ? vp : gp[i];
            if (!(Math.abs(a - e) <= 1e-12 * Math.abs(e))) {
                throw new IllegalStateException(
                        "LogregParallel "
                                + (i < 0 ? "value" : "grad[" + i + "]")
                                + ": "
                                + a
                                + " vs "
                                + e);
            }
        }
    }

    /** The generated loss. */
    @Benchmark
    public void forwardGenerated(Blackhole bh) {
        bh.consume(Logreg.forward(M, P, x, y, w, b));
    }

    /** The generated loss and gradient. */
    @Benchmark
    public void gradientGenerated(Blackhole bh) {
        bh.consume(Logreg.gradient(M, P, x, y, w, b, grad));
    }

    /** The generated loss, generated with --parallel. */
    @Benchmark
    public void forwardGeneratedParallel(Blackhole bh) {
        bh.consume(LogregParallel.forward(M, P, x, y, w, b));
    }

    /** The generated loss and gradient, generated with --parallel. */
    @Benchmark
    public void gradientGeneratedParallel(Blackhole bh) {
        bh.consume(LogregParallel.gradient(M, P, x, y, w, b, grad));
    }

    /** The hand-written loss. */
    @Benchmark
    public void forwardHand(Blackhole bh) {
        bh.consume(HandLogreg.forward(M, P, x, y, w, b));
    }

    /** The hand-written loss and gradient. */
    @Benchmark
    public void gradientHand(Blackhole bh) {
        bh.consume(HandLogreg.gradient(M, P, x, y, w, b, grad));
    }
}
