package io.github.chainrule.bench;

import io.github.chainrule.bench.generated.Neuron;
import io.github.chainrule.bench.hand.HandNeuron;
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
 * neuron.chain over a batch: the loss (and its gradient) summed over {@link Batches#SAMPLES}
 * samples with fixed parameters, the generated (or hand-written) code called in a plain loop on a
 * reused input array whose parameter slots are set once. Scores are nanoseconds per sample.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
        value = 2,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 4, time = 1)
public class NeuronBatchBench {
    private double[] data;
    private double[] x;
    private double[] grad;
    private double[] sum;

    @Setup(Level.Trial)
    public void setUp() {
        data = Batches.neuronData(Batches.SAMPLES);
        x = Points.neuron();
        grad = new double[Neuron.wrt().size()];
        sum = new double[grad.length];
        Batches.checkSums(
                "neuron", data, 4, x, grad.length, Neuron::gradient, HandNeuron::gradient);
    }

    /** The loss summed over every sample, generated code; the score is per sample. */
    @Benchmark
    @OperationsPerInvocation(Batches.SAMPLES)
    public void forwardGenerated(Blackhole bh) {
        double[] x = this.x;
        double[] d = data;
        double loss = 0;
        for (int s = 0, o = 0; s < Batches.SAMPLES; s++, o += 4) {
            x[0] = d[o];
            x[1] = d[o + 1];
            x[2] = d[o + 2];
            x[3] = d[o + 3];
            loss += Neuron.forward(x);
        }
        bh.consume(loss);
    }

    /**
     * The loss and its gradient summed over every sample, generated code; the score is per sample.
     */
    @Benchmark
    @OperationsPerInvocation(Batches.SAMPLES)
    public void gradientGenerated(Blackhole bh) {
        double[] x = this.x;
        double[] d = data;
        double[] g = grad;
        double[] sum = this.sum;
        java.util.Arrays.fill(sum, 0.0);
        double loss = 0;
        for (int s = 0, o = 0; s < Batches.SAMPLES; s++, o += 4) {
            x[0] = d[o];
            x[1] = d[o + 1];
            x[2] = d[o + 2];
            x[3] = d[o + 3];
            loss += Neuron.gradient(x, g);
            for (int i = 0; i < g.length; i++) {
                sum[i] += g[i];
            }
        }
        bh.consume(loss);
        bh.consume(sum);
    }

    /** The loss summed over every sample, hand-written code; the score is per sample. */
    @Benchmark
    @OperationsPerInvocation(Batches.SAMPLES)
    public void forwardHand(Blackhole bh) {
        double[] x = this.x;
        double[] d = data;
        double loss = 0;
        for (int s = 0, o = 0; s < Batches.SAMPLES; s++, o += 4) {
            x[0] = d[o];
            x[1] = d[o + 1];
            x[2] = d[o + 2];
            x[3] = d[o + 3];
            loss += HandNeuron.forward(x);
        }
        bh.consume(loss);
    }

    /**
     * The loss and its gradient summed over every sample, hand-written code; the score is per
     * sample.
     */
    @Benchmark
    @OperationsPerInvocation(Batches.SAMPLES)
    public void gradientHand(Blackhole bh) {
        double[] x = this.x;
        double[] d = data;
        double[] g = grad;
        double[] sum = this.sum;
        java.util.Arrays.fill(sum, 0.0);
        double loss = 0;
        for (int s = 0, o = 0; s < Batches.SAMPLES; s++, o += 4) {
            x[0] = d[o];
            x[1] = d[o + 1];
            x[2] = d[o + 2];
            x[3] = d[o + 3];
            loss += HandNeuron.gradient(x, g);
            for (int i = 0; i < g.length; i++) {
                sum[i] += g[i];
            }
        }
        bh.consume(loss);
        bh.consume(sum);
    }
}
