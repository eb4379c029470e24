package io.github.chainrule.check;

import io.github.chainrule.graph.Evaluator;
import io.github.chainrule.graph.Graph;
import io.github.chainrule.graph.Node;
import io.github.chainrule.graph.Printer;
import io.github.chainrule.graph.Rebuild;
import io.github.chainrule.graph.Rewriter;
import io.github.chainrule.graph.Rewrites;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A checked program with the rewrites toward stable forms applied ({@link Rewrites}), statement by
 * statement, before anything is differentiated: each statement's local form (over the names it
 * reads) is rewritten, seeing through the names to their definitions, and its value over the inputs
 * is rebuilt from the rewritten local forms. So the printed forward pass, the value, the printed
 * derivatives and the computed ones all come from the same rewritten form.
 */
public final class Rewriting {
    private Rewriting() {}

    /**
     * One rewrite applied to a statement, for {@code derive} to say: {@code line 6: log(1 - a) with
     * a = sigmoid(z) → -softplus(z)}.
     */
    public record Note(
            String statement,
            int line,
            String before,
            List<String> with,
            String after,
            List<Rewrites> rules) {
        public String text() {
            String w = with.isEmpty() ? "" : " with " + String.join(", ", with);
            return "line " + line + ": " + before + w + " → " + after;
        }
    }

    /** Longer expressions are shortened in notes. */
    private static final int MAX_NOTE = 120;

    public static CheckedProgram apply(CheckedProgram p) {
        Graph g = p.graph();
        Map<String, Node> rewrittenLocal = new HashMap<>();
        Map<Node, Node> expansion = new HashMap<>();
        List<CheckedProgram.Definition> out = new ArrayList<>();
        List<Note> notes = new ArrayList<>();
        Printer printer = new Printer(Map.of());
        boolean changed = false;
        Map<String, Integer> declared = declarationOrder(p);
        for (CheckedProgram.Definition d : p.definitions()) {
            List<Rewriter.Applied> applied = new ArrayList<>();
            Node local = new Rewriter(g, rewrittenLocal::get).rewrite(d.local(), applied);
            rewrittenLocal.put(d.name(), local);
            CheckedProgram.Definition nd = d;
            if (local != d.local()) {
                changed = true;
                Node value = Rebuild.substitute(g, local, expansion);
                g.keepWhole(value);
                nd =
                        new CheckedProgram.Definition(
                                d.name(),
                                d.span(),
                                d.expr(),
                                value,
                                local,
                                reads(p, declared, d, local));
                for (Rewriter.Applied a : applied) {
                    List<String> with = new ArrayList<>();
                    for (String name : a.seen()) {
                        with.add(name + " = " + shorten(printer, rewrittenLocal.get(name)));
                    }
                    notes.add(
                            new Note(
                                    d.name(),
                                    d.span().line(),
                                    shorten(printer, a.before()),
                                    List.copyOf(with),
                                    shorten(printer, a.after()),
                                    a.rules()));
                }
            } else if (!expansion.isEmpty()) {
                // an earlier statement changed: this one's value is rebuilt over the new values
                Node value = Rebuild.substitute(g, local, expansion);
                if (value != d.value()) {
                    g.keepWhole(value);
                    nd =
                            new CheckedProgram.Definition(
                                    d.name(), d.span(), d.expr(), value, local, d.reads());
                }
            }
            expansion.put(g.variable(d.name()), nd.value());
            out.add(nd);
        }
        if (!changed) {
            return p;
        }
        Map<String, CheckedProgram.Definition> byName = new HashMap<>();
        out.forEach(d -> byName.put(d.name(), d));
        return new CheckedProgram(
                p.source(),
                g,
                p.inputs(),
                p.wrt(),
                p.outputs(),
                List.copyOf(out),
                Map.copyOf(byName),
                List.copyOf(notes));
    }

    /**
     * Each name's place in the order the names were declared or assigned: the inputs, then the
     * statements. Built once per program, so that ordering the names a rewrite made a statement
     * read costs no walk over all the statements (which made rewriting quadratic in their number).
     */
    private static Map<String, Integer> declarationOrder(CheckedProgram p) {
        Map<String, Integer> order = new HashMap<>();
        for (String input : p.inputs()) {
            order.putIfAbsent(input, order.size());
        }
        for (CheckedProgram.Definition e : p.definitions()) {
            order.putIfAbsent(e.name(), order.size());
        }
        return order;
    }

    /**
     * The names the rewritten statement reads: those it read before that it still reads, in their
     * order, then the names a rewrite made it read (through a definition it looked into), in the
     * order the names were declared or assigned.
     */
    private static List<String> reads(
            CheckedProgram p,
            Map<String, Integer> declared,
            CheckedProgram.Definition d,
            Node local) {
        Set<String> now = new LinkedHashSet<>();
        for (int id : Evaluator.reachableIds(List.of(local))) {
            if (p.graph().node(id) instanceof Node.Var v) {
                now.add(v.name());
            }
        }
        List<String> out = new ArrayList<>();
        for (String r : d.reads()) {
            if (now.remove(r)) {
                out.add(r);
            }
        }
        List<String> rest = new ArrayList<>();
        for (String name : now) {
            if (declared.containsKey(name)) {
                rest.add(name);
            }
        }
        rest.sort(Comparator.comparingInt(declared::get));
        out.addAll(rest);
        return List.copyOf(out);
    }

    static String shorten(Printer printer, Node n) {
        String text = printer.toText(n, 0, MAX_NOTE);
        if (text == null) {
            text = printer.prefix(n, MAX_NOTE);
        }
        return text.length() <= MAX_NOTE ? text : text.substring(0, MAX_NOTE - 1) + "…";
    }
}
