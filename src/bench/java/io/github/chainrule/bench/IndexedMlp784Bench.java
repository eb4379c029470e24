package io.github.chainrule.bench;

import io.github.chainrule.bench.generated.Mlp784;
import io.github.chainrule.bench.hand.HandMlp784;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * mlp784.chain (indexed, sizes fixed: a 784-128-10 network) on one sample: the generated loops
 * against the hand-written ones. Trial setup checks that both agree before anything is timed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
        value = 2,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
public class IndexedMlp784Bench {
    private double[] x;
    private double[] label;
    private double[] w1;
    private double[] b1;
    private double[] w2;
    private double[] b2;
    private double[] grad;
    private HandMlp784 hand;

    @Setup(Level.Trial)
    public void setUp() {
        Checks.verify(IndexedCase.mlp784());
        double[][] in = IndexedPoints.mlp784();
        x = in[0];
        label = in[1];
        w1 = in[2];
        b1 = in[3];
        w2 = in[4];
        b2 = in[5];
        grad = new double[Mlp784.gradLength()];
        hand = new HandMlp784();
    }

    /** The generated forward pass. */
    @Benchmark
    public void forwardGenerated(Blackhole bh) {
        bh.consume(Mlp784.forward(x, label, w1, b1, w2, b2));
    }

    /** The generated gradient: value and gradient in one call. */
    @Benchmark
    public void gradientGenerated(Blackhole bh) {
        bh.consume(Mlp784.gradient(x, label, w1, b1, w2, b2, grad));
    }

    /** The hand-written forward pass. */
    @Benchmark
    public void forwardHand(Blackhole bh) {
        bh.consume(hand.forward(x, label, w1, b1, w2, b2));
    }

    /** The hand-written gradient. */
    @Benchmark
    public void gradientHand(Blackhole bh) {
        bh.consume(hand.gradient(x, label, w1, b1, w2, b2, grad));
    }
}
