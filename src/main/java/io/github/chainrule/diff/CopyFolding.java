package io.github.chainrule.diff;

import io.github.chainrule.graph.Graph;
import io.github.chainrule.graph.Node;
import io.github.chainrule.graph.Rebuild;
import io.github.chainrule.indexed.Affine;
import io.github.chainrule.indexed.IndexedProgram;
import io.github.chainrule.indexed.IndexedProgram.Read;
import io.github.chainrule.indexed.IndexedProgram.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Folds away the copies that lifting a reduction leaves in the backward pass. {@code s[c] = s@1[c]
 * + b2[c]} hands {@code dL/ds@1[c] += dL/ds[c]}: the adjoint of the lifted sum is the adjoint of
 * its reader, element for element, so the statements that read {@code dL/ds@1[c]} read {@code
 * dL/ds[c]} instead and neither the copy nor its array exists (in the statements that run, so
 * generated code does not copy either).
 *
 * <p>A copy is folded when: it is the only statement that writes the lifted adjoint, its body is
 * one element of another adjoint, its subscripts are the identity on all its binders (so each
 * element of the lifted adjoint is copied once, from one element), it and every statement that
 * reads the lifted adjoint run outside recurrences, after it, and nothing between them writes the
 * adjoint it copies (so the value read later is the value copied).
 */
final class CopyFolding {
    private CopyFolding() {}

    record Folded(List<IndexedProgram.Step> steps, Set<String> removed) {}

    static Folded fold(
            IndexedProgram program,
            List<IndexedProgram.Step> given,
            Map<String, String> adjointOf,
            List<IndexedProgram.Array> adjoints) {
        Map<String, String> arrayOf = new HashMap<>();
        adjointOf.forEach((array, adjoint) -> arrayOf.put(adjoint, array));
        Map<String, List<Affine>> extents = new HashMap<>();
        adjoints.forEach(a -> extents.put(a.name(), a.extents()));
        Map<String, Long> fixed = Gathers.fixedSizes(program);
        List<IndexedProgram.Step> steps = new ArrayList<>(given);
        Set<String> removed = new LinkedHashSet<>();
        int p = 0;
        while (p < steps.size()) {
            Optional<Read> copied = copyOf(steps, p, arrayOf, extents, fixed);
            if (copied.isEmpty()) {
                p++;
                continue;
            }
            Statement copy = ((IndexedProgram.Single) steps.get(p)).statement();
            Map<String, Affine> binderValues = new HashMap<>();
            steps.remove(p);
            for (int q = p; q < steps.size(); q++) {
                if (steps.get(q) instanceof IndexedProgram.Single s
                        && reads(s.statement(), copy.target())) {
                    steps.set(
                            q,
                            new IndexedProgram.Single(
                                    redirect(
                                            program.graph(),
                                            s.statement(),
                                            copy,
                                            copied.get(),
                                            binderValues)));
                }
            }
            removed.add(copy.target());
        }
        return new Folded(List.copyOf(steps), removed);
    }

    /** What step {@code p} copies, if it is a copy that can be folded. */
    private static Optional<Read> copyOf(
            List<IndexedProgram.Step> steps,
            int p,
            Map<String, String> arrayOf,
            Map<String, List<Affine>> extents,
            Map<String, Long> fixed) {
        if (!(steps.get(p) instanceof IndexedProgram.Single single)) {
            return Optional.empty();
        }
        Statement c = single.statement();
        String lifted = arrayOf.get(c.target());
        if (lifted == null
                || !lifted.contains("@")
                || c.reduce().isPresent()
                || !(c.store() instanceof IndexedProgram.Accumulate a)
                || a.firstWhere().isPresent()
                || !(c.body() instanceof Node.Var leaf)) {
            return Optional.empty();
        }
        Read source = c.reads().get(leaf.name());
        if (source == null
                || !arrayOf.containsKey(source.array())
                || source.array().equals(c.target())) {
            return Optional.empty();
        }
        Optional<int[]> slots =
                Gathers.identitySlots(c.lhs(), c.domain(), extents.get(c.target()), fixed);
        if (slots.isEmpty() || slots.get().length != c.domain().size()) {
            return Optional.empty();
        }
        int last = -1;
        for (int q = 0; q < steps.size(); q++) {
            for (Statement s : statements(steps.get(q))) {
                boolean inRecurrence = steps.get(q) instanceof IndexedProgram.Recurrence;
                if (q != p && s.target().equals(c.target())) {
                    return Optional.empty(); // another contribution: not a copy
                }
                if (reads(s, c.target())) {
                    if (q <= p || inRecurrence) {
                        return Optional.empty();
                    }
                    last = q;
                }
            }
        }
        for (int q = p + 1; q <= last; q++) {
            for (Statement s : statements(steps.get(q))) {
                if (s.target().equals(source.array())) {
                    return Optional.empty(); // the copied adjoint changes before it is read
                }
            }
        }
        return Optional.of(source);
    }

