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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
        int depth = s.domain().size();
        Optional<IndexedProgram.ReduceOp> op = s.reduce();
        if (op.isPresent() && op.get() != IndexedProgram.ReduceOp.SUM) {
            Read value = new Read(s.target(), s.lhs());
            String name = IndexedReverse.leafName(value);
            extra.put(name, value);
            Node first = g.compare(Cmp.EQ, s.body(), g.variable(name));
            return Optional.of(
                    new Statement(
                            dTarget,
                            s.lhs(),
                            s.domain(),
                            Optional.empty(),
                            depth,
                            body,
                            IndexedReverse.readsOf(g, List.of(body, first), s.reads(), extra),
                            s.line(),
                            new IndexedProgram.Accumulate(Optional.of(first), s.reduceFrom())));
        }
        return Optional.of(
                new Statement(
                        dTarget,
                        s.lhs(),
                        s.domain(),
                        op,
                        op.isPresent() ? s.reduceFrom() : depth,
                        body,
                        IndexedReverse.readsOf(g, List.of(body), s.reads(), extra),
                        s.line()));
    }
}
