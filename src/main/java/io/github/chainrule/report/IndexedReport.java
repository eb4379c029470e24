package io.github.chainrule.report;

import io.github.chainrule.diff.IndexedAdjoint;
import io.github.chainrule.diff.IndexedDerivatives;
import io.github.chainrule.diff.IndexedFormulas;
import io.github.chainrule.diff.IndexedReverse;
import io.github.chainrule.graph.Node;
import io.github.chainrule.graph.Printer;
import io.github.chainrule.indexed.Affine;
import io.github.chainrule.indexed.IndexedPoint;
import io.github.chainrule.indexed.IndexedProgram;
import io.github.chainrule.indexed.IndexedProgram.Binder;
import io.github.chainrule.indexed.IndexedProgram.Statement;
import io.github.chainrule.indexed.IndexedValues;
import io.github.chainrule.indexed.ValuesJson;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code chainrule derive} prints for an indexed program, in index notation: the declarations,
 * the forward pass (each statement with its ranges, each reduction written back where the program
 * wrote it) and, at a point, the values.
 */
public final class IndexedReport {
    /** Arrays up to this many elements are printed whole in text; longer ones are summarised. */
    static final int PRINTED_WHOLE = 12;

    private final IndexedProgram program;
    private final Printer printer;

    /**
     * For the backward pass: also a statement's value as its name ({@code 1 - a[j]^2}, not {@code 1
     * - tanh(…)^2}) where a local partial repeats it.
     */
    private final Printer named;

    private final Map<Integer, String> namedNames;

    /** The backward pass of each output, computed once. */
    private final Map<String, IndexedAdjoint> adjoints = new LinkedHashMap<>();

    /**
     * The lifted reductions the backward passes read or differentiate, by their internal name
     * ({@code a@1}), to the name printed for them ({@code sum1}), in the program's order.
     */
    private final Map<String, String> lifted = new LinkedHashMap<>();

    /** Printed names of forward values: a statement's value as its element ({@code a[j]}). */
    private final Map<Integer, String> valueNames = new HashMap<>();

    public IndexedReport(IndexedProgram program) {
        this.program = program;
        Map<Integer, String> reductions = reductionTexts(program);
        this.printer = new Printer(reductions);
        for (IndexedProgram.Step step : program.steps()) {
            for (Statement s : statementsOf(step)) {
                boolean symbolic = s.lhs().stream().allMatch(a -> a.bareSymbol().isPresent());
                if (s.reduce().isEmpty() && symbolic && !(s.body() instanceof Node.Var)) {
                    valueNames.putIfAbsent(s.body().id(), leafName(s.target(), s.lhs()));
                }
            }
        }
        for (String output : program.outputs()) {
            adjoints.put(output, IndexedReverse.adjoint(program, output));
        }
        nameLifted();
        Map<Integer, String> names = new HashMap<>(valueNames);
        names.putAll(liftedLeafNames());
        this.namedNames = java.util.Collections.unmodifiableMap(names);
        this.named = new Printer(names);
    }

    /**
     * Numbers the lifted reductions that the backward passes mention, per operation ({@code sum1},
     * {@code sum2}, {@code max1}), skipping names the program uses.
     */
    private void nameLifted() {
        java.util.Set<String> mentioned = new java.util.HashSet<>();
        for (IndexedAdjoint a : adjoints.values()) {
            Map<String, String> arrayOf = new HashMap<>();
            a.adjointOf().forEach((array, d) -> arrayOf.put(d, array));
            for (Statement s : a.statements()) {
                mentioned.add(arrayOf.getOrDefault(s.target(), s.target()));
                s.reads()
                        .values()
                        .forEach(r -> mentioned.add(arrayOf.getOrDefault(r.array(), r.array())));
            }
        }
        java.util.Set<String> taken = new java.util.HashSet<>();
        program.sizes().forEach(z -> taken.add(z.name()));
        program.inputs().forEach(a -> taken.add(a.name()));
        program.arrays().forEach(a -> taken.add(a.name()));
        Map<String, Integer> counts = new HashMap<>();
        for (Statement s : orderedByLine(liftedStatements(program))) {
            if (!mentioned.contains(s.target())) {
                continue;
            }
            String op = s.reduce().get().name().toLowerCase(java.util.Locale.ROOT);
            String name;
            do {
                name = op + counts.merge(op, 1, Integer::sum);
            } while (taken.contains(name));
            lifted.put(s.target(), name);
        }
    }

