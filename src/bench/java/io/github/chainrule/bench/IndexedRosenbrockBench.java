package io.github.chainrule.bench;

import io.github.chainrule.bench.generated.Rosenbrock;
import io.github.chainrule.bench.hand.HandRosenbrockLoops;
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
 * rosenbrock.chain (indexed, any n) at n dimensions: the generated loops against the hand-written
 * ones; from in the first-level cache (n = 100) to main memory (n = 10⁶: 8 MB of x and 8 MB of
 * gradient). Trial setup checks that both implementations agree before anything is timed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
        value = 2,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
public class IndexedRosenbrockBench {
    @Param({"100", "10000", "1000000"})
    public int n;

    private double[] x;
    private double[] grad;

    @Setup(Level.Trial)
    public void setUp() {
        Checks.verify(IndexedCase.rosenbrock(n));
        x = IndexedPoints.rosenbrock(n);
        grad = new double[Rosenbrock.gradLength(n)];
    }

    /** The generated forward pass. */
    @Benchmark
    public void forwardGenerated(Blackhole bh) {
        bh.consume(Rosenbrock.forward(n, x));
    }

    /** The generated gradient: value and gradient in one call. */
    @Benchmark
    public void gradientGenerated(Blackhole bh) {
        bh.consume(Rosenbrock.gradient(n, x, grad));
    }

    /** The hand-written forward pass. */
    @Benchmark
    public void forwardHand(Blackhole bh) {
        bh.consume(HandRosenbrockLoops.forward(n, x));
    }

    /** The hand-written gradient. */
    @Benchmark
    public void gradientHand(Blackhole bh) {
        bh.consume(HandRosenbrockLoops.gradient(n, x, grad));
    }
}
