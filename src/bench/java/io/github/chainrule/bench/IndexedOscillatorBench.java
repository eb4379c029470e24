package io.github.chainrule.bench;

import io.github.chainrule.bench.generated.Oscillator;
import io.github.chainrule.bench.generated.Oscillator100000;
import io.github.chainrule.bench.hand.HandOscillator;
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
 * oscillator.chain (indexed, a recurrence over T steps; T is fixed in the source, so each T is its
 * own generated class: {@code Oscillator} from examples/indexed/oscillator.chain with T = 1000,
 * {@code Oscillator100000} from the same source with T = 100000) against the hand-written loops in
 * reverse mode and in forward mode. Trial setup checks that all agree before anything is timed. The
 * branch on T costs nothing next to a thousand steps.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
        value = 2,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
public class IndexedOscillatorBench {
    @Param({"1000", "100000"})
    public int steps;

    private double k;
    private double c;
    private double x0;
    private double v0;
    private double dt;
    private double[] grad;
    private HandOscillator hand;

    @Setup(Level.Trial)
    public void setUp() {
        Checks.verify(IndexedCase.oscillator(steps));
        double[] p = IndexedPoints.oscillator(steps);
        k = p[0];
        c = p[1];
        x0 = p[2];
        v0 = p[3];
        dt = p[4];
        grad = new double[5];
        hand = new HandOscillator();
    }

    /** The generated forward pass. */
    @Benchmark
    public void forwardGenerated(Blackhole bh) {
        bh.consume(
                steps == 1000
                        ? Oscillator.forward(k, c, x0, v0, dt)
                        : Oscillator100000.forward(k, c, x0, v0, dt));
    }

    /** The generated gradient: value and gradient in one call. */
    @Benchmark
    public void gradientGenerated(Blackhole bh) {
        bh.consume(
                steps == 1000
                        ? Oscillator.gradient(k, c, x0, v0, dt, grad)
                        : Oscillator100000.gradient(k, c, x0, v0, dt, grad));
    }

    /** The hand-written forward pass. */
    @Benchmark
    public void forwardHand(Blackhole bh) {
        bh.consume(hand.forward(steps, k, c, x0, v0, dt));
    }

    /** The hand-written gradient in reverse mode (the trajectory stored, then read backwards). */
    @Benchmark
    public void gradientHand(Blackhole bh) {
        bh.consume(hand.gradient(steps, k, c, x0, v0, dt, grad));
    }

    /** The hand-written gradient in forward mode (five tangents carried along, no storage). */
    @Benchmark
    public void gradientHandForwardMode(Blackhole bh) {
        bh.consume(HandOscillator.gradientTangent(steps, k, c, x0, v0, dt, grad));
    }
}