    private static List<Statement> statements(IndexedProgram.Step step) {
        if (step instanceof IndexedProgram.Single s) {
            return List.of(s.statement());
        } else if (step instanceof IndexedProgram.Recurrence r) {
            return r.statements();
        }
        throw new AssertionError(step);
    }

    private static boolean reads(Statement s, String array) {
        return s.reads().values().stream().anyMatch(r -> r.array().equals(array));
    }

    /**
     * {@code s} reading {@code source} where it read the copy's target: the copy's binder {@code
     * b_d} stood for subscript {@code d}, so the element at subscripts {@code σ} is {@code
     * source[subscripts with each b_d replaced by σ_d]}.
     */
    private static Statement redirect(
            Graph g, Statement s, Statement copy, Read source, Map<String, Affine> binderValues) {
        Map<Node, Node> replacements = new HashMap<>();
        Map<String, Read> known = new TreeMap<>(s.reads());
        for (Map.Entry<String, Read> e : s.reads().entrySet()) {
            if (!e.getValue().array().equals(copy.target())) {
                continue;
            }
            binderValues.clear();
            for (int d = 0; d < copy.lhs().size(); d++) {
                binderValues.put(
                        copy.lhs().get(d).bareSymbol().orElseThrow(),
                        e.getValue().subscripts().get(d));
            }
            List<Affine> subscripts = new ArrayList<>();
            for (Affine a : source.subscripts()) {
                subscripts.add(substitute(a, binderValues));
            }
            Read now = new Read(source.array(), List.copyOf(subscripts));
            String name = IndexedReverse.leafName(now);
            known.put(name, now);
            replacements.put(g.variable(e.getKey()), g.variable(name));
        }
        List<Node> roots = new ArrayList<>(List.of(s.body()));
        Optional<Node> firstWhere =
                s.store() instanceof IndexedProgram.Accumulate a
                        ? a.firstWhere()
                        : Optional.empty();
        firstWhere.ifPresent(roots::add);
        List<Node> rebuilt = Rebuild.substituteAll(g, roots, replacements);
        IndexedProgram.Store store = s.store();
        if (firstWhere.isPresent()) {
            IndexedProgram.Accumulate a = (IndexedProgram.Accumulate) s.store();
            store = new IndexedProgram.Accumulate(Optional.of(rebuilt.get(1)), a.firstFrom());
        }
        return new Statement(
                s.target(),
                s.lhs(),
                s.domain(),
                s.reduce(),
                s.reduceFrom(),
                rebuilt.get(0),
                IndexedReverse.readsOf(g, rebuilt, known, Map.of()),
                s.line(),
                store);
    }

    /** {@code a} with every symbol of {@code values} replaced at once (not one after another). */
    static Affine substitute(Affine a, Map<String, Affine> values) {
        Affine out = Affine.of(a.constant());
        for (Map.Entry<String, Long> t : a.terms().entrySet()) {
            Affine v = values.getOrDefault(t.getKey(), Affine.symbol(t.getKey()));
            out = out.plus(v.times(t.getValue()));
        }
        return out;
    }
}
