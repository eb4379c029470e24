package io.github.chainrule.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes bench/RESULTS.md from what bench/run left in its results folder: {@code jmh.json} (JMH),
 * {@code torch.json} (bench/torch_bench.py), {@code compiler.json} ({@link CompilerBench}) and
 * {@code cli.tsv} (the cold command line under /usr/bin/time). Any of them may be missing; the
 * tables then say so.
 *
 * <p>Usage: {@code ResultsWriter RESULTS_DIR OUT.md MODE COMMAND ELAPSED_SECONDS}
 */
public final class ResultsWriter {
    static final List<String> PROGRAMS = Impl.NAMES;
    private static final Map<String, String> BENCH_CLASS =
            Map.of(
                    "neuron",
                    "NeuronBench",
                    "mlp",
                    "MlpBench",
                    "rosenbrock100",
                    "RosenbrockBench",
                    "lj20",
                    "LjBench",
                    "chain1000",
                    "ChainBench",
                    "random10000",
                    "RandomBench");
    private static final String PACKAGE = "io.github.chainrule.bench.";

    private final Path dir;
    private final Map<String, JsonObject> jmh = new LinkedHashMap<>();
    private final Map<String, JsonObject> noSuperWord = new LinkedHashMap<>();
    private final JsonObject compilerIndexed;
    private JsonObject anyJmh;
    private final JsonObject torch;
    private final JsonObject compiler;
    private final List<String[]> cli;
    private final StringBuilder md = new StringBuilder();

