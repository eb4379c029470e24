package io.github.chainrule.bench;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.chainrule.Driver;
import io.github.chainrule.diag.SourceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The compiler on the indexed examples against the scalar programs they unroll into: the whole
 * pipeline ({@code Driver.generate}: parse, check, lower, differentiate, emit Java) in process,
 * after warm-up, median of the measured runs. Also each fixed-size example at a second size (mlp784
 * with d = 7840, oscillator with T = 100000), whose time and generated source should not change.
 *
 * <p>Usage: {@code IndexedCompilerBench --out FILE.json --examples DIR --programs DIR [--quick]}
 */
public final class IndexedCompilerBench {
    private IndexedCompilerBench() {}

    /** One program to compile: its row, what it is, its text. */
    private record Source(String row, String program, String form, String sizes, String text) {}

    public static void main(String[] args) throws IOException {
        Path out = null;
        Path examples = Path.of("examples/indexed");
        Path programs = Path.of("src/test/resources/programs");
        boolean quick = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out":
                    out = Path.of(args[++i]);
                    break;
                case "--examples":
                    examples = Path.of(args[++i]);
                    break;
                case "--programs":
                    programs = Path.of(args[++i]);
                    break;
                case "--quick":
                    quick = true;
                    break;
                default:
                    System.err.println("unknown argument " + args[i]);
                    System.exit(2);
            }
        }
        if (out == null) {
            System.err.println(
                    "usage: IndexedCompilerBench --out FILE.json --examples DIR --programs DIR"
                            + " [--quick]");
            System.exit(2);
        }
        List<Source> sources = sources(examples, programs, quick);
        double warmupSeconds = quick ? 2 : 15;
        double measureSeconds = quick ? 2 : 10;
        int maxRuns = quick ? 3 : 9;
        long start = System.nanoTime();
        int warmups = 0;
        do {
            for (Source s : sources) {
                if (s.text().length() < 1_000_000) { // the full unrolled mlp784 warms up itself
                    generate(s);
                    warmups++;
                }
            }
        } while ((System.nanoTime() - start) / 1e9 < warmupSeconds);
        System.out.printf(
                "  warm-up: %d runs in %.1f s%n", warmups, (System.nanoTime() - start) / 1e9);
        JsonArray results = new JsonArray();
        for (Source s : sources) {
            List<Double> times = new ArrayList<>();
            long t0 = System.nanoTime();
            int chars = 0;
            do {
                long a = System.nanoTime();
                chars = generate(s).length();
                times.add((System.nanoTime() - a) / 1e6);
            } while (times.size() < maxRuns && (System.nanoTime() - t0) / 1e9 < measureSeconds);
            Driver.Checked checked = Driver.check(new SourceFile(s.program() + ".chain", s.text()));
            // statements: the indexed program's steps (loop nests) or the scalar assignments;
            // nodes: the expression graph's nodes, the size both generators work on
            int statements =
                    checked.indexed().isPresent()
                            ? checked.indexed().get().steps().size()
                            : checked.program().orElseThrow().definitions().size();
            int nodes =
                    checked.indexed().isPresent()
                            ? checked.indexed().get().graph().size()
                            : checked.program().orElseThrow().graph().size();
            JsonObject o = new JsonObject();
            o.addProperty("row", s.row());
            o.addProperty("program", s.program());
            o.addProperty("form", s.form());
            o.addProperty("sizes", s.sizes());
            o.addProperty("statements", statements);
            o.addProperty("nodes", nodes);
            o.addProperty("sourceBytes", s.text().length());
            o.addProperty("generatedChars", chars);
            o.addProperty("runs", times.size());
            o.addProperty(
                    "totalMs",
                    CompilerBench.median(
                            times.stream().mapToDouble(Double::doubleValue).toArray()));
            results.add(o);
            System.out.printf(
                    "  %-12s %-8s %-30s %5d statements, %7d nodes: %9.1f ms, %,d chars of Java (%d"
                            + " runs)%n",
                    s.program(),
                    s.form(),
                    s.sizes(),
                    statements,
                    nodes,
                    o.get("totalMs").getAsDouble(),
                    chars,
                    times.size());
        }
        JsonObject root = new JsonObject();
        root.addProperty("warmupRuns", warmups);
        root.add("programs", results);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, new GsonBuilder().setPrettyPrinting().create().toJson(root) + "\n");
    }

    private static String generate(Source s) {
        Driver.Generated g =
                Driver.generate(
                        new SourceFile(s.program() + ".chain", s.text()),
                        "bench",
                        CompilerBench.className(s.program()));
        return g.java().orElseThrow(() -> new IllegalStateException(s.row() + " has errors"));
    }

    private static List<Source> sources(Path examples, Path programs, boolean quick)
            throws IOException {
        String lj = Files.readString(examples.resolve("lj.chain"));
        String rosenbrock = Files.readString(examples.resolve("rosenbrock.chain"));
        String mlp = Files.readString(examples.resolve("mlp784.chain"));
        String oscillator = Files.readString(examples.resolve("oscillator.chain"));
        String logreg = Files.readString(examples.resolve("logreg.chain"));
        List<Source> s = new ArrayList<>();
        s.add(new Source("lj", "lj", "indexed", "any n", lj));
        s.add(
                new Source(
                        "lj",
                        "lj",
                        "unrolled",
                        "n = 20 (lj20.chain)",
                        Files.readString(programs.resolve("lj20.chain"))));
        s.add(new Source("rosenbrock", "rosenbrock", "indexed", "any n", rosenbrock));
        s.add(
                new Source(
                        "rosenbrock",
                        "rosenbrock",
                        "unrolled",
                        "n = 100 (rosenbrock100.chain)",
                        Files.readString(programs.resolve("rosenbrock100.chain"))));
        s.add(new Source("mlp784", "mlp784", "indexed", "d = 784", mlp));
        s.add(
                new Source(
                        "mlp784",
                        "mlp784",
                        "indexed",
                        "d = 7840",
                        replaceOnce(mlp, "dim d = 784,", "dim d = 7840,")));
        if (!quick) {
            // 100,000 weights, each an input of its own: tens of seconds
            s.add(
                    new Source(
                            "mlp784",
                            "mlp784",
                            "unrolled",
                            "d = 784, h = 128, k = 10",
                            UnrolledPrograms.mlp(784, 128, 10)));
        }
        s.add(
                new Source(
                        "mlp784",
                        "mlp784",
                        "unrolled",
                        "d = 78, h = 13, k = 10",
                        UnrolledPrograms.mlp(78, 13, 10)));
        s.add(new Source("oscillator", "oscillator", "indexed", "T = 1000", oscillator));
        s.add(
                new Source(
                        "oscillator",
                        "oscillator",
                        "indexed",
                        "T = 100000",
                        replaceOnce(oscillator, "dim T = 1000\n", "dim T = 100000\n")));
        s.add(
                new Source(
                        "oscillator",
                        "oscillator",
                        "unrolled",
                        "T = 1000",
                        UnrolledPrograms.oscillator(1000)));
        s.add(new Source("logreg", "logreg", "indexed", "any m, p", logreg));
        s.add(
                new Source(
                        "logreg",
                        "logreg",
                        "unrolled",
                        "m = 100, p = 10",
                        UnrolledPrograms.logreg(100, 10)));
        return s;
    }

    private static String replaceOnce(String text, String from, String to) {
        if (!text.contains(from)) {
            throw new IllegalStateException("the example no longer contains '" + from + "'");
        }
        return text.replace(from, to);
    }
}
