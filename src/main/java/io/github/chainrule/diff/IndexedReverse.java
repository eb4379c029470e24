package io.github.chainrule.diff;

import io.github.chainrule.graph.Cmp;
import io.github.chainrule.graph.Evaluator;
import io.github.chainrule.graph.Graph;
import io.github.chainrule.graph.Node;
import io.github.chainrule.graph.Rebuild;
import io.github.chainrule.indexed.Affine;
import io.github.chainrule.indexed.IndexedProgram;
import io.github.chainrule.indexed.IndexedProgram.Read;
import io.github.chainrule.indexed.IndexedProgram.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reverse mode at the statement level: the adjoint of a map is a map, the adjoint of a read a
 * scatter-add over the reading statement's domain, the adjoint of a recurrence the same loop run
 * backwards (JAX's transpose rules, Tapenade's adjoint loops). For a statement {@code T[lhs] =
 * body} and each element read {@code B[subs]} of its body whose array is active, one statement
 * {@code dB[subs] += dT[lhs] * ∂body/∂B[subs]} over the same domain; the local partials of all the
 * body's leaves come from one reverse sweep over the body ({@link Reverse#adjoints}) seeded with
 * the leaf {@code dT[lhs]}, so they are built, hash-consed and simplified by the graph's factory as
 * for scalar programs. A sum reduction's statement hands {@code dT[outer]} to every point of its
 * domain (outer and own binders); a max or min reduction's only to the first point that attains the
 * extreme: its adjoint statements accumulate where {@code body == T[outer]}, first point only
 * ({@link IndexedProgram.Accumulate#firstWhere}), which is the point the forward run kept. Adjoints
 * of index variables and sizes are not taken: they are constants. Then the copies that lifted
 * reductions leave are folded away ({@link CopyFolding}) and the statements whose read is the
 * identity on some binders become gathers ({@link Gathers}).
 */
public final class IndexedReverse {
    private IndexedReverse() {}

    /** The backward pass of {@code output} (a scalar or an array the program assigns). */
    public static IndexedAdjoint adjoint(IndexedProgram program, String output) {
        Map<String, IndexedProgram.Array> byName = new LinkedHashMap<>();
        program.inputs().forEach(a -> byName.put(a.name(), a));
        program.arrays().forEach(a -> byName.put(a.name(), a));
        if (!program.arrays().stream().anyMatch(a -> a.name().equals(output))) {
            throw new IllegalArgumentException(output + " is not assigned by the program");
        }
        Set<String> active = active(program, new LinkedHashSet<>(program.wrt()));
        active.retainAll(needed(program, output)); // what the output does not read has no adjoint
        Map<String, String> adjointOf = new LinkedHashMap<>();
        List<IndexedProgram.Array> adjoints = new ArrayList<>();
        for (String name : byName.keySet()) {
            if (active.contains(name)) {
                String d = IndexedAdjoint.adjointName(output, name);
                adjointOf.put(name, d);
                adjoints.add(new IndexedProgram.Array(d, byName.get(name).extents()));
            }
        }
        List<IndexedProgram.Step> steps = new ArrayList<>();
        List<IndexedProgram.Step> forward = program.steps();
        for (int k = forward.size() - 1; k >= 0; k--) {
            IndexedProgram.Step step = forward.get(k);
            if (step instanceof IndexedProgram.Single single) {
                for (Statement s : adjointStatements(program, single.statement(), adjointOf)) {
                    steps.add(new IndexedProgram.Single(s));
                }
            } else if (step instanceof IndexedProgram.Recurrence r) {
                List<Statement> group = new ArrayList<>();
                for (int i = r.statements().size() - 1; i >= 0; i--) {
                    group.addAll(adjointStatements(program, r.statements().get(i), adjointOf));
                }
                if (!group.isEmpty()) {
                    steps.add(new IndexedProgram.Recurrence(r.lo(), r.hi(), List.copyOf(group)));
                }
            } else {
                throw new AssertionError(step);
            }
        }
        CopyFolding.Folded folded = CopyFolding.fold(program, steps, adjointOf, adjoints);
        adjointOf.values().removeAll(folded.removed());
        adjoints.removeIf(a -> folded.removed().contains(a.name()));
        return new IndexedAdjoint(
                program,
                output,
                java.util.Collections.unmodifiableMap(adjointOf),
                List.copyOf(adjoints),
                gathered(program, folded.steps(), adjoints));
    }

    /** Every statement that can be a gather written as one ({@link Gathers}). */
    private static List<IndexedProgram.Step> gathered(
            IndexedProgram program,
            List<IndexedProgram.Step> steps,
            List<IndexedProgram.Array> adjoints) {
        Map<String, List<Affine>> extents = new LinkedHashMap<>();
        adjoints.forEach(a -> extents.put(a.name(), a.extents()));
        Map<String, Long> fixed = Gathers.fixedSizes(program);
        List<IndexedProgram.Step> out = new ArrayList<>();
        for (IndexedProgram.Step step : steps) {
            if (step instanceof IndexedProgram.Single single) {
                Statement s = single.statement();
                out.add(
                        new IndexedProgram.Single(
                                Gathers.gather(s, extents.get(s.target()), fixed, false)));
            } else if (step instanceof IndexedProgram.Recurrence r) {
                List<Statement> group = new ArrayList<>();
                for (Statement s : r.statements()) {
                    group.add(Gathers.gather(s, extents.get(s.target()), fixed, true));
                }
                out.add(new IndexedProgram.Recurrence(r.lo(), r.hi(), List.copyOf(group)));
            } else {
                throw new AssertionError(step);
            }
        }
        return List.copyOf(out);
    }

    /**
     * The arrays whose derivatives can be nonzero: the inputs {@code from} and every array assigned
     * from an active one. A recurrence is gone through until nothing changes (its statements may
     * read one another in any order). The program's shifts ({@link IndexedProgram#shifts}) are
     * never active: their derivative cancels, so it is not taken.
     */
    static Set<String> active(IndexedProgram program, Set<String> from) {
        Set<String> active = new LinkedHashSet<>(from);
        for (IndexedProgram.Step step : program.steps()) {
            List<Statement> group;
            if (step instanceof IndexedProgram.Single single) {
                group = List.of(single.statement());
            } else if (step instanceof IndexedProgram.Recurrence r) {
                group = r.statements();
            } else {
                throw new AssertionError(step);
            }
            boolean changed = true;
            while (changed) {
                changed = false;
                for (Statement s : group) {
                    if (!active.contains(s.target())
                            && !program.shifts().contains(s.target())
                            && s.reads().values().stream()
                                    .anyMatch(r -> active.contains(r.array()))) {
                        active.add(s.target());
                        changed = true;
                    }
                }
            }
        }
        return active;
    }

    /**
     * {@code output} and every array it reads, directly or through others: the arrays whose
     * adjoints for {@code output} can be nonzero. A recurrence is gone through until nothing
     * changes.
     */
    static Set<String> needed(IndexedProgram program, String output) {
        Set<String> needed = new LinkedHashSet<>(Set.of(output));
        List<IndexedProgram.Step> steps = program.steps();
        for (int k = steps.size() - 1; k >= 0; k--) {
            IndexedProgram.Step step = steps.get(k);
            List<Statement> group;
            if (step instanceof IndexedProgram.Single single) {
                group = List.of(single.statement());
            } else if (step instanceof IndexedProgram.Recurrence r) {
                group = r.statements();
            } else {
                throw new AssertionError(step);
            }
            boolean changed = true;
            while (changed) {
                changed = false;
                for (Statement s : group) {
                    if (needed.contains(s.target())) {
                        for (Read r : s.reads().values()) {
                            changed |= needed.add(r.array());
                        }
                    }
                }
            }
        }
        return needed;
    }

    /** The adjoint statements of one forward statement, one per read of an active array. */
    static List<Statement> adjointStatements(
            IndexedProgram program, Statement s, Map<String, String> adjointOf) {
        String dTarget = adjointOf.get(s.target());
        if (dTarget == null) {
            return List.of();
        }
        Graph g = program.graph();
        Read seedRead = new Read(dTarget, s.lhs());
        Node seed = g.variable(leafName(seedRead));
        Map<Integer, Node> adjoint = Reverse.adjoints(g, List.of(s.body()), List.of(seed));
        Optional<Node> firstWhere = Optional.empty();
        Read valueRead = new Read(s.target(), s.lhs());
        // A partial that reuses the statement's own value (tanh' = 1 - tanh^2, exp' = exp) reads
        // the element the forward run stored, the same bits, instead of computing it again. Only
        // where the body is that element's value: not for a reduction, whose body is one term.
        Map<Node, Node> stored =
                s.reduce().isPresent() || s.body() instanceof Node.Var
                        ? Map.of()
                        : Map.of(s.body(), g.variable(leafName(valueRead)));
        if (s.reduce().isPresent() && s.reduce().get() != IndexedProgram.ReduceOp.SUM) {
            // the forward run kept the first point whose body equals the extreme it stored
            firstWhere = Optional.of(g.compare(Cmp.EQ, s.body(), g.variable(leafName(valueRead))));
        }
        Map<String, Read> extra = new LinkedHashMap<>();
        extra.put(leafName(seedRead), seedRead);
        extra.put(leafName(valueRead), valueRead);
        List<Statement> out = new ArrayList<>();
        for (Map.Entry<String, Read> leaf : new TreeMap<>(s.reads()).entrySet()) {
            Read read = leaf.getValue();
            String dArray = adjointOf.get(read.array());
            if (dArray == null) {
                continue;
            }
            Node contribution = adjoint.get(g.variable(leaf.getKey()).id());
            if (contribution == null) {
                continue; // the body reads it only in a condition
            }
            if (!stored.isEmpty()) {
                contribution = Rebuild.substitute(g, contribution, stored);
            }
            int depth = s.domain().size();
            IndexedProgram.Store store =
                    firstWhere.isPresent()
                            ? new IndexedProgram.Accumulate(firstWhere, s.reduceFrom())
                            : IndexedProgram.Accumulate.everywhere();
            List<Node> roots = new ArrayList<>(List.of(contribution));
            firstWhere.ifPresent(roots::add);
            out.add(
                    new Statement(
                            dArray,
                            read.subscripts(),
                            s.domain(),
                            Optional.empty(),
                            depth,
                            contribution,
                            readsOf(g, roots, s.reads(), extra),
                            s.line(),
                            store));
        }
        return out;
    }

    /** The element reads among the leaves of {@code roots}. */
    static Map<String, Read> readsOf(
            Graph g, List<Node> roots, Map<String, Read> forward, Map<String, Read> extra) {
        Map<String, Read> out = new TreeMap<>();
        for (int id : Evaluator.reachableIds(roots)) {
            if (g.node(id) instanceof Node.Var x) {
                Read r =
                        forward.containsKey(x.name()) ? forward.get(x.name()) : extra.get(x.name());
                if (r != null) {
                    out.put(x.name(), r);
                }
            }
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    /** {@code x[i+1]}, {@code dL/da[j]}, {@code b}: as the checker names its read leaves. */
    static String leafName(Read r) {
        if (r.subscripts().isEmpty()) {
            return r.array();
        }
        List<String> parts = new ArrayList<>();
        for (Affine a : r.subscripts()) {
            parts.add(a.toString());
        }
        return r.array() + "[" + String.join(", ", parts) + "]";
    }
}
