package io.github.chainrule.bench;

import io.github.chainrule.bench.ds.DsFunctions;
import io.github.chainrule.bench.generated.Lj20;
import io.github.chainrule.bench.hand.HandLj;
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
 * lj20.chain at one point: the generated class against the hand-written code and
 * DerivativeStructure. Trial setup checks that every implementation agrees with the generated
 * gradient before anything is timed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
        value = 2,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
public class LjBench {
    private double[] x;
    private double[] grad;

    @Setup(Level.Trial)
    public void setUp() {
        Checks.verify(Impl.named("lj20"));
        x = Points.lj20();
        grad = new double[Lj20.wrt().size()];
    }

    /** The generated forward pass. */
    @Benchmark
    public void forwardGenerated(Blackhole bh) {
        bh.consume(Lj20.forward(x));
    }

    /** The generated gradient: value and gradient in one call. */
    @Benchmark
    public void gradientGenerated(Blackhole bh) {
        bh.consume(Lj20.gradient(x, grad));
    }

    /** The hand-written forward pass. */
    @Benchmark
    public void forwardHand(Blackhole bh) {
        bh.consume(HandLj.forward(x));
    }

    /** The hand-written gradient. */
    @Benchmark
    public void gradientHand(Blackhole bh) {
        bh.consume(HandLj.gradient(x, grad));
    }

    /** commons-math3 DerivativeStructure (forward-mode AD), value and gradient. */
    @Benchmark
    public void gradientDerivativeStructure(Blackhole bh) {
        bh.consume(DsFunctions.lj(x, grad));
    }
}
