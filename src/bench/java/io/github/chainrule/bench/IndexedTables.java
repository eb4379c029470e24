package io.github.chainrule.bench;

import static io.github.chainrule.bench.ResultsWriter.bytes;
import static io.github.chainrule.bench.ResultsWriter.ms;
import static io.github.chainrule.bench.ResultsWriter.ratio;
import static io.github.chainrule.bench.ResultsWriter.time;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The indexed programs' tables in bench/RESULTS.md (examples/indexed: the generated loops against
 * hand-written loops and PyTorch, the scalar lj20.chain against the indexed lj at n = 20, the
 * effect of C2's SuperWord vectorisation, the compiler on the indexed and the unrolled forms), from
 * {@code jmh.json}, {@code jmh-nosuperword.json}, {@code torch.json} and {@code
 * compiler-indexed.json}. A missing file leaves its cells empty.
 */
final class IndexedTables {
    /**
     * One row: its label, its JMH class, its JMH parameter (or null), the row's name in torch.json,
     * and whether the scores are per sample.
     */
    record Row(
            String label, String cls, String param, String value, String torch, boolean perSample) {
        String key(String method) {
            return cls + "." + method + (param == null ? "" : " " + param + "=" + value);
        }
    }

    static final List<Row> ROWS = rows();

    /** Generated ÷ hand-written gradient: the goal, and the worst tolerated. */
    static final double GOAL = 1.0;

    static final double WORST = 1.1;

    private final Map<String, JsonObject> jmh;
    private final Map<String, JsonObject> noSuperWord;
    private final JsonObject torch;
    private final JsonObject compiler;
    private final Consumer<String> out;

    IndexedTables(
            Map<String, JsonObject> jmh,
            Map<String, JsonObject> noSuperWord,
            JsonObject torch,
            JsonObject compiler,
            Consumer<String> out) {
        this.jmh = jmh;
        this.noSuperWord = noSuperWord;
        this.torch = torch;
        this.compiler = compiler;
        this.out = out;
    }

