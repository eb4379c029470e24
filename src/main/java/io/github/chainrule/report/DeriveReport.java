package io.github.chainrule.report;

import io.github.chainrule.check.CheckedProgram;
import io.github.chainrule.check.Rewriting;
import io.github.chainrule.diff.Backprop;
import io.github.chainrule.diff.Derivatives;
import io.github.chainrule.eval.PointValues;
import io.github.chainrule.graph.Graph;
import io.github.chainrule.graph.Node;
import io.github.chainrule.graph.Printer;
import io.github.chainrule.graph.Refold;
import io.github.chainrule.graph.Tidy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code chainrule derive} prints: the forward pass, the backward pass as the chain rule
 * applies it statement by statement (upstream × local partial), and each derivative simplified; or
 * the same as JSON; or, at a point, the values.
 */
public final class DeriveReport {
    /** Derivatives longer than this are not spelled out (a DAG printed as a tree can explode). */
    static final long MAX_PRINTED = 20_000;

    /** In JSON, for programs: longer ones are null (the values at a point are always there). */
    static final long MAX_JSON_PRINTED = 1_000_000;

    private final CheckedProgram program;
    private final List<String> wrt;
    private final boolean expand;
    private final Graph g;

    /**
     * Prints over inputs, or over names where {@code named} prints a statement's value as its name.
     * Both print products in one order (see {@link #operandOrder}).
     */
    private final Printer printer;

    private final Printer named;

    /** Folds the statements' bodies back into their names, in what is printed over names. */
    private final Refold refold;

    public DeriveReport(CheckedProgram program, List<String> wrt, boolean expand) {
        this.program = program;
        this.wrt = wrt;
        this.expand = expand;
        this.g = program.graph();
        Map<Integer, String> names = new java.util.HashMap<>();
        List<Refold.Named> bodies = new ArrayList<>();
        for (CheckedProgram.Definition d : program.definitions()) {
            if (!(d.local() instanceof Node.Var) && !(d.local() instanceof Node.Const)) {
                names.putIfAbsent(d.local().id(), d.name()); // sigmoid(z) in a partial is a
            }
            bodies.add(new Refold.Named(g.variable(d.name()), d.local()));
        }
        Map<Integer, Integer> order = operandOrder(program);
        this.printer = new Printer(Map.of(), order);
        this.named = new Printer(names, order);
        this.refold = new Refold(g, bodies);
    }

    /**
     * One order of operands in every printed product: the inputs first, in the order the {@code
     * input} line declares them, then the statements' values in program order, then everything else
     * (calls, sums) in the order it was built. {@code z = w1*x1} and {@code x1*w2} on another line
     * would otherwise both print in the order each name was first read.
     */
    private static Map<Integer, Integer> operandOrder(CheckedProgram program) {
        Graph g = program.graph();
        Map<Integer, Integer> order = new java.util.HashMap<>();
        int rank = 0;
        for (String input : program.inputs()) {
            order.putIfAbsent(g.variable(input).id(), rank++);
        }
        for (CheckedProgram.Definition d : program.definitions()) {
            order.putIfAbsent(g.variable(d.name()).id(), rank);
            if (!(d.local() instanceof Node.Var) && !(d.local() instanceof Node.Const)) {
                order.putIfAbsent(d.local().id(), rank); // printed as the name
            }
            rank++;
        }
        return order;
    }

    // ---- symbolic
    // ---------------------------------------------------------------------------------

