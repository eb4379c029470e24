package io.github.chainrule.diff;

import io.github.chainrule.check.CheckedProgram;
import io.github.chainrule.graph.Evaluator;
import io.github.chainrule.graph.Graph;
import io.github.chainrule.graph.Node;
import io.github.chainrule.graph.Rebuild;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chain rule at the level of statements, as the backpropagation diagram draws it: each
 * statement {@code z = f(x, y)} has local partials dz/dx, dz/dy over the names it reads; walking
 * the statements backwards, it receives its upstream adjoint dL/dz and hands dL/dz · dz/dx to each
 * name it read. Everything here is over names (the statements' own variables), for printing and
 * drawing; generated code uses {@link Reverse} over the whole expanded graph.
 */
public final class Backprop {
    private Backprop() {}

    /**
     * Partials larger than this many nodes keep the statement's value as an expression, not its
     * name.
     */
    private static final int MAX_RENAMED = 2_000;

    /** dz/dx for one name x that the statement z reads. */
    public record Local(String read, Node partial) {}

    /** A statement's contribution to one name: {@code dL/d read += dL/d statement * partial}. */
    public record Contribution(String read, Node partial, boolean first) {}

    /** One statement of the backward pass, in reverse order, with its complete upstream adjoint. */
    public record Step(
            CheckedProgram.Definition definition,
            Node upstream,
            List<Contribution> contributions) {}

    public record Pass(String output, List<Step> steps, Map<String, Node> adjoints) {
        /** dL/d name over names, zero when the output does not depend on it. */
        public Node adjoint(Graph g, String name) {
            return adjoints.getOrDefault(name, g.constant(0));
        }
    }

    /** The local partials of every statement, keyed by name, in the order each reads its names. */
    public static Map<String, List<Local>> locals(CheckedProgram p) {
        Graph g = p.graph();
        Map<String, List<Local>> out = new LinkedHashMap<>();
        for (CheckedProgram.Definition d : p.definitions()) {
            List<Node> vars = new ArrayList<>();
            for (String r : d.reads()) {
                vars.add(g.variable(r));
            }
            List<Node> partials = Reverse.gradient(g, d.local(), vars);
            // a partial that reuses the statement's value (sigmoid' = a(1 - a)) says so by name,
            // so that it meets the same name in the adjoints it is multiplied with
            // (not when the statement is a constant or a copy: `y = 0*x` would make its partial 0
            // print as `y`)
            boolean named = !(d.local() instanceof Node.Const) && !(d.local() instanceof Node.Var);
            Map<Node, Node> self = named ? Map.of(d.local(), g.variable(d.name())) : Map.of();
            List<Local> locals = new ArrayList<>();
            for (int i = 0; i < vars.size(); i++) {
                Node partial = partials.get(i);
                // naming is for reading: a partial too large to read (a power tower's) is left as
                // it is,
                // since rebuilding it once per name it reads would cost the square of its size
                boolean readable = Evaluator.reachableIds(List.of(partial)).length <= MAX_RENAMED;
                locals.add(
                        new Local(
                                d.reads().get(i),
                                readable ? Rebuild.substitute(g, partial, self) : partial));
            }
            out.put(d.name(), List.copyOf(locals));
        }
        return out;
    }

    public static Pass pass(CheckedProgram p, Map<String, List<Local>> locals, String output) {
        Graph g = p.graph();
        Map<String, List<Node>> pending = new HashMap<>();
        pending.computeIfAbsent(output, k -> new ArrayList<>()).add(g.constant(1));
        Map<String, Node> adjoints = new LinkedHashMap<>();
        List<Step> steps = new ArrayList<>();
        List<CheckedProgram.Definition> defs = p.definitions();
        for (int k = defs.size() - 1; k >= 0; k--) {
            CheckedProgram.Definition d = defs.get(k);
            List<Node> parts = pending.remove(d.name());
            if (parts == null) {
                continue;
            }
            Node upstream = g.sum(parts);
            g.keepWholeIfShared(upstream, locals.get(d.name()).size());
            adjoints.put(d.name(), upstream);
            List<Contribution> contributions = new ArrayList<>();
            for (Local local : locals.get(d.name())) {
                if (local.partial() instanceof Node.Const c && c.is(0)) {
                    continue;
                }
                boolean first = !pending.containsKey(local.read());
                pending.computeIfAbsent(local.read(), x -> new ArrayList<>())
                        .add(Partials.chain(g, upstream, local.partial()));
                contributions.add(new Contribution(local.read(), local.partial(), first));
            }
            steps.add(new Step(d, upstream, List.copyOf(contributions)));
        }
        for (String input : p.inputs()) {
            List<Node> parts = pending.remove(input);
            if (parts != null) {
                adjoints.put(input, g.sum(parts));
            }
        }
        return new Pass(output, List.copyOf(steps), adjoints);
    }
}