    private static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (int n : IndexedCase.LJ_SIZES) {
            rows.add(row("lj n=" + n, "IndexedLjBench", "particles", n));
        }
        for (int n : IndexedCase.ROSENBROCK_SIZES) {
            rows.add(row("rosenbrock n=" + n, "IndexedRosenbrockBench", "n", n));
        }
        rows.add(new Row("mlp784", "IndexedMlp784Bench", null, null, "mlp784", false));
        for (int t : IndexedCase.OSCILLATOR_STEPS) {
            rows.add(row("oscillator T=" + t, "IndexedOscillatorBench", "steps", t));
        }
        String logreg =
                "logreg m=" + IndexedCase.LOGREG_SAMPLES + " p=" + IndexedCase.LOGREG_FEATURES;
        rows.add(new Row(logreg, "IndexedLogregBench", null, null, logreg, true));
        return rows;
    }

    private static Row row(String label, String cls, String param, int value) {
        return new Row(label, cls, param, Integer.toString(value), label, false);
    }

    // ---- headline ---------------------------------------------------------------------------

    /** The headline's bullets for the indexed programs. */
    void headline() {
        List<String> genOverHand = new ArrayList<>();
        List<String> gradOverFwd = new ArrayList<>();
        for (Row r : ROWS) {
            Double g = score(r.key("gradientGenerated"));
            Double h = bestHandGradient(r);
            Double f = score(r.key("forwardGenerated"));
            if (g != null && h != null) {
                genOverHand.add(r.label() + " " + ratio(g / h) + handMark(g / h));
            }
            if (g != null && f != null) {
                gradOverFwd.add(r.label() + " " + ratio(g / f) + ResultsWriter.mark(g / f, 3));
            }
        }
        out.accept(
                "- indexed programs, generated ÷ hand-written gradient (goal ≤ 1.0, ≤ 1.1 at"
                        + " worst): "
                        + join(genOverHand));
        out.accept(
                "- indexed programs, gradient ÷ forward, generated (goal ≤ 3): "
                        + join(gradOverFwd));
        Row logreg = ROWS.get(ROWS.size() - 1);
        Double g = score(logreg.key("gradientGenerated"));
        Double t = torchNsPerSample(logreg, "gradient_ns");
        out.accept(
                "- logreg over "
                        + String.format(Locale.ROOT, "%,d", IndexedCase.LOGREG_SAMPLES)
                        + " samples, loss and gradient per sample: generated "
                        + (g == null ? "—" : time(g))
                        + ", hand-written "
                        + cellTime(score(logreg.key("gradientHand")))
                        + ", PyTorch "
                        + cellTime(t)
                        + (g != null && t != null
                                ? ": PyTorch ÷ generated "
                                        + ratio(t / g)
                                        + (t / g > 1 ? " ✓" : " ✗")
                                        + " (goal > 1×, aim 3×)"
                                : ""));
        Double parallel = score(logreg.key("gradientGeneratedParallel"));
        if (parallel != null) {
            out.accept(
                    "- the same, generated with `generate --parallel` (fixed chunks over the 2"
                            + " cores): "
                            + time(parallel)
                            + " per sample"
                            + (t != null
                                    ? ": PyTorch ÷ generated "
                                            + ratio(t / parallel)
                                            // within a tenth either way: a tie at this run's
                                            // error bars (the parallel rows' are ±20%)
                                            + (t / parallel >= 1.1
                                                    ? " ✓"
                                                    : t / parallel > 0.9 ? " ~ (a tie)" : " ✗")
                                    : "")
                            + (g != null ? "; sequential ÷ parallel " + ratio(g / parallel) : ""));
        }
    }

    // ---- the tables -------------------------------------------------------------------------

    void tables() {
        out.accept("## Indexed programs: generated loops, hand-written loops, PyTorch");
        out.accept("");
        out.accept(
                "The examples of examples/indexed at the sizes below (generated classes from"
                        + " `chainrule generate`; hand-written loops in"
                        + " src/bench/java/…/bench/hand: `HandLjLoops`, `HandRosenbrockLoops`,"
                        + " `HandMlp784`, `HandOscillator`, `HandLogreg`). Time per call;"
                        + " **logreg per sample** (one call over all the samples ÷ their"
                        + " number). PyTorch: float64, 2 threads, tensor code over whole arrays"
                        + " (a Python loop for the recurrence).");
        out.accept("");
        out.accept(
                "| row | forward, generated | gradient, generated | forward, hand-written |"
                        + " gradient, hand-written | PyTorch forward | PyTorch gradient |");
        out.accept("|---|---:|---:|---:|---:|---:|---:|");
        for (Row r : ROWS) {
            out.accept(
                    "| "
                            + label(r)
                            + " | "
                            + cell(r.key("forwardGenerated"))
                            + " | "
                            + cell(r.key("gradientGenerated"))
                            + " | "
                            + cell(r.key("forwardHand"))
                            + " | "
                            + cell(r.key("gradientHand"))
                            + " | "
                            + torchCell(r, "forward_ns")
                            + " | "
                            + torchCell(r, "gradient_ns")
                            + " |");
        }
        out.accept("");
        List<String> tangents = new ArrayList<>();
        for (Row r : ROWS) {
            String c = cell(r.key("gradientHandForwardMode"));
            if (!c.equals("—")) {
                tangents.add(r.label() + " " + c);
            }
        }
        if (!tangents.isEmpty()) {
            out.accept(
                    "The hand-written oscillator gradient above runs in reverse mode (the"
                            + " trajectory stored); in forward mode (five tangents carried along,"
                            + " no storage) it takes "
                            + String.join(", ", tangents)
                            + ". The ratios below use the faster of the two.");
            out.accept("");
        }
        Row logreg = ROWS.get(ROWS.size() - 1);
        String pf = cell(logreg.key("forwardGeneratedParallel"));
        String pg = cell(logreg.key("gradientGeneratedParallel"));
        if (!pg.equals("—")) {
            out.accept(
                    "logreg generated with `generate --parallel` (`LogregParallel`: its loops over"
                            + " the samples cut into fixed chunks run on the fork-join pool, 2"
                            + " cores) takes, per sample, forward "
                            + pf
                            + ", gradient "
                            + pg
                            + ".");
            out.accept("");
        }
        ratios();
        ljAgainstScalar();
        superWord();
        allocation();
    }

    private void ratios() {
        out.accept("### Ratios (same run)");
        out.accept("");
        out.accept(
                "Generated ÷ hand-written gradient: ✓ ≤ 1.0 (the goal), ~ ≤ 1.1 (the worst"
                        + " tolerated), ✗ above. Gradient ÷ forward: ✓ ≤ 3.");
        out.accept("");
        out.accept(
                "| row | generated ÷ hand-written gradient | generated ÷ hand-written forward |"
                        + " gradient ÷ forward, generated | gradient ÷ forward, hand-written |"
                        + " PyTorch ÷ generated gradient | PyTorch ÷ generated forward |");
        out.accept("|---|---:|---:|---:|---:|---:|---:|");
        for (Row r : ROWS) {
            Double f = score(r.key("forwardGenerated"));
            Double g = score(r.key("gradientGenerated"));
            Double hf = score(r.key("forwardHand"));
            Double hg = bestHandGradient(r);
            Double tf = torchNsPerSample(r, "forward_ns");
            Double tg = torchNsPerSample(r, "gradient_ns");
            out.accept(
                    "| "
                            + label(r)
                            + " | "
                            + (g != null && hg != null ? ratio(g / hg) + handMark(g / hg) : "—")
                            + " | "
                            + (f != null && hf != null ? ratio(f / hf) : "—")
                            + " | "
                            + (g != null && f != null
                                    ? ratio(g / f) + ResultsWriter.mark(g / f, 3)
                                    : "—")
                            + " | "
                            + (hg != null && hf != null ? ratio(hg / hf) : "—")
                            + " | "
                            + (g != null && tg != null ? ratio(tg / g) : "—")
                            + " | "
                            + (f != null && tf != null ? ratio(tf / f) : "—")
                            + " |");
        }
        out.accept("");
    }

    /** lj at n = 20: the scalar lj20.chain (2,300 statements unrolled) against the indexed lj. */
    private void ljAgainstScalar() {
        out.accept("### lj at n = 20: indexed (lj.chain) against scalar (lj20.chain)");
        out.accept("");
        out.accept(
                "The same 20 particles: lj20.chain is the energy unrolled into one statement per"
                        + " pair and step (`LjBench`), lj.chain the same energy as one indexed sum"
                        + " (`IndexedLjBench`, n = 20). Ratios against the faster hand-written"
                        + " gradient (`HandLj` on x0, y0, z0, x1, …, or `HandLjLoops` on three"
                        + " arrays).");
        out.accept("");
        out.accept(
                "| code | forward | gradient | gradient ÷ forward (goal ≤ 3) | gradient ÷ best"
                        + " hand-written gradient (goal ≤ 1.0) |");
        out.accept("|---|---:|---:|---:|---:|");
        Row r = ROWS.get(0);
        Double handScalar = score("LjBench.gradientHand");
        Double handLoops = score(r.key("gradientHand"));
        Double best = min(handScalar, handLoops);
        String[][] codes = {
            {
                "generated, scalar (lj20.chain)",
                "LjBench.forwardGenerated",
                "LjBench.gradientGenerated"
            },
            {
                "generated, indexed (lj.chain)",
                r.key("forwardGenerated"),
                r.key("gradientGenerated")
            },
            {"hand-written, scalar layout (HandLj)", "LjBench.forwardHand", "LjBench.gradientHand"},
            {"hand-written, loops (HandLjLoops)", r.key("forwardHand"), r.key("gradientHand")},
        };
        for (String[] c : codes) {
            Double f = score(c[1]);
            Double g = score(c[2]);
            out.accept(
                    "| "
                            + c[0]
                            + " | "
                            + cell(c[1])
                            + " | "
                            + cell(c[2])
                            + " | "
                            + (f != null && g != null
                                    ? ratio(g / f) + ResultsWriter.mark(g / f, 3)
                                    : "—")
                            + " | "
                            + (g != null && best != null
                                    ? ratio(g / best) + handMark(g / best)
                                    : "—")
                            + " |");
        }
        out.accept("");
    }

    private void superWord() {
        out.accept("### Vectorisation: with and without C2's SuperWord");
        out.accept("");
        if (noSuperWord.isEmpty()) {
            out.accept(
                    "Not measured in this run (bench/run measures it without `--only`, or with"
                            + " `--superword`).");
            out.accept("");
            return;
        }
        out.accept(
                "The same benchmarks run again in one fork with `-XX:-UseSuperWord` (C2 then"
                        + " compiles no loop into SIMD instructions). A ratio near 1 means that"
                        + " the loops did not vectorise (or that memory, a division or a call"
                        + " bounds them anyway); above 1, SuperWord made them faster by that"
                        + " factor.");
        out.accept("");
        out.accept("| row | benchmark | with SuperWord | without | without ÷ with |");
        out.accept("|---|---|---:|---:|---:|");
        for (Row r : ROWS) {
            for (String method :
                    List.of(
                            "forwardGenerated",
                            "gradientGenerated",
                            "forwardHand",
                            "gradientHand")) {
                String key = r.key(method);
                Double without = score(noSuperWord, key);
                if (without == null) {
                    continue;
                }
                Double with = score(key);
                out.accept(
                        "| "
                                + label(r)
                                + " | "
                                + method
                                + " | "
                                + cell(key)
                                + " | "
                                + cell(noSuperWord, key)
                                + " | "
                                + (with != null ? ratio(without / with) : "—")
                                + " |");
            }
        }
        out.accept("");
    }

    private void allocation() {
        out.accept("### Allocation per call");
        out.accept("");
        out.accept(
                "Bytes per call (per sample for logreg) from `-prof gc`: a warm call of the"
                        + " generated or the hand-written code allocates nothing; a few bytes on"
                        + " calls of micro- or milliseconds are JMH's bookkeeping.");
        out.accept("");
        out.accept(
                "| row | forward, generated | gradient, generated | forward, hand-written |"
                        + " gradient, hand-written |");
        out.accept("|---|---:|---:|---:|---:|");
        for (Row r : ROWS) {
            StringBuilder sb = new StringBuilder("| " + label(r));
            for (String m :
                    List.of(
                            "forwardGenerated",
                            "gradientGenerated",
                            "forwardHand",
                            "gradientHand")) {
                Double a = alloc(r.key(m));
                sb.append(" | ").append(a == null ? "—" : bytes(a));
            }
            out.accept(sb.append(" |").toString());
        }
        out.accept("");
    }

    /** The compiler on each indexed example against the scalar program it unrolls into. */
    void compiler() {
        out.accept("### Indexed programs against their unrolled scalar form");
        out.accept("");
        if (compiler == null) {
            out.accept("No results (see target/bench-results/compiler-indexed.log).");
            out.accept("");
            return;
        }
        out.accept(
                "`Driver.generate` (parse, check, lower, differentiate, emit Java) in process,"
                        + " after "
                        + compiler.get("warmupRuns").getAsInt()
                        + " warm-up runs, median of the measured runs. Statements: the indexed"
                        + " program's loop statements, or the scalar program's assignments;"
                        + " nodes: the expression graph the generator works on. The indexed form's"
                        + " cost does not depend on the sizes (same program at two sizes where"
                        + " they are fixed in the source).");
        out.accept("");
        out.accept(
                "| program | form | sizes | statements | nodes | generation time | generated Java"
                        + " | runs |");
        out.accept("|---|---|---|---:|---:|---:|---:|---:|");
        Map<String, Double> indexedTime = new LinkedHashMap<>();
        List<String> ratios = new ArrayList<>();
        for (JsonElement e : compiler.getAsJsonArray("programs")) {
            JsonObject o = e.getAsJsonObject();
            String program = o.get("program").getAsString();
            String form = o.get("form").getAsString();
            double t = o.get("totalMs").getAsDouble();
            if (form.equals("indexed")) {
                indexedTime.putIfAbsent(program, t);
            } else if (indexedTime.containsKey(program)) {
                ratios.add(
                        program
                                + " at "
                                + o.get("sizes").getAsString()
                                + " "
                                + ratio(t / indexedTime.get(program)));
            }
            out.accept(
                    "| "
                            + program
                            + " | "
                            + form
                            + " | "
                            + o.get("sizes").getAsString()
                            + " | "
                            + String.format(Locale.ROOT, "%,d", o.get("statements").getAsInt())
                            + " | "
                            + (o.has("nodes")
                                    ? String.format(Locale.ROOT, "%,d", o.get("nodes").getAsInt())
                                    : "—")
                            + " | "
                            + ms(t)
                            + " | "
                            + String.format(
                                    Locale.ROOT, "%,d chars", o.get("generatedChars").getAsLong())
                            + " | "
                            + o.get("runs").getAsInt()
                            + " |");
        }
        out.accept("");
        out.accept("- Unrolled ÷ indexed generation time: " + join(ratios) + ".");
        out.accept("");
    }

    // ---- lookups and formats ------------------------------------------------------------------

    private static String label(Row r) {
        return r.perSample() ? r.label() + " (per sample)" : r.label();
    }

    private Double bestHandGradient(Row r) {
        return min(score(r.key("gradientHand")), score(r.key("gradientHandForwardMode")));
    }

    private static Double min(Double a, Double b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : Math.min(a, b);
    }

    static String handMark(double r) {
        return r <= GOAL ? " ✓" : r <= WORST ? " ~" : " ✗";
    }

    private Double score(String key) {
        return score(jmh, key);
    }

    private static Double score(Map<String, JsonObject> results, String key) {
        JsonObject o = results.get(key);
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

    private String cell(String key) {
        return cell(jmh, key);
    }

    private static String cell(Map<String, JsonObject> results, String key) {
        JsonObject o = results.get(key);
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

    private static String cellTime(Double ns) {
        return ns == null ? "—" : time(ns);
    }

    private boolean torchAvailable() {
        return torch != null && torch.has("available") && torch.get("available").getAsBoolean();
    }

    /** PyTorch's time for the row (per sample for logreg), or null. */
    private Double torchNsPerSample(Row r, String field) {
        if (!torchAvailable() || !torch.has("indexed")) {
            return null;
        }
        JsonObject o = torch.getAsJsonObject("indexed").getAsJsonObject(r.torch());
        if (o == null || o.has("error") || !o.has(field)) {
            return null;
        }
        double v = o.get(field).getAsDouble();
        return r.perSample() && o.has("samples") ? v / o.get("samples").getAsDouble() : v;
    }

    private String torchCell(Row r, String field) {
        if (!torchAvailable()) {
            return "n/a";
        }
        if (torch.has("indexed")) {
            JsonObject o = torch.getAsJsonObject("indexed").getAsJsonObject(r.torch());
            if (o != null && o.has("error")) {
                return "wrong result";
            }
        }
        return cellTime(torchNsPerSample(r, field));
    }

    private static String join(List<String> parts) {
        return parts.isEmpty() ? "no results" : String.join(" · ", parts);
    }
}