    /**
     * Every leaf of the graph that reads a lifted reduction or its adjoint, by id, to its printed
     * name: {@code a@1[j]} as {@code sum1[j]}, {@code dL/da@1[j]} as {@code dL/dsum1[j]}.
     */
    private Map<Integer, String> liftedLeafNames() {
        Map<Integer, String> out = new HashMap<>();
        for (int id = 0; id < program.graph().size(); id++) {
            if (program.graph().node(id) instanceof Node.Var v && v.name().contains("@")) {
                String shown = display(v.name());
                if (!shown.equals(v.name())) {
                    out.put(id, shown);
                }
            }
        }
        return out;
    }

    /**
     * {@code a@1[j]} as {@code sum1[j]}, {@code dL/da@1} as {@code dL/dsum1}; others as they are.
     */
    String display(String name) {
        for (Map.Entry<String, String> e : lifted.entrySet()) {
            String x = e.getKey();
            for (String output : program.outputs()) {
                String d = IndexedAdjoint.adjointName(output, x);
                if (name.equals(d) || name.startsWith(d + "[")) {
                    return IndexedAdjoint.adjointName(output, e.getValue())
                            + name.substring(d.length());
                }
            }
            if (name.equals(x) || name.startsWith(x + "[")) {
                return e.getValue() + name.substring(x.length());
            }
        }
        return name;
    }

    /**
     * Each lifted reduction's leaf, printed as the reduction ({@code sum(W[j, i]*x[i] for i in
     * 0..d)}): statements come in the order they run, so the text of an inner one (or of the shift
     * of a stable log-sum-exp) is known when an outer one that reads it is printed.
     */
    private static Map<Integer, String> reductionTexts(IndexedProgram program) {
        Map<Integer, String> names = new HashMap<>();
        for (Statement s : liftedStatements(program).values()) {
            Printer inner = new Printer(names);
            String op = s.reduce().get().name().toLowerCase(java.util.Locale.ROOT);
            String text =
                    op
                            + "("
                            + inner.toText(s.body())
                            + " for "
                            + ranges(s.domain().subList(s.reduceFrom(), s.domain().size()))
                            + ")";
            Node leaf = program.graph().variable(leafName(s.target(), s.lhs()));
            names.put(leaf.id(), text);
        }
        return names;
    }

    private static Map<String, Statement> liftedStatements(IndexedProgram program) {
        Map<String, Statement> lifted = new LinkedHashMap<>();
        for (IndexedProgram.Step step : program.steps()) {
            for (Statement s : statementsOf(step)) {
                if (s.reduce().isPresent()) {
                    lifted.put(s.target(), s);
                }
            }
        }
        return lifted;
    }

    /** Lifted statements by their number ({@code a@1} before {@code a@2}): inner ones first. */
    private static List<Statement> orderedByLine(Map<String, Statement> lifted) {
        List<Statement> out = new ArrayList<>(lifted.values());
        out.sort(
                (a, b) -> {
                    int c = Integer.compare(a.line(), b.line());
                    return c != 0 ? c : Integer.compare(number(a.target()), number(b.target()));
                });
        return out;
    }

    private static int number(String lifted) {
        return Integer.parseInt(lifted.substring(lifted.indexOf('@') + 1));
    }

    static String leafName(String array, List<Affine> subscripts) {
        if (subscripts.isEmpty()) {
            return array;
        }
        List<String> parts = new ArrayList<>();
        subscripts.forEach(s -> parts.add(s.toString()));
        return array + "[" + String.join(", ", parts) + "]";
    }

    static List<Statement> statementsOf(IndexedProgram.Step step) {
        if (step instanceof IndexedProgram.Single s) {
            return List.of(s.statement());
        } else if (step instanceof IndexedProgram.Recurrence r) {
            return r.statements();
        }
        throw new AssertionError(step);
    }

    /** {@code i in 0..n, j in i+1..n}: half-open ranges, as the program writes them. */
    static String ranges(List<Binder> binders) {
        List<String> parts = new ArrayList<>();
        for (Binder b : binders) {
            parts.add(b.index() + " in " + b.lo() + ".." + b.hi());
        }
        return String.join(", ", parts);
    }

