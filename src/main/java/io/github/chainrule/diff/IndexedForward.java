package io.github.chainrule.diff;

import io.github.chainrule.graph.Cmp;
import io.github.chainrule.graph.Graph;
import io.github.chainrule.graph.Node;
import io.github.chainrule.indexed.IndexedProgram;
import io.github.chainrule.indexed.IndexedProgram.Read;
import io.github.chainrule.indexed.IndexedProgram.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Forward mode at the statement level ({@link IndexedTangent}): one tangent statement per active
 * forward statement, its body the tangent of the forward body ({@link Forward#tangents}) with each
 * active read's leaf seeded by the leaf that reads its tangent at the same subscripts. For one or
 * two wrt variables this is the mode that keeps no tape (see {@link Gradient}).
 */
public final class IndexedForward {
    private IndexedForward() {}

    /** The tangent program along the wrt input {@code wrt}. */
    public static IndexedTangent tangent(IndexedProgram program, String wrt) {
        Map<String, IndexedProgram.Array> byName = new LinkedHashMap<>();
        program.inputs().forEach(a -> byName.put(a.name(), a));
        program.arrays().forEach(a -> byName.put(a.name(), a));
        if (!program.inputs().stream().anyMatch(a -> a.name().equals(wrt))) {
            throw new IllegalArgumentException(wrt + " is not an input of the program");
        }
        Set<String> active = IndexedReverse.active(program, Set.of(wrt));
        Map<String, String> tangentOf = new LinkedHashMap<>();
        List<IndexedProgram.Array> tangents = new ArrayList<>();
        for (String name : byName.keySet()) {
            if (active.contains(name)) {
                String d = IndexedTangent.tangentName(name, wrt);
                tangentOf.put(name, d);
                tangents.add(new IndexedProgram.Array(d, byName.get(name).extents()));
            }
        }
        List<IndexedProgram.Step> steps = new ArrayList<>();
        for (IndexedProgram.Step step : program.steps()) {
            if (step instanceof IndexedProgram.Single single) {
                tangentStatement(program, single.statement(), tangentOf)
                        .ifPresent(s -> steps.add(new IndexedProgram.Single(s)));
            } else if (step instanceof IndexedProgram.Recurrence r) {
                List<Statement> group = new ArrayList<>();
                for (Statement s : r.statements()) {
                    tangentStatement(program, s, tangentOf).ifPresent(group::add);
                }
                if (!group.isEmpty()) {
                    steps.add(new IndexedProgram.Recurrence(r.lo(), r.hi(), List.copyOf(group)));
                }
            } else {
                throw new AssertionError(step);
            }
        }
        return new IndexedTangent(
                program,
                wrt,
                Collections.unmodifiableMap(tangentOf),
                List.copyOf(tangents),
                List.copyOf(steps));
    }

    /**
     * Gradients with respect to at most this many scalar inputs may be computed in forward mode
     * ({@link #suitsGradient}).
     */
    public static final int GRADIENT_MAX_WRT = 8;

    /**
     * Whether generated code computes the gradient of {@code program} in forward mode ({@link
     * #tangents}) rather than reverse mode: one scalar output that depends on the wrt inputs, at
     * most {@link #GRADIENT_MAX_WRT} of them, all scalars, and a recurrence over its position alone
     * (a scalar state per step) that the output depends on through them. Such a recurrence is
     * latency-bound: each step waits for the last, so the tangents' multiply-adds, independent of
     * one another, fill the idle slots of the step and the gradient costs about what the forward
     * pass costs, with nothing stored. Reverse mode would keep the trajectory and then run a second
     * latency-bound chain backwards through it. Wherever the wrt inputs are arrays, or many, or
     * there is no such recurrence, reverse mode's one backward sweep is the cheaper.
     */
    public static boolean suitsGradient(IndexedProgram program) {
        List<String> wrt = program.wrt();
        if (program.outputs().size() != 1 || wrt.isEmpty() || wrt.size() > GRADIENT_MAX_WRT) {
            return false;
        }
        String output = program.outputs().get(0);
        for (IndexedProgram.Array a : program.arrays()) {
            if (a.name().equals(output) && !a.isScalar()) {
                return false;
            }
        }
        for (IndexedProgram.Array a : program.inputs()) {
            if (wrt.contains(a.name()) && !a.isScalar()) {
                return false;
            }
        }
        Set<String> active = IndexedReverse.active(program, new LinkedHashSet<>(wrt));
        active.retainAll(IndexedReverse.needed(program, output));
        if (!active.contains(output)) {
            return false;
        }
        for (IndexedProgram.Step step : program.steps()) {
            if (step instanceof IndexedProgram.Recurrence r
                    && r.statements().stream().allMatch(s -> s.domain().size() == 1)
                    && r.statements().stream().anyMatch(s -> active.contains(s.target()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The gradient of the program's one scalar output in forward mode along every wrt input at once
     * (each a scalar), as one program ({@link IndexedTangents}): each statement followed by its
     * tangents, all made in one sweep over its body ({@link Forward#tangents}) so that they share
     * their partials. Only the arrays the output reads and that depend on a wrt input have
     * tangents.
     */
    public static IndexedTangents tangents(IndexedProgram program) {
        String output = program.outputs().get(0);
        Set<String> needed = IndexedReverse.needed(program, output);
        List<String> wrt = program.wrt();
        List<Map<String, String>> tangentOf = new ArrayList<>();
        for (String w : wrt) {
            if (!program.inputs().stream().anyMatch(a -> a.name().equals(w) && a.isScalar())) {
                throw new IllegalArgumentException(w + " is not a scalar input of the program");
            }
            Set<String> active = IndexedReverse.active(program, Set.of(w));
            Map<String, String> of = new LinkedHashMap<>();
            for (IndexedProgram.Array a : program.arrays()) {
                if (active.contains(a.name()) && needed.contains(a.name())) {
                    of.put(a.name(), IndexedTangent.tangentName(a.name(), w));
                }
            }
            tangentOf.add(of);
        }
        List<IndexedProgram.Array> tangents = new ArrayList<>();
        for (IndexedProgram.Array a : program.arrays()) {
            for (Map<String, String> of : tangentOf) {
                if (of.containsKey(a.name())) {
                    tangents.add(new IndexedProgram.Array(of.get(a.name()), a.extents()));
                }
            }
        }
        List<IndexedProgram.Step> steps = new ArrayList<>();
        for (IndexedProgram.Step step : program.steps()) {
            if (step instanceof IndexedProgram.Single single) {
                steps.add(single);
                for (Statement t : tangentStatements(program, single.statement(), tangentOf)) {
                    steps.add(new IndexedProgram.Single(t));
                }
            } else if (step instanceof IndexedProgram.Recurrence r) {
                List<Statement> group = new ArrayList<>();
                for (Statement s : r.statements()) {
                    group.add(s);
                    group.addAll(tangentStatements(program, s, tangentOf));
                }
                steps.add(new IndexedProgram.Recurrence(r.lo(), r.hi(), List.copyOf(group)));
            } else {
                throw new AssertionError(step);
            }
        }
        List<IndexedProgram.Array> arrays = new ArrayList<>(program.arrays());
        arrays.addAll(tangents);
        IndexedProgram merged =
                new IndexedProgram(
                        program.source(),
                        program.graph(),
                        program.sizes(),
                        program.inputs(),
                        List.copyOf(arrays),
                        List.copyOf(steps),
                        wrt,
                        program.outputs(),
                        program.shifts(),
                        program.rewrites());
        Map<String, String> gradient = new LinkedHashMap<>();
        for (int j = 0; j < wrt.size(); j++) {
            String d = tangentOf.get(j).get(output);
            if (d != null) {
                gradient.put(wrt.get(j), d);
            }
        }
        return new IndexedTangents(
                merged, List.copyOf(tangents), Collections.unmodifiableMap(gradient));
    }

    /**
     * The tangents of {@code s} along each wrt input whose tangent of the target can be nonzero, in
     * wrt order: {@code Σ ∂body/∂leaf · d leaf/dw} over the body's leaves that read an active array
     * (in leaf-name order), {@code d w/dw} being 1. The partials come from one reverse sweep over
     * the body, so they are the same nodes for every wrt input, and a partial that does not move
     * with the position ({@code -dt·k} in the oscillator) is computed once, not at every step. A
     * max or min's tangent is set to 0 first (it is added where the extreme is).
     */
    private static List<Statement> tangentStatements(
            IndexedProgram program, Statement s, List<Map<String, String>> tangentOf) {
        Graph g = program.graph();
        Map<String, Read> leaves = new TreeMap<>(s.reads());
        List<Node> variables = new ArrayList<>();
        leaves.keySet().forEach(name -> variables.add(g.variable(name)));
        List<Node> partials = Reverse.gradient(g, s.body(), variables);
        // each partial is one factor of the tangent along every wrt input: computed once
        partials.forEach(g::keepWhole);
        boolean extreme = s.reduce().isPresent() && s.reduce().get() != IndexedProgram.ReduceOp.SUM;
        List<Statement> out = new ArrayList<>();
        for (int j = 0; j < tangentOf.size(); j++) {
            String dTarget = tangentOf.get(j).get(s.target());
            if (dTarget == null) {
                continue;
            }
            String w = program.wrt().get(j);
            Map<String, Read> extra = new LinkedHashMap<>();
            List<Node> parts = new ArrayList<>();
            int k = 0;
            for (Read read : leaves.values()) {
                Node partial = partials.get(k++);
                if (partial instanceof Node.Const c && c.is(0)) {
                    continue;
                }
                String d = tangentOf.get(j).get(read.array());
                if (read.array().equals(w)) {
                    parts.add(partial);
                } else if (d != null) {
                    Read t = new Read(d, read.subscripts());
                    String name = IndexedReverse.leafName(t);
                    extra.put(name, t);
                    parts.add(Partials.chain(g, g.variable(name), partial));
                }
            }
            Node body = parts.isEmpty() ? g.constant(0) : g.sum(parts);
            if (extreme) {
                out.add(
                        new Statement(
                                dTarget,
                                s.lhs(),
                                List.copyOf(s.domain().subList(0, s.reduceFrom())),
                                Optional.empty(),
                                s.reduceFrom(),
                                g.constant(0),
                                Map.of(),
                                s.line()));
            }
            out.add(statement(program, s, dTarget, body, extra));
        }
        return out;
    }

    private static Optional<Statement> tangentStatement(
            IndexedProgram program, Statement s, Map<String, String> tangentOf) {
        String dTarget = tangentOf.get(s.target());
        if (dTarget == null) {
            return Optional.empty();
        }
        Graph g = program.graph();
        Map<Node, Node> seeds = new LinkedHashMap<>();
        Map<String, Read> extra = new LinkedHashMap<>();
        for (Map.Entry<String, Read> leaf : s.reads().entrySet()) {
            String d = tangentOf.get(leaf.getValue().array());
            if (d != null) {
                Read t = new Read(d, leaf.getValue().subscripts());
                String name = IndexedReverse.leafName(t);
                extra.put(name, t);
                seeds.put(g.variable(leaf.getKey()), g.variable(name));
            }
        }
        Node body = Forward.tangents(g, List.of(s.body()), seeds).get(0);
        return Optional.of(statement(program, s, dTarget, body, extra));
    }

    /**
     * The tangent statement of {@code s} into {@code dTarget} whose body is {@code body}: over the
     * same binders, a sum reduction's tangent the sum of its terms' tangents, a max or min's the
     * tangent of the first term that attains it (an accumulation, into zeros).
     */
    private static Statement statement(
            IndexedProgram program,
            Statement s,
            String dTarget,
            Node body,
            Map<String, Read> extra) {
        Graph g = program.graph();
        int depth = s.domain().size();
        Optional<IndexedProgram.ReduceOp> op = s.reduce();
        if (op.isPresent() && op.get() != IndexedProgram.ReduceOp.SUM) {
            Read value = new Read(s.target(), s.lhs());
            String name = IndexedReverse.leafName(value);
            extra.put(name, value);
            Node first = g.compare(Cmp.EQ, s.body(), g.variable(name));
            return new Statement(
                    dTarget,
                    s.lhs(),
                    s.domain(),
                    Optional.empty(),
                    depth,
                    body,
                    IndexedReverse.readsOf(g, List.of(body, first), s.reads(), extra),
                    s.line(),
                    new IndexedProgram.Accumulate(Optional.of(first), s.reduceFrom()));
        }
        return new Statement(
                dTarget,
                s.lhs(),
                s.domain(),
                op,
                op.isPresent() ? s.reduceFrom() : depth,
                body,
                IndexedReverse.readsOf(g, List.of(body), s.reads(), extra),
                s.line());
    }
}
