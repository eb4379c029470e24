package io.github.chainrule.bench;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.chainrule.Driver;
import io.github.chainrule.check.CheckedProgram;
import io.github.chainrule.diag.SourceFile;
import io.github.chainrule.javagen.JavaEmitter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The compiler's own cost, in process after warm-up: {@code Driver.check} (parse, check, lower)
 * then {@code JavaEmitter.generate} (differentiate, schedule, emit), timed with {@code
 * System.nanoTime}. Memory per run: bytes allocated by the thread, the peak heap in use (the sum of
 * the heap pools' peaks since a full GC: an upper bound that includes garbage not yet collected),
 * and what stays reachable afterwards (the checked program and the generated source, after a full
 * GC).
 *
 * <p>Usage: {@code CompilerBench --out FILE.json [--quick] PROGRAM.chain...}
 */
public final class CompilerBench {
    private CompilerBench() {}

    public static void main(String[] args) throws IOException {
        Path out = null;
        boolean quick = false;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out":
                    out = Path.of(args[++i]);
                    break;
                case "--quick":
                    quick = true;
                    break;
                default:
                    files.add(Path.of(args[i]));
            }
        }
        if (out == null || files.isEmpty()) {
            System.err.println("usage: CompilerBench --out FILE.json [--quick] PROGRAM.chain...");
            System.exit(2);
        }
        double warmupSeconds = quick ? 3 : 20;
        double measureSeconds = quick ? 3 : 20;
        int maxRuns = quick ? 3 : 7;
        List<String> texts = new ArrayList<>();
        for (Path file : files) {
            texts.add(Files.readString(file));
        }
        // warm-up: the whole pipeline on every program but the largest, round after round until the
        // budget is spent (at least one round): the largest then runs JIT-compiled code without
        // paying for a warm-up run of its own
        int warmups = 0;
        long start = System.nanoTime();
        do {
            for (int i = 0; i < files.size() - (files.size() > 1 ? 1 : 0); i++) {
                run(name(files.get(i)), texts.get(i));
                warmups++;
            }
        } while (seconds(System.nanoTime() - start) < warmupSeconds);
        System.out.printf(
                "  warm-up: %d runs in %.1f s%n", warmups, seconds(System.nanoTime() - start));
        JsonArray results = new JsonArray();
        for (int f = 0; f < files.size(); f++) {
            String text = texts.get(f);
            String name = name(files.get(f));
            List<Run> runs = new ArrayList<>();
            start = System.nanoTime();
            do {
                runs.add(measure(name, text));
            } while (runs.size() < maxRuns && seconds(System.nanoTime() - start) < measureSeconds);
            Run last = runs.get(runs.size() - 1);
            JsonObject o = new JsonObject();
            o.addProperty("name", name);
            o.addProperty("statements", last.statements);
            o.addProperty("sourceBytes", text.length());
            o.addProperty("generatedChars", last.generatedChars);
            o.addProperty("runs", runs.size());
            o.addProperty(
                    "compileMs", median(runs.stream().mapToDouble(r -> r.compileMs).toArray()));
            o.addProperty(
                    "generateMs", median(runs.stream().mapToDouble(r -> r.generateMs).toArray()));
            o.addProperty(
                    "totalMs",
                    median(runs.stream().mapToDouble(r -> r.compileMs + r.generateMs).toArray()));
            o.addProperty(
                    "totalMsMin",
                    runs.stream().mapToDouble(r -> r.compileMs + r.generateMs).min().getAsDouble());
            o.addProperty(
                    "allocatedMB", median(runs.stream().mapToDouble(r -> r.allocatedMB).toArray()));
            o.addProperty(
                    "peakHeapMB", runs.stream().mapToDouble(r -> r.peakHeapMB).max().getAsDouble());
            o.addProperty(
                    "retainedMB", median(runs.stream().mapToDouble(r -> r.retainedMB).toArray()));
            results.add(o);
            System.out.printf(
                    "  %-14s %7d statements: %9.1f ms (compile %.1f, generate %.1f), allocated %.0f"
                            + " MB, peak heap %.0f MB, retained %.1f MB (%d measured runs)%n",
                    name,
                    last.statements,
                    o.get("totalMs").getAsDouble(),
                    o.get("compileMs").getAsDouble(),
                    o.get("generateMs").getAsDouble(),
                    o.get("allocatedMB").getAsDouble(),
                    o.get("peakHeapMB").getAsDouble(),
                    o.get("retainedMB").getAsDouble(),
                    runs.size());
        }
        JsonObject root = new JsonObject();
        root.addProperty("warmupRuns", warmups);
        root.addProperty("maxHeapMB", Runtime.getRuntime().maxMemory() / 1048576.0);
        root.addProperty(
                "jvmArgs",
                String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        root.add("programs", results);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, new GsonBuilder().setPrettyPrinting().create().toJson(root) + "\n");
    }

    private record Run(
            int statements,
            long generatedChars,
            double compileMs,
            double generateMs,
            double allocatedMB,
            double peakHeapMB,
            double retainedMB) {}

    private static String run(String name, String text) {
        Driver.Checked c = Driver.check(new SourceFile(name + ".chain", text));
        CheckedProgram p =
                c.program().orElseThrow(() -> new IllegalStateException(name + " has errors"));
        return JavaEmitter.generate(p, "bench", className(name));
    }

    private static Run measure(String name, String text) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        List<MemoryPoolMXBean> heap = new ArrayList<>();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
                heap.add(pool);
            }
        }
        fullGc();
        long before = used(heap, false);
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long allocated = threads.getCurrentThreadAllocatedBytes();
        long t0 = System.nanoTime();
        Driver.Checked c = Driver.check(new SourceFile(name + ".chain", text));
        CheckedProgram p =
                c.program().orElseThrow(() -> new IllegalStateException(name + " has errors"));
        long t1 = System.nanoTime();
        String java = JavaEmitter.generate(p, "bench", className(name));
        long t2 = System.nanoTime();
        allocated = threads.getCurrentThreadAllocatedBytes() - allocated;
        long peak = used(heap, true);
        fullGc();
        long retained = used(heap, false) - before;
        int statements = p.definitions().size();
        long chars = java.length();
        return new Run(
                statements,
                chars,
                (t1 - t0) / 1e6,
                (t2 - t1) / 1e6,
                allocated / 1048576.0,
                (peak - before) / 1048576.0,
                Math.max(0, retained) / 1048576.0);
    }

    private static long used(List<MemoryPoolMXBean> heap, boolean peak) {
        long sum = 0;
        for (MemoryPoolMXBean pool : heap) {
            sum += (peak ? pool.getPeakUsage() : pool.getUsage()).getUsed();
        }
        return sum;
    }

    private static void fullGc() {
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
    }

    private static String name(Path file) {
        return file.getFileName().toString().replaceFirst("\\.chain$", "");
    }

    static String className(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
