package io.github.chainrule.bench;

import io.github.chainrule.bench.generated.LogregParallel;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * A rough measurement for a busy machine, where JMH's averages mean little: for each indexed row,
 * the generated and hand-written forward and gradient run in turn, 25 rounds of batches of about 20
 * ms each after 1.5 s of warm-up apiece, and each keeps its fastest batch (other work on the cores
 * only ever slows a batch down). Not part of bench/run; the diagnosis in docs/benchmarks.md used
 * it.
 *
 * <p>Usage: {@code IndexedInterleaved [ROW_SUBSTRING]}, e.g. {@code IndexedInterleaved mlp784}; add
 * {@code -XX:-UseSuperWord} to the JVM to see what SuperWord changes.
 */
public final class IndexedInterleaved {
    private static double sink;

    private IndexedInterleaved() {}

    /** logreg's class generated with {@code --parallel}: its loops split over the cores. */
    private static void parallelLogreg(
            IndexedCase c, double[] g, Map<String, DoubleSupplier> calls) {
        int m = c.sizes().get("m");
        int p = c.sizes().get("p");
        double[] x = (double[]) c.inputs().get("X");
        double[] y = (double[]) c.inputs().get("y");
        double[] w = (double[]) c.inputs().get("w");
        double b = (Double) c.inputs().get("b");
        calls.put("forward, generated --parallel", () -> LogregParallel.forward(m, p, x, y, w, b));
        calls.put(
                "gradient, generated --parallel",
                () -> LogregParallel.gradient(m, p, x, y, w, b, g));
    }

    public static void main(String[] args) {
        String only = args.length > 0 ? args[0] : "";
        for (IndexedCase c : IndexedCase.all()) {
            if (!c.row().contains(only)) {
                continue;
            }
            double[] g = new double[c.gradLength()];
            Map<String, DoubleSupplier> calls = new LinkedHashMap<>();
            calls.put("forward, generated", c.generatedForward());
            calls.put("gradient, generated", () -> c.generatedGradient().apply(g));
            calls.put("forward, hand-written", c.handForward());
            calls.put("gradient, hand-written", () -> c.handGradient().apply(g));
            if (c.program().equals("logreg")) {
                parallelLogreg(c, g, calls);
            }
            c.alternatives()
                    .forEach(
                            (name, f) ->
                                    calls.put("gradient, hand-written, " + name, () -> f.apply(g)));
            Map<String, Integer> batch = new LinkedHashMap<>();
            for (Map.Entry<String, DoubleSupplier> e : calls.entrySet()) {
                long start = System.nanoTime();
                int n = 0;
                while (System.nanoTime() - start < 1_500_000_000L) {
                    sink += e.getValue().getAsDouble();
                    n++;
                }
                batch.put(e.getKey(), Math.max(1, (int) (20e6 / (1.5e9 / n))));
            }
            Map<String, Double> best = new LinkedHashMap<>();
            for (int round = 0; round < 25; round++) {
                for (Map.Entry<String, DoubleSupplier> e : calls.entrySet()) {
                    int n = batch.get(e.getKey());
                    DoubleSupplier f = e.getValue();
                    long start = System.nanoTime();
                    for (int i = 0; i < n; i++) {
                        sink += f.getAsDouble();
                    }
                    best.merge(e.getKey(), (System.nanoTime() - start) / (double) n, Math::min);
                }
            }
            double perSample = c.program().equals("logreg") ? c.sizes().get("m") : 1;
            System.out.println(c.row() + (perSample > 1 ? " (per sample)" : ""));
            double hand = Double.POSITIVE_INFINITY;
            for (Map.Entry<String, Double> e : best.entrySet()) {
                System.out.printf(
                        Locale.ROOT,
                        "  %-40s %s%n",
                        e.getKey(),
                        ResultsWriter.time(e.getValue() / perSample));
                if (e.getKey().startsWith("gradient, hand-written")) {
                    hand = Math.min(hand, e.getValue());
                }
            }
            double fg = best.get("forward, generated");
            double gg = best.get("gradient, generated");
            System.out.printf(
                    Locale.ROOT,
                    "  generated ÷ best hand-written gradient %.2f, generated ÷ hand-written"
                        + " forward %.2f, gradient ÷ forward generated %.2f, hand-written %.2f%n",
                    gg / hand,
                    fg / best.get("forward, hand-written"),
                    gg / fg,
                    best.get("gradient, hand-written") / best.get("forward, hand-written"));
        }
        if (sink == 42) {
            System.out.println(); // keeps the results alive
        }
    }
}