    /**
     * The derivative of each output with respect to each wrt variable, as text (null if too long).
     */
    public Map<String, Map<String, String>> derivativeTexts(long maxChars) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        if (expand) {
            Derivatives d = Derivatives.of(program, wrt);
            for (int j = 0; j < d.outputs().size(); j++) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < wrt.size(); i++) {
                    Node derivative = Tidy.tidy(g, d.byOutput().get(j).get(i), printer);
                    row.put(wrt.get(i), printer.toText(derivative, 0, maxChars));
                }
                out.put(d.outputs().get(j), row);
            }
            return out;
        }
        for (String o : program.outputs()) {
            Backprop.Pass pass = passes().get(o);
            Map<String, String> row = new LinkedHashMap<>();
            for (String w : wrt) {
                Node adjoint = refold.fold(pass.adjoint(g, w));
                row.put(w, named.toText(Tidy.tidy(g, adjoint, named), 0, maxChars));
            }
            out.put(o, row);
        }
        return out;
    }

    /**
     * The statement-level backward pass of each output, computed once: text() prints it and its
     * derivatives.
     */
    private Map<String, Backprop.Pass> passes;

    private Map<String, Backprop.Pass> passes() {
        if (passes == null) {
            Map<String, List<Backprop.Local>> locals = Backprop.locals(program);
            passes = new LinkedHashMap<>();
            for (String o : program.outputs()) {
                passes.put(o, Backprop.pass(program, locals, o));
            }
        }
        return passes;
    }

    private Map<String, Integer> statementIndex;

    private Map<String, Integer> statementIndex() {
        if (statementIndex == null) {
            statementIndex = new java.util.HashMap<>();
            List<CheckedProgram.Definition> defs = program.definitions();
            for (int i = 0; i < defs.size(); i++) {
                statementIndex.put(defs.get(i).name(), i);
            }
        }
        return statementIndex;
    }

    public String text() {
        StringBuilder out = new StringBuilder();
        out.append("inputs:  ").append(String.join(", ", program.inputs())).append('\n');
        out.append("wrt:     ").append(String.join(", ", wrt)).append('\n');
        out.append("outputs: ").append(String.join(", ", program.outputs())).append('\n');

        if (!program.rewrites().isEmpty()) {
            // what was rewritten toward a stable form, so the reader learns from it
            out.append("\nrewritten for accuracy (--as-written evaluates as written)\n");
            for (Rewriting.Note note : program.rewrites()) {
                out.append("  ").append(note.text()).append('\n');
            }
        }

        out.append("\nforward pass\n");
        for (CheckedProgram.Definition d : program.definitions()) {
            out.append("  ").append(d.name()).append(" = ").append(bounded(d.local())).append('\n');
        }

        for (String o : program.outputs()) {
            Backprop.Pass pass = passes().get(o);
            out.append("\nbackward pass for ")
                    .append(o)
                    .append(" (downstream = upstream * local partial)\n");
            out.append("  d").append(o).append("/d").append(o).append(" = 1\n");
            for (Backprop.Step step : pass.steps()) {
                CheckedProgram.Definition d = step.definition();
                int upTo = statementIndex().get(d.name()) + 1; // its partials use no later name
                out.append("  ")
                        .append(d.name())
                        .append(" = ")
                        .append(bounded(d.local()))
                        .append('\n');
                for (Backprop.Contribution c : step.contributions()) {
                    if (!wantsAdjoint(c.read())) {
                        continue;
                    }
                    out.append("    ")
                            .append(adjointName(o, c.read()))
                            .append(c.first() ? " = " : " += ")
                            .append(adjointName(o, d.name()));
                    Node partial = refold.fold(c.partial(), upTo);
                    if (!(partial instanceof Node.Const one && one.is(1))) {
                        out.append(" * ").append(boundedFactor(partial));
                    }
                    out.append('\n');
                }
            }
        }

        out.append(expand ? "\nderivatives, in the inputs alone\n" : "\nderivatives\n");
        for (Map.Entry<String, Map<String, String>> row : derivativeTexts(MAX_PRINTED).entrySet()) {
            for (Map.Entry<String, String> cell : row.getValue().entrySet()) {
                String text = cell.getValue() == null ? tooLong() : cell.getValue();
                out.append("  ")
                        .append(adjointName(row.getKey(), cell.getKey()))
                        .append(" = ")
                        .append(text)
                        .append('\n');
            }
        }
        return out.toString();
    }

    private boolean wantsAdjoint(String name) {
        return program.definition(name).isPresent() || wrt.contains(name);
    }

    private static String adjointName(String output, String name) {
        return "d" + output + "/d" + name;
    }

    private String bounded(Node n) {
        String text = printer.toText(n, 0, MAX_PRINTED);
        return text == null ? tooLong() : text;
    }

    private String boundedFactor(Node n) {
        String text = named.toText(n, 0, MAX_PRINTED);
        return text == null ? tooLong() : named.factor(n);
    }

    private static String tooLong() {
        return "(longer than "
                + MAX_PRINTED
                + " characters; the backward pass above gives it step by step)";
    }

    public String json() {
        Map<String, String> top = new LinkedHashMap<>();
        top.put("inputs", Json.stringArray(program.inputs()));
        top.put("outputs", Json.stringArray(program.outputs()));
        top.put("wrt", Json.stringArray(wrt));
        if (!program.rewrites().isEmpty()) {
            List<String> notes = new ArrayList<>();
            program.rewrites().forEach(n -> notes.add(n.text()));
            top.put("rewrites", Json.stringArray(notes));
        }
        Map<String, String> forward = new LinkedHashMap<>();
        for (CheckedProgram.Definition d : program.definitions()) {
            forward.put(d.name(), jsonText(printer.toText(d.local(), 0, MAX_JSON_PRINTED)));
        }
        top.put("forward", Json.object(forward, "  "));
        Map<String, String> derivatives = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, String>> row :
                derivativeTexts(MAX_JSON_PRINTED).entrySet()) {
            Map<String, String> cells = new LinkedHashMap<>();
            row.getValue().forEach((w, text) -> cells.put(w, jsonText(text)));
            derivatives.put(row.getKey(), Json.object(cells, "    "));
        }
        top.put("derivatives", Json.object(derivatives, "  "));
        return Json.object(top, "") + "\n";
    }

    private static String jsonText(String text) {
        return text == null ? "null" : Json.string(text);
    }

    // ---- numeric
    // ----------------------------------------------------------------------------------

    public String valuesText(PointValues values) {
        StringBuilder out = new StringBuilder("\nat ");
        List<String> point = new ArrayList<>();
        values.at().forEach((k, v) -> point.add(k + " = " + v));
        out.append(String.join(", ", point)).append('\n');
        values.outputs()
                .forEach((o, v) -> out.append("  ").append(o).append(" = ").append(v).append('\n'));
        values.derivatives()
                .forEach(
                        (o, row) ->
                                row.forEach(
                                        (w, v) ->
                                                out.append("  ")
                                                        .append(adjointName(o, w))
                                                        .append(" = ")
                                                        .append(v)
                                                        .append('\n')));
        return out.toString();
    }

    public static String valuesJson(PointValues values) {
        Map<String, String> at = new LinkedHashMap<>();
        values.at().forEach((k, v) -> at.put(k, Json.number(v)));
        Map<String, String> outputs = new LinkedHashMap<>();
        values.outputs().forEach((k, v) -> outputs.put(k, Json.number(v)));
        Map<String, String> derivatives = new LinkedHashMap<>();
        values.derivatives()
                .forEach(
                        (o, row) -> {
                            Map<String, String> cells = new LinkedHashMap<>();
                            row.forEach((w, v) -> cells.put(w, Json.number(v)));
                            derivatives.put(o, Json.object(cells, "    "));
                        });
        Map<String, String> top = new LinkedHashMap<>();
        top.put("at", Json.object(at, "  "));
        top.put("outputs", Json.object(outputs, "  "));
        top.put("derivatives", Json.object(derivatives, "  "));
        return Json.object(top, "") + "\n";
    }
}
