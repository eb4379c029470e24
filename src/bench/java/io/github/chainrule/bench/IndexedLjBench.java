package io.github.chainrule.bench;

import io.github.chainrule.bench.generated.Lj;
import io.github.chainrule.bench.hand.HandLjLoops;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * lj.chain (indexed, any n) at n particles: the generated loops against the hand-written ones. At n
 * = 20 the particles are lj20.chain's, so that the scalar {@code LjBench} row compares with this
 * one. Trial setup checks that both implementations agree before anything is timed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
        value = 2,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
public class IndexedLjBench {
    @Param({"20", "100", "1000"})
    public int particles;

    private double[] x;
    private double[] y;
    private double[] z;
    private double[] grad;

    @Setup(Level.Trial)
    public void setUp() {
        Checks.verify(IndexedCase.lj(particles));
        double[][] in = IndexedPoints.lj(particles);
        x = in[0];
        y = in[1];
        z = in[2];
        grad = new double[Lj.gradLength(particles)];
    }

    /** The generated forward pass. */
    @Benchmark
    public void forwardGenerated(Blackhole bh) {
        bh.consume(Lj.forward(particles, x, y, z));
    }

    /** The generated gradient: value and gradient in one call. */
    @Benchmark
    public void gradientGenerated(Blackhole bh) {
        bh.consume(Lj.gradient(particles, x, y, z, grad));
    }

    /** The hand-written forward pass. */
    @Benchmark
    public void forwardHand(Blackhole bh) {
        bh.consume(HandLjLoops.forward(particles, x, y, z));
    }

    /** The hand-written gradient. */
    @Benchmark
    public void gradientHand(Blackhole bh) {
        bh.consume(HandLjLoops.gradient(particles, x, y, z, grad));
    }
}