    /** The declarations and the forward pass. */
    public String text() {
        StringBuilder out = new StringBuilder();
        List<String> sizes = new ArrayList<>();
        for (IndexedProgram.Size s : program.sizes()) {
            sizes.add(s.fixed().isPresent() ? s.name() + " = " + s.fixed().getAsLong() : s.name());
        }
        List<String> inputs = new ArrayList<>();
        program.inputs().forEach(a -> inputs.add(leafName(a.name(), a.extents())));
        out.append("sizes:   ").append(String.join(", ", sizes)).append('\n');
        out.append("inputs:  ").append(String.join(", ", inputs)).append('\n');
        out.append("wrt:     ").append(String.join(", ", program.wrt())).append('\n');
        out.append("outputs: ").append(String.join(", ", program.outputs())).append('\n');
        if (!program.rewrites().isEmpty()) {
            // what was rewritten toward a stable form, as for scalar programs
            out.append("\nrewritten for accuracy (--as-written evaluates as written)\n");
            for (IndexedProgram.Rewrite r : program.rewrites()) {
                out.append("  ").append(r.text()).append('\n');
            }
        }
        out.append("\nforward pass (ranges are half-open: 0..n is 0 <= i < n)\n");
        for (IndexedProgram.Step step : program.steps()) {
            boolean recurrence = step instanceof IndexedProgram.Recurrence;
            for (Statement s : statementsOf(step)) {
                if (s.reduce().isPresent()) {
                    continue; // written where the program reads it
                }
                out.append("  ").append(line(s));
                if (recurrence) {
                    out.append("   (recurrence)");
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    /** {@code a[j] = tanh(sum(W1[j, i]*x[i] for i in 0..d) + b1[j]) for j in 0..h}. */
    private String line(Statement s) {
        Printer p = printer;
        if (s.accumulates()) {
            List<Node> roots = new ArrayList<>(List.of(s.body()));
            if (s.store() instanceof IndexedProgram.Accumulate a) {
                a.firstWhere().ifPresent(roots::add);
            }
            Printer parenthesised = AdjointText.inQuotients(namedNames, roots, program.graph());
            p = parenthesised != null ? parenthesised : named;
        }
        String body = p.toText(s.body());
        List<Binder> outer = s.domain();
        if (s.accumulates() && s.reduce().isPresent()) { // a gather
            outer = s.domain().subList(0, s.reduceFrom());
            body =
                    "sum("
                            + body
                            + " for "
                            + ranges(s.domain().subList(s.reduceFrom(), s.domain().size()))
                            + ")";
        }
        String text =
                display(leafName(s.target(), s.lhs())) + (s.accumulates() ? " += " : " = ") + body;
        if (!outer.isEmpty()) {
            text += "   for " + ranges(outer);
        }
        if (s.store() instanceof IndexedProgram.Accumulate a && a.firstWhere().isPresent()) {
            text += "   (only the first where " + p.toText(a.firstWhere().get()) + ")";
        }
        return text;
    }

    /**
     * The backward pass of each output, as indexed adjoint statements: {@code dL/dW1[j, i] +=
     * x[i]*dL/da[j]*(…) for j in 0..h, i in 0..d}, in the order they run (a recurrence's positions
     * backwards).
     */
    public String backwardText() {
        StringBuilder out = new StringBuilder();
        if (!lifted.isEmpty()) {
            out.append("\nreductions named for the backward pass\n");
            Map<String, Statement> statements = liftedStatements(program);
            for (Map.Entry<String, String> e : lifted.entrySet()) {
                Statement s = statements.get(e.getKey());
                Node leaf = program.graph().variable(leafName(s.target(), s.lhs()));
                out.append("  ")
                        .append(leafName(e.getValue(), s.lhs()))
                        .append(" = ")
                        .append(printer.toText(leaf));
                List<Binder> outer = s.domain().subList(0, s.reduceFrom());
                if (!outer.isEmpty()) {
                    out.append("   for ").append(ranges(outer));
                }
                out.append('\n');
            }
        }
        for (String output : program.outputs()) {
            IndexedAdjoint adjoint = adjoints.get(output);
            out.append("\nbackward pass for ")
                    .append(output)
                    .append(" (downstream += upstream * local partial; adjoints start at 0)\n");
            out.append("  ").append(IndexedAdjoint.adjointName(output, output)).append(" = 1\n");
            for (IndexedProgram.Step step : adjoint.steps()) {
                boolean recurrence = step instanceof IndexedProgram.Recurrence;
                for (Statement s : statementsOf(step)) {
                    out.append("  ").append(line(s));
                    if (recurrence) {
                        out.append("   (recurrence, positions in reverse)");
                    }
                    out.append('\n');
                }
            }
        }
        return out.toString();
    }

    /**
     * Each derivative as an indexed formula: in forward values and the adjoints of the program's
     * arrays, or with {@code expand} written out as far as no loop has to be unrolled.
     */
    public String formulasText(boolean expand) {
        IndexedFormulas formulas = IndexedFormulas.of(program, expand);
        Map<Integer, String> names = new HashMap<>(expand ? Map.of() : valueNames);
        names.putAll(liftedLeafNames());
        return IndexedFormulaText.text(formulas, program.graph(), names, this::display, expand);
    }

    /** The derivatives at a point, as text: each output element by each wrt input. */
    public String derivativesText(IndexedDerivatives d) {
        StringBuilder out = new StringBuilder("\nderivatives at that point\n");
        for (Map.Entry<String, Map<String, double[]>> e : d.byElement().entrySet()) {
            for (Map.Entry<String, double[]> w : e.getValue().entrySet()) {
                out.append("  d")
                        .append(e.getKey())
                        .append("/d")
                        .append(w.getKey())
                        .append(" = ")
                        .append(describe(w.getValue(), d.values().shape(w.getKey())))
                        .append('\n');
            }
        }
        return out.toString();
    }

    /** The outputs' values at a point, as text after {@link #text}. */
    public String valuesText(IndexedPoint point, IndexedValues values) {
        StringBuilder out = new StringBuilder("\nat ");
        List<String> sizes = new ArrayList<>();
        values.sizes().forEach((n, v) -> sizes.add(n + " = " + v));
        out.append(sizes.isEmpty() ? "the point given" : String.join(", ", sizes)).append('\n');
        for (String o : program.outputs()) {
            out.append("  ").append(o).append(" = ").append(describe(values, o)).append('\n');
        }
        return out.toString();
    }

    /** A value as text: a number, a short array whole, a long one summarised. */
    static String describe(IndexedValues values, String name) {
        return describe(values.get(name), values.shape(name));
    }

    static String describe(double[] v, int[] shape) {
        if (shape.length == 0) {
            return Json.number(v[0]);
        }
        if (v.length <= PRINTED_WHOLE) {
            return ValuesJson.nested(v, shape);
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double squares = 0;
        for (double x : v) {
            min = Math.min(min, x);
            max = Math.max(max, x);
            squares += x * x;
        }
        List<String> dims = new ArrayList<>();
        for (int d : shape) {
            dims.add(Integer.toString(d));
        }
        return "array ["
                + String.join(", ", dims)
                + "]: min "
                + Json.number(min)
                + ", max "
                + Json.number(max)
                + ", norm "
                + Json.number(Math.sqrt(squares));
    }

    /** The point and the outputs' values as JSON: arrays as nested lists. */
    public String valuesJson(
            IndexedPoint point, IndexedValues values, IndexedDerivatives derivatives) {
        Map<String, String> at = new LinkedHashMap<>();
        point.sizes().forEach((n, v) -> at.put(n, Long.toString(v)));
        for (IndexedProgram.Array a : program.inputs()) {
            at.put(a.name(), ValuesJson.nested(values.get(a.name()), values.shape(a.name())));
        }
        Map<String, String> top = new LinkedHashMap<>();
        top.put("at", Json.object(at, "  "));
        top.put("outputs", ValuesJson.object(values, program.outputs(), "  "));
        if (derivatives != null) {
            Map<String, String> byElement = new LinkedHashMap<>();
            for (Map.Entry<String, Map<String, double[]>> e : derivatives.byElement().entrySet()) {
                Map<String, String> byWrt = new LinkedHashMap<>();
                e.getValue().forEach((w, v) -> byWrt.put(w, ValuesJson.nested(v, values.shape(w))));
                byElement.put(e.getKey(), Json.object(byWrt, "    "));
            }
            top.put("derivatives", Json.object(byElement, "  "));
        }
        if (!program.rewrites().isEmpty()) {
            List<String> notes = new ArrayList<>();
            program.rewrites().forEach(r -> notes.add(r.text()));
            top.put("rewrites", Json.stringArray(notes));
        }
        return Json.object(top, "") + "\n";
    }
}
