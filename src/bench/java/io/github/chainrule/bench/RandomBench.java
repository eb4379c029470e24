package io.github.chainrule.bench;

import io.github.chainrule.bench.ds.DsTape;
import io.github.chainrule.bench.generated.Random10000;
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
 * random10000.chain at one point: the generated class against DerivativeStructure. Trial setup
 * checks that every implementation agrees with the generated gradient before anything is timed. The
 * warm-up is longer than the other programs': the generated class has some 170 methods of up to
 * 8,000 bytes of bytecode, and HotSpot's C2 needs 10-20 s of compilation on two cores to compile
 * them all (measured with -XX:+CITime; until then the gradient runs up to five times slower: 8
 * warm-up seconds, as before 2026-12-07, measured 335 µs for a gradient whose steady state was then
 * about 100 µs).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
        value = 2,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 25, time = 1) // 170 generated methods: C2 needs 10-20 s to compile them all
@Measurement(iterations = 4, time = 1)
public class RandomBench {
    private double[] x;
    private double[] grad;
    private DsTape tape;

    @Setup(Level.Trial)
    public void setUp() {
        Checks.verify(Impl.named("random10000"));
        x = Points.random10000();
        grad = new double[Random10000.wrt().size()];
        tape = Impl.randomTape();
    }

    /** The generated forward pass. */
    @Benchmark
    public void forwardGenerated(Blackhole bh) {
        bh.consume(Random10000.forward(x));
    }

    /** The generated gradient: value and gradient in one call. */
    @Benchmark
    public void gradientGenerated(Blackhole bh) {
        bh.consume(Random10000.gradient(x, grad));
    }

    /** commons-math3 DerivativeStructure (forward-mode AD), value and gradient. */
    @Benchmark
    public void gradientDerivativeStructure(Blackhole bh) {
        bh.consume(tape.gradient(x, grad));
    }
}
