package io.github.chainrule.bench;

import io.github.chainrule.bench.ds.DsFunctions;
import io.github.chainrule.bench.ds.DsTape;
import io.github.chainrule.bench.generated.Chain1000;
import io.github.chainrule.bench.generated.Lj20;
import io.github.chainrule.bench.generated.Mlp;
import io.github.chainrule.bench.generated.Neuron;
import io.github.chainrule.bench.generated.Random10000;
import io.github.chainrule.bench.generated.Rosenbrock100;
import io.github.chainrule.bench.hand.HandChain;
import io.github.chainrule.bench.hand.HandLj;
import io.github.chainrule.bench.hand.HandMlp;
import io.github.chainrule.bench.hand.HandNeuron;
import io.github.chainrule.bench.hand.HandRosenbrock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Each benchmarked program's implementations, for the self-check (not the timed path: the JMH
 * classes call each implementation directly, so every call site is monomorphic).
 */
record Impl(
        String name,
        double[] point,
        int gradLength,
        ToDoubleFunction<double[]> generatedForward,
        Gradient generatedGradient,
        ToDoubleFunction<double[]> handForward,
        Gradient handGradient,
        Gradient ds) {

    interface Gradient {
        double apply(double[] x, double[] grad);
    }

    static final List<String> NAMES =
            List.of("neuron", "mlp", "rosenbrock100", "lj20", "chain1000", "random10000");

    static List<Impl> all() {
        List<Impl> all = new ArrayList<>();
        for (String name : NAMES) {
            all.add(named(name));
        }
        return all;
    }

    static Impl named(String name) {
        switch (name) {
            case "neuron":
                return new Impl(
                        name,
                        Points.neuron(),
                        Neuron.wrt().size(),
                        Neuron::forward,
                        Neuron::gradient,
                        HandNeuron::forward,
                        HandNeuron::gradient,
                        DsFunctions::neuron);
            case "mlp":
                {
                    HandMlp mlp = new HandMlp();
                    return new Impl(
                            name,
                            Points.mlp(),
                            Mlp.wrt().size(),
                            Mlp::forward,
                            Mlp::gradient,
                            mlp::forward,
                            mlp::gradient,
                            DsFunctions::mlp);
                }
            case "rosenbrock100":
                return new Impl(
                        name,
                        Points.rosenbrock100(),
                        Rosenbrock100.wrt().size(),
                        Rosenbrock100::forward,
                        Rosenbrock100::gradient,
                        HandRosenbrock::forward,
                        HandRosenbrock::gradient,
                        DsFunctions::rosenbrock);
            case "lj20":
                return new Impl(
                        name,
                        Points.lj20(),
                        Lj20.wrt().size(),
                        Lj20::forward,
                        Lj20::gradient,
                        HandLj::forward,
                        HandLj::gradient,
                        DsFunctions::lj);
            case "chain1000":
                return new Impl(
                        name,
                        Points.chain1000(),
                        Chain1000.wrt().size(),
                        Chain1000::forward,
                        Chain1000::gradient,
                        HandChain::forward,
                        HandChain::gradient,
                        DsFunctions::chain);
            case "random10000":
                {
                    DsTape tape = randomTape();
                    return new Impl(
                            name,
                            Points.random10000(),
                            Random10000.wrt().size(),
                            Random10000::forward,
                            Random10000::gradient,
                            null,
                            null,
                            tape::gradient);
                }
            default:
                throw new IllegalArgumentException("no benchmark program " + name);
        }
    }

    /**
     * The program random10000.chain, as the DerivativeStructure tape reads it: from {@code
     * -Dbench.programs=DIR} (bench/run sets it), else the test resources.
     */
    static DsTape randomTape() {
        Path dir = Path.of(System.getProperty("bench.programs", "src/test/resources/programs"));
        try {
            return DsTape.read(dir.resolve("random10000.chain"));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "random10000.chain not found: run from the repository root "
                            + "or set -Dbench.programs=DIR",
                    e);
        }
    }
}