    private ResultsWriter(Path dir) throws IOException {
        this.dir = dir;
        for (String file : List.of("jmh.json", "jmh-random.json")) {
            readJmh(file, jmh);
        }
        readJmh("jmh-nosuperword.json", noSuperWord);
        JsonElement ci = read("compiler-indexed.json");
        compilerIndexed = ci == null ? null : ci.getAsJsonObject();
        JsonElement t = read("torch.json");
        torch = t == null ? null : t.getAsJsonObject();
        JsonElement c = read("compiler.json");
        compiler = c == null ? null : c.getAsJsonObject();
        cli = new ArrayList<>();
        Path tsv = dir.resolve("cli.tsv");
        if (Files.exists(tsv)) {
            for (String line : Files.readAllLines(tsv)) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    cli.add(line.split("\t"));
                }
            }
        }
    }

    /**
     * JMH's results by {@code Class.method}, followed by {@code name=value} for each parameter of a
     * parametrised benchmark.
     */
    private void readJmh(String file, Map<String, JsonObject> into) throws IOException {
        JsonElement j = read(file);
        if (j == null || !j.isJsonArray()) {
            return;
        }
        for (JsonElement e : j.getAsJsonArray()) {
            JsonObject o = e.getAsJsonObject();
            StringBuilder key =
                    new StringBuilder(o.get("benchmark").getAsString().substring(PACKAGE.length()));
            if (o.has("params")) {
                for (Map.Entry<String, JsonElement> p : o.getAsJsonObject("params").entrySet()) {
                    key.append(' ')
                            .append(p.getKey())
                            .append('=')
                            .append(p.getValue().getAsString());
                }
            }
            into.put(key.toString(), o);
            if (anyJmh == null) {
                anyJmh = o;
            }
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 5) {
            System.err.println(
                    "usage: ResultsWriter RESULTS_DIR OUT.md MODE COMMAND ELAPSED_SECONDS");
            System.exit(2);
        }
        ResultsWriter w = new ResultsWriter(Path.of(args[0]));
        String text = w.write(args[2], args[3], Double.parseDouble(args[4]));
        Path out = Path.of(args[1]);
        Files.writeString(out, text);
        System.out.println("wrote " + out);
    }

    private JsonElement read(String name) throws IOException {
        Path p = dir.resolve(name);
        if (!Files.exists(p) || Files.size(p) == 0) {
            return null;
        }
        try {
            return JsonParser.parseString(Files.readString(p));
        } catch (RuntimeException e) {
            return null;
        }
    }

    // ---- the document -------------------------------------------------------------------------

    private String write(String mode, String command, double elapsed) throws IOException {
        line("# chainrule benchmarks");
        line("");
        line(
                "Written by `bench/run` — do not edit; rerun it. How to run, what is measured and"
                        + " how to read these");
        line("tables: [docs/benchmarks.md](../docs/benchmarks.md).");
        line("");
        if (mode.equals("quick")) {
            line(
                    "> **Quick mode** (`--quick`): one short fork per benchmark, for checking that"
                            + " everything runs.");
            line(
                    "> These figures are noisy; do not quote them. Run `bench/run` for the real"
                            + " ones.");
            line("");
        }
        machine(command, elapsed);
        IndexedTables indexed =
                new IndexedTables(jmh, noSuperWord, torch, compilerIndexed, this::line);
        headline(indexed);
        pointTable();
        ratioTable();
        batchTable();
        allocationTable();
        indexed.tables();
        compilerTables(indexed);
        return md.toString();
    }

    private void machine(String command, double elapsed) throws IOException {
        line("## Run");
        line("");
        line("| | |");
        line("|---|---|");
        line(
                "| date | "
                        + ZonedDateTime.now()
                                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z"))
                        + " |");
        line(
                "| command | `"
                        + command
                        + "` ("
                        + String.format(Locale.ROOT, "%.1f", elapsed / 60)
                        + " minutes in all) |");
        line(
                "| machine | "
                        + Runtime.getRuntime().availableProcessors()
                        + " cores, "
                        + cpuModel()
                        + ", "
                        + memory()
                        + " |");
        line(
                "| OS | "
                        + System.getProperty("os.name")
                        + " "
                        + System.getProperty("os.version")
                        + " "
                        + System.getProperty("os.arch")
                        + " |");
        if (anyJmh != null) {
            line(
                    "| JVM | "
                            + str(anyJmh, "vmName")
                            + " "
                            + str(anyJmh, "vmVersion")
                            + " (JDK "
                            + str(anyJmh, "jdkVersion")
                            + "), flags `"
                            + String.join(" ", strings(anyJmh.getAsJsonArray("jvmArgs")))
                            + "` |");
            line(
                    "| JMH | "
                            + str(anyJmh, "jmhVersion")
                            + ": "
                            + anyJmh.get("forks").getAsInt()
                            + " fork(s) × ("
                            + anyJmh.get("warmupIterations").getAsInt()
                            + " warm-up × "
                            + str(anyJmh, "warmupTime")
                            + " + "
                            + anyJmh.get("measurementIterations").getAsInt()
                            + " measured × "
                            + str(anyJmh, "measurementTime")
                            + ") per benchmark"
                            + (jmh.containsKey("RandomBench.gradientGenerated")
                                    ? " (random10000: "
                                            + jmh.get("RandomBench.gradientGenerated")
                                                    .get("warmupIterations")
                                                    .getAsInt()
                                            + " warm-up iterations)"
                                    : "")
                            + ", average time, `-prof gc`; ± is JMH's 99.9% confidence half-width"
                            + " |");
        } else {
            line("| JMH | no results (see target/bench-results/jmh.log) |");
        }
        if (torch != null && torch.has("available") && torch.get("available").getAsBoolean()) {
            line(
                    "| PyTorch | "
                            + str(torch, "version")
                            + " (Python "
                            + str(torch, "python")
                            + "), float64, "
                            + torch.get("threads").getAsInt()
                            + " threads, autograd |");
        } else {
            line(
                    "| PyTorch | not available"
                            + (torch != null && torch.has("reason")
                                    ? ": " + str(torch, "reason")
                                    : "")
                            + " |");
        }
        line("");
    }

    private void headline(IndexedTables indexed) {
        List<String> gradOverFwd = new ArrayList<>();
        List<String> genOverHand = new ArrayList<>();
        List<String> dsOverGen = new ArrayList<>();
        for (String p : PROGRAMS) {
            Double f = score(p, "forwardGenerated");
            Double g = score(p, "gradientGenerated");
            Double h = score(p, "gradientHand");
            Double d = score(p, "gradientDerivativeStructure");
            if (f != null && g != null) {
                gradOverFwd.add(p + " " + ratio(g / f) + mark(g / f, 3));
            }
            if (g != null && h != null) {
                genOverHand.add(p + " " + ratio(g / h) + mark(g / h, 1.2));
            }
            if (g != null && d != null) {
                dsOverGen.add(p + " " + ratio(d / g));
            }
        }
        line("## Headline");
        line("");
        line("- generated gradient ÷ generated forward (goal ≤ 3): " + join(gradOverFwd));
        line("- generated ÷ hand-written gradient (goal ≤ 1.2): " + join(genOverHand));
        line("- DerivativeStructure ÷ generated gradient: " + join(dsOverGen));
        indexed.headline();
        line("");
    }

    private void pointTable() {
        line("## One point: time per call");
        line("");
        line(
                "Each cell is the average time of one call (value and gradient for the gradient"
                        + " columns).");
        line("");
        line(
                "| program | forward, generated | gradient, generated | forward, hand-written |"
                    + " gradient, hand-written | DerivativeStructure | PyTorch forward | PyTorch"
                    + " gradient |");
        line("|---|---:|---:|---:|---:|---:|---:|---:|");
        for (String p : PROGRAMS) {
            line(
                    "| "
                            + p
                            + " | "
                            + cell(p, "forwardGenerated")
                            + " | "
                            + cell(p, "gradientGenerated")
                            + " | "
                            + cell(p, "forwardHand")
                            + " | "
                            + cell(p, "gradientHand")
                            + " | "
                            + cell(p, "gradientDerivativeStructure")
                            + " | "
                            + torchPoint(p, "forward_ns")
                            + " | "
                            + torchPoint(p, "gradient_ns")
                            + " |");
        }
        line("");
    }

    private void ratioTable() {
        line("## Ratios (same run)");
        line("");
        line("✓ meets the goal, ✗ misses it (see docs/benchmarks.md for what limits it).");
        line("");
        line(
                "| program | gradient ÷ forward, generated (goal ≤ 3) | gradient ÷ forward,"
                    + " hand-written | generated ÷ hand-written gradient (goal ≤ 1.2) | generated ÷"
                    + " hand-written forward | DerivativeStructure ÷ generated gradient | PyTorch ÷"
                    + " generated gradient |");
        line("|---|---:|---:|---:|---:|---:|---:|");
        for (String p : PROGRAMS) {
            Double f = score(p, "forwardGenerated");
            Double g = score(p, "gradientGenerated");
            Double hf = score(p, "forwardHand");
            Double hg = score(p, "gradientHand");
            Double d = score(p, "gradientDerivativeStructure");
            Double tg = torchNumber(torch, "point", p, "gradient_ns");
            line(
                    "| "
                            + p
                            + " | "
                            + (f != null && g != null ? ratio(g / f) + mark(g / f, 3) : "—")
                            + " | "
                            + (hf != null && hg != null ? ratio(hg / hf) : "—")
                            + " | "
                            + (g != null && hg != null ? ratio(g / hg) + mark(g / hg, 1.2) : "—")
                            + " | "
                            + (f != null && hf != null ? ratio(f / hf) : "—")
                            + " | "
                            + (g != null && d != null ? ratio(d / g) : "—")
                            + " | "
                            + (g != null && tg != null ? ratio(tg / g) : "—")
                            + " |");
        }
        line("");
    }

    private void batchTable() {
        line(
                "## Batched: nanoseconds per sample over "
                        + String.format(Locale.ROOT, "%,d", Batches.SAMPLES)
                        + " samples");
        line("");
        line(
                "The loss (forward) or the loss and its gradient summed over every sample,"
                        + " parameters fixed; Java calls the code once per sample in a plain loop,"
                        + " PyTorch runs one vectorised pass over the whole batch.");
        line("");
        line(
                "| program | loss, generated | loss + gradient, generated | loss, hand-written |"
                    + " loss + gradient, hand-written | loss, PyTorch | loss + gradient, PyTorch |"
                    + " gradient ÷ forward, generated | generated ÷ hand-written | PyTorch ÷"
                    + " generated |");
        line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (String p : List.of("neuron", "mlp")) {
            String cls = p.equals("neuron") ? "NeuronBatchBench" : "MlpBatchBench";
            Double f = score(cls + ".forwardGenerated");
            Double g = score(cls + ".gradientGenerated");
            Double hg = score(cls + ".gradientHand");
            Double tg = torchNumber(torch, "batch", p, "gradient_ns_per_sample");
            line(
                    "| "
                            + p
                            + " | "
                            + cell(cls + ".forwardGenerated")
                            + " | "
                            + cell(cls + ".gradientGenerated")
                            + " | "
                            + cell(cls + ".forwardHand")
                            + " | "
                            + cell(cls + ".gradientHand")
                            + " | "
                            + torchBatch(p, "forward_ns_per_sample")
                            + " | "
                            + torchBatch(p, "gradient_ns_per_sample")
                            + " | "
                            + (f != null && g != null ? ratio(g / f) : "—")
                            + " | "
                            + (g != null && hg != null ? ratio(g / hg) : "—")
                            + " | "
                            + (g != null && tg != null ? ratio(tg / g) : "—")
                            + " |");
        }
        line("");
    }

    private void allocationTable() {
        line("## Allocation per call");
        line("");
        line(
                "Bytes allocated per call (per sample for the batches), from JMH's `-prof gc`"
                    + " (`gc.alloc.rate.norm`). The generated and hand-written code allocate"
                    + " nothing: the few bytes shown for calls that take micro- or milliseconds are"
                    + " JMH's per-iteration bookkeeping spread over few calls.");
        line("");
        line(
                "| benchmark | forward, generated | gradient, generated | forward, hand-written |"
                        + " gradient, hand-written | DerivativeStructure |");
        line("|---|---:|---:|---:|---:|---:|");
        List<String[]> rows = new ArrayList<>();
        for (String p : PROGRAMS) {
            rows.add(new String[] {p, BENCH_CLASS.get(p)});
        }
        rows.add(new String[] {"neuron, batched", "NeuronBatchBench"});
        rows.add(new String[] {"mlp, batched", "MlpBatchBench"});
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder("| " + r[0]);
            for (String m :
                    List.of(
                            "forwardGenerated",
                            "gradientGenerated",
                            "forwardHand",
                            "gradientHand",
                            "gradientDerivativeStructure")) {
                Double a = alloc(r[1] + "." + m);
                sb.append(" | ").append(a == null ? "—" : bytes(a));
            }
            line(sb.append(" |").toString());
        }
        line("");
    }

    private void compilerTables(IndexedTables indexed) {
        line("## The compiler");
        line("");
        if (compiler == null) {
            line("No in-process results (see target/bench-results/compiler.log).");
            line("");
        } else {
            line(
                    "In process, after warm-up ("
                            + compiler.get("warmupRuns").getAsInt()
                            + " runs of the smaller programs first): `Driver.check` (parse,"
                            + " check, lower into the graph) then `JavaEmitter.generate`"
                            + " (differentiate, schedule, emit Java), median of the measured runs."
                            + " Allocated: bytes the thread allocated per run. Peak heap: the heap"
                            + " pools' peak use above the post-GC baseline (an upper bound: it"
                            + " includes garbage not yet collected). Retained: what stays reachable"
                            + " after a full GC while the checked program and the generated source"
                            + " are held. Heap limit "
                            + String.format(
                                    Locale.ROOT, "%.0f MB", compiler.get("maxHeapMB").getAsDouble())
                            + ".");
            line("");
            line(
                    "| program | statements | time | compile | generate | µs per statement |"
                        + " allocated | peak heap | retained | generated source | measured runs |");
            line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            JsonArray ps = compiler.getAsJsonArray("programs");
            List<double[]> sizes = new ArrayList<>();
            for (JsonElement e : ps) {
                JsonObject o = e.getAsJsonObject();
                int n = o.get("statements").getAsInt();
                double t = o.get("totalMs").getAsDouble();
                sizes.add(new double[] {n, t, o.get("allocatedMB").getAsDouble()});
                line(
                        "| "
                                + str(o, "name")
                                + " | "
                                + String.format(Locale.ROOT, "%,d", n)
                                + " | "
                                + ms(t)
                                + " | "
                                + ms(o.get("compileMs").getAsDouble())
                                + " | "
                                + ms(o.get("generateMs").getAsDouble())
                                + " | "
                                + String.format(Locale.ROOT, "%.1f", 1000 * t / n)
                                + " | "
                                + mb(o.get("allocatedMB").getAsDouble())
                                + " | "
                                + mb(o.get("peakHeapMB").getAsDouble())
                                + " | "
                                + mb(o.get("retainedMB").getAsDouble())
                                + " | "
                                + String.format(
                                        Locale.ROOT,
                                        "%.1f MB",
                                        o.get("generatedChars").getAsLong() / 1e6)
                                + " | "
                                + o.get("runs").getAsInt()
                                + " |");
            }
            line("");
            growth(sizes, 1, "Time");
            growth(sizes, 2, "Allocation (independent of the machine's load)");
            line("");
        }
        indexed.compiler();
        line("### Cold command line");
        line("");
        if (cli.isEmpty()) {
            line("No results (see target/bench-results/cli.log).");
        } else {
            line(
                    "`java -Xss16m -jar target/chainrule-cli.jar generate FILE -d DIR` in a fresh"
                        + " JVM, as a user runs it (default heap): wall time and maximum resident"
                        + " set size from `/usr/bin/time -v`, median of the runs.");
            line("");
            line("| program | wall time | max RSS | runs |");
            line("|---|---:|---:|---:|");
            for (String[] r : cli) {
                line(
                        "| "
                                + r[0]
                                + " | "
                                + (r[1].equals("NA")
                                        ? "—"
                                        : String.format(
                                                Locale.ROOT, "%.2f s", Double.parseDouble(r[1])))
                                + " | "
                                + (r[2].equals("NA") ? "—" : mb(Double.parseDouble(r[2]) / 1024))
                                + " | "
                                + (r.length > 3 ? r[3] : "")
                                + " |");
            }
        }
        line("");
    }

    /**
     * How a cost grows with the statement count: the exponent k in cost ∝ n^k from the smallest to
     * the largest program (the verdict), and between consecutive sizes.
     */
    private void growth(List<double[]> sizes, int column, String what) {
        if (sizes.size() < 2) {
            return;
        }
        List<String> parts = new ArrayList<>();
        for (int i = 1; i < sizes.size(); i++) {
            double[] a = sizes.get(i - 1);
            double[] b = sizes.get(i);
            parts.add(
                    String.format(
                            Locale.ROOT,
                            "%,d → %,d statements ×%.1f (exponent %.2f)",
                            (long) a[0],
                            (long) b[0],
                            b[column] / a[column],
                            exponent(a, b, column)));
        }
        double k = exponent(sizes.get(0), sizes.get(sizes.size() - 1), column);
        String verdict =
                k <= 1.15
                        ? "near linear"
                        : k <= 1.35 ? "somewhat worse than linear" : "clearly superlinear";
        line(
                "- "
                        + what
                        + ": exponent "
                        + String.format(Locale.ROOT, "%.2f", k)
                        + " overall, **"
                        + verdict
                        + "** ("
                        + String.join("; ", parts)
                        + ").");
    }

    private static double exponent(double[] a, double[] b, int column) {
        return Math.log(b[column] / a[column]) / Math.log(b[0] / a[0]);
    }

    // ---- lookups and formats ------------------------------------------------------------------

    private Double score(String program, String method) {
        return score(BENCH_CLASS.get(program) + "." + method);
    }

    private Double score(String key) {
        JsonObject o = jmh.get(key);
        return o == null ? null : o.getAsJsonObject("primaryMetric").get("score").getAsDouble();
    }

    private Double alloc(String key) {
        JsonObject o = jmh.get(key);
        if (o == null || !o.has("secondaryMetrics")) {
            return null;
        }
        for (Map.Entry<String, JsonElement> e : o.getAsJsonObject("secondaryMetrics").entrySet()) {
            if (e.getKey().endsWith("gc.alloc.rate.norm")) {
                return e.getValue().getAsJsonObject().get("score").getAsDouble();
            }
        }
        return null;
    }

    private String cell(String program, String method) {
        String cls = BENCH_CLASS.get(program);
        return cell(cls + "." + method);
    }

    private String cell(String key) {
        JsonObject o = jmh.get(key);
        if (o == null) {
            return "—";
        }
        JsonObject m = o.getAsJsonObject("primaryMetric");
        double s = m.get("score").getAsDouble();
        JsonElement err = m.get("scoreError");
        String e = "";
        if (err != null && err.isJsonPrimitive() && err.getAsJsonPrimitive().isNumber()) {
            double v = err.getAsDouble();
            if (Double.isFinite(v)) {
                e = " ± " + String.format(Locale.ROOT, "%.0f%%", 100 * v / s);
            }
        }
        return time(s) + e;
    }

    private String torchPoint(String program, String field) {
        if (torch == null || !torch.has("available") || !torch.get("available").getAsBoolean()) {
            return "n/a";
        }
        JsonObject p = torch.getAsJsonObject("point").getAsJsonObject(program);
        if (p == null) {
            return "—";
        }
        if (p.has("error")) {
            return "wrong result";
        }
        return time(p.get(field).getAsDouble());
    }

    private String torchBatch(String program, String field) {
        if (torch == null || !torch.has("available") || !torch.get("available").getAsBoolean()) {
            return "n/a";
        }
        Double v = torchNumber(torch, "batch", program, field);
        return v == null ? "—" : time(v);
    }

    private static Double torchNumber(
            JsonObject torch, String section, String program, String field) {
        if (torch == null || !torch.has(section)) {
            return null;
        }
        JsonObject p = torch.getAsJsonObject(section).getAsJsonObject(program);
        return p == null || !p.has(field) ? null : p.get(field).getAsDouble();
    }

    static String time(double ns) {
        if (ns < 10) {
            return String.format(Locale.ROOT, "%.2f ns", ns);
        }
        if (ns < 1000) {
            return String.format(Locale.ROOT, "%.0f ns", ns);
        }
        if (ns < 1e6) {
            return String.format(Locale.ROOT, "%.1f µs", ns / 1e3);
        }
        if (ns < 1e9) {
            return String.format(Locale.ROOT, "%.1f ms", ns / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f s", ns / 1e9);
    }

    static String ratio(double r) {
        return r >= 100
                ? String.format(Locale.ROOT, "%,.0f×", r)
                : String.format(Locale.ROOT, "%.2f×", r);
    }

    static String mark(double r, double goal) {
        return r <= goal ? " ✓" : " ✗";
    }

    static String bytes(double b) {
        if (b < 1024) {
            return String.format(Locale.ROOT, "%.0f B", b);
        }
        return String.format(Locale.ROOT, "%.1f KB", b / 1024);
    }

    static String ms(double v) {
        return v >= 1000
                ? String.format(Locale.ROOT, "%.2f s", v / 1000)
                : String.format(Locale.ROOT, "%.1f ms", v);
    }

    static String mb(double v) {
        return String.format(Locale.ROOT, v < 10 ? "%.1f MB" : "%.0f MB", v);
    }

    private static String join(List<String> parts) {
        return parts.isEmpty() ? "no results" : String.join(" · ", parts);
    }

    private static String str(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? "?" : e.getAsString();
    }

    private static List<String> strings(JsonArray a) {
        List<String> s = new ArrayList<>();
        if (a != null) {
            a.forEach(e -> s.add(e.getAsString()));
        }
        return s;
    }

    private static String cpuModel() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (l.startsWith("model name")) {
                    return l.substring(l.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    private static String memory() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (l.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(l.replaceAll("\\D", ""));
                    return String.format(Locale.ROOT, "%.0f GiB memory", kb / 1048576.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return "memory unknown";
    }

    private void line(String s) {
        md.append(s).append('\n');
    }
}
