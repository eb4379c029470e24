package io.github.chainrule.diff;

import io.github.chainrule.graph.Graph;
import io.github.chainrule.graph.Node;
import io.github.chainrule.graph.Rebuild;
import io.github.chainrule.indexed.Affine;
import io.github.chainrule.indexed.IndexedProgram;
import io.github.chainrule.indexed.IndexedProgram.Binder;
import io.github.chainrule.indexed.IndexedProgram.Read;
import io.github.chainrule.indexed.IndexedProgram.ReduceOp;
import io.github.chainrule.indexed.IndexedProgram.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Each derivative of an indexed program as an indexed formula (the README's "Indexed programs"):
 * the adjoint of a wrt input is the sum of the statements that add into it, read off the backward
 * pass ({@link IndexedReverse}). A statement whose subscripts are its binders, with constant
 * offsets ({@code dL/dx[i+1] += … for i in 0..n-1}), is written over the element's own index
 * ({@code … for i in 1..n}, the offset taken back) and its other binders become a sum ({@code
 * dL/da[j] = sum(W2[c, j]*dL/ds[c] for c in 0..k)}); contributions over the same ranges are added
 * into one expression, and the others ({@code x[j]} over {@code j in i+1..n}, {@code W[i, i]}) are
 * kept as the scatter-adds they are, with their ranges. The adjoints of lifted reductions, which
 * the user never named, are replaced by what they are; with {@code expand}, so are the adjoints of
 * the user's arrays and the arrays themselves, as far as that needs no loop unrolled.
 *
 * <p>A sum inside a formula is a leaf of the graph that stands for it ({@link #reductions}), so
 * that formulas are simplified by the graph's factory like any expression; a printer names it.
 *
 * @param formulas per output, per wrt input in {@code wrt} order
 * @param reductions every sum leaf by its variable's name, inner ones before the ones that hold
 *     them
 * @param elements every leaf that reads an element (of a forward array or an adjoint), by name
 */
public record IndexedFormulas(
        List<Formula> formulas, Map<String, Reduction> reductions, Map<String, Read> elements) {

    /** {@code op(body for over)}, standing in a formula as the leaf of that name. */
    public record Reduction(ReduceOp op, Node body, List<Binder> over) {}

    /**
     * One part of a derivative. Elementwise ({@code elementwise}): {@code value} at the element
     * {@code at} (the bare binders of {@code over}) for every point of {@code over}. Otherwise a
     * scatter-add: {@code value} is added at {@code at} for every point of {@code over} (only the
     * first one, in row-major order from binder {@code firstFrom}, where {@code firstWhere} holds).
     */
    public record Term(
            List<Affine> at,
            List<Binder> over,
            Node value,
            Optional<Node> firstWhere,
            int firstFrom,
            boolean elementwise) {}

    /**
     * The derivative {@code adjoint} (for example {@code dL/dW1}) of {@code output} by {@code wrt}:
     * the sum of {@code terms} (none: it is 0); or, when {@code notExpanded} says why, not written
     * out.
     */
    public record Formula(
            String output,
            String wrt,
            String adjoint,
            List<Term> terms,
            Optional<String> notExpanded) {}

    /** The formulas of every output by every wrt input of {@code program}. */
    public static IndexedFormulas of(IndexedProgram program, boolean expand) {
        Builder b = new Builder(program, expand);
        List<Formula> formulas = new ArrayList<>();
        for (String output : program.outputs()) {
            formulas.addAll(b.formulas(output));
        }
        return new IndexedFormulas(
                List.copyOf(formulas),
                java.util.Collections.unmodifiableMap(b.reductions),
                java.util.Collections.unmodifiableMap(b.reads));
    }

    /** What an element leaf becomes, if anything, where the binders {@code bound} are in scope. */
    @FunctionalInterface
    private interface Replace {
        Optional<Node> apply(Read r, Set<String> bound);
    }

    private static final Replace NONE = (r, bound) -> Optional.empty();

    /** Why a formula cannot be written out without unrolling a loop. */
    private static final class NotExpandable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotExpandable(String message) {
            super(message, null, false, false);
        }
    }

    private static final class Builder {
        final IndexedProgram program;
        final Graph g;
        final boolean expand;
        final Map<String, Long> fixed;
        final Map<String, Reduction> reductions = new LinkedHashMap<>();

        /** Every element leaf met, by its name: what it reads. */
        final Map<String, Read> reads = new HashMap<>();

        /** The forward definitions: for an array defined by one statement outside a loop. */
        final Map<String, Statement> definedOnce = new HashMap<>();

        final Map<String, String> whyNotOnce = new HashMap<>();

        /** Expanded forward arrays (with {@code expand}): value in its lhs binders. */
        final Map<String, Node> expandedForward = new HashMap<>();

        final Map<String, Integer> fresh = new HashMap<>();

        Builder(IndexedProgram program, boolean expand) {
            this.program = program;
            this.g = program.graph();
            this.expand = expand;
            this.fixed = Gathers.fixedSizes(program);
            Map<String, Integer> count = new HashMap<>();
            for (IndexedProgram.Step step : program.steps()) {
                for (Statement s : statements(step)) {
                    reads.putAll(s.reads());
                    count.merge(s.target(), 1, Integer::sum);
                    if (step instanceof IndexedProgram.Recurrence) {
                        whyNotOnce.put(
                                s.target(),
                                s.target()
                                        + " is defined by a recurrence over "
                                        + ranges(s.domain().subList(0, 1)));
                    } else {
                        definedOnce.put(s.target(), s);
                    }
                }
            }
            count.forEach(
                    (name, n) -> {
                        if (n > 1) {
                            definedOnce.remove(name);
                            whyNotOnce.putIfAbsent(name, name + " is defined in pieces");
                        }
                    });
            for (Map.Entry<String, Statement> e : definedOnce.entrySet()) {
                for (Affine a : e.getValue().lhs()) {
                    if (a.bareSymbol().isEmpty()) {
                        whyNotOnce.put(e.getKey(), e.getKey() + " is defined in pieces");
                    }
                }
            }
            whyNotOnce.keySet().forEach(definedOnce::remove);
        }

        List<Formula> formulas(String output) {
            IndexedAdjoint adjoint = IndexedReverse.adjoint(program, output);
            Map<Node, Node> seed = new HashMap<>();
            String dOutput = IndexedAdjoint.adjointName(output, output);
            if (isScalar(output)) { // dL/dL is 1: the backward pass starts there
                seed.put(g.variable(dOutput), g.constant(1));
            }
            // each adjoint's terms, in the order the backward pass writes them
            Map<String, List<Term>> terms = new LinkedHashMap<>();
            Map<String, List<String>> canonical = new HashMap<>();
            Map<String, String> inLoop = new HashMap<>();
            for (IndexedProgram.Step step : adjoint.steps()) {
                for (Statement s : statements(step)) {
                    reads.putAll(s.reads());
                    if (step instanceof IndexedProgram.Recurrence) {
                        inLoop.put(
                                s.target(),
                                s.target()
                                        + " is accumulated by a recurrence over "
                                        + ranges(s.domain().subList(0, 1)));
                    }
                    Term t = term(s, canonical, seed);
                    terms.computeIfAbsent(s.target(), k -> new ArrayList<>()).add(t);
                }
            }
            Map<String, List<Term>> merged = new LinkedHashMap<>();
            for (String name : lastWritten(adjoint)) { // complete before anything reads them
                merged.put(name, merge(terms.get(name)));
            }
            // the adjoints written out where they are read, in the order they are completed
            Map<String, Term> inlined = new HashMap<>();
            Map<String, String> why = new HashMap<>();
            Set<String> wrtAdjoints = new HashSet<>();
            for (String w : program.wrt()) {
                wrtAdjoints.add(IndexedAdjoint.adjointName(output, w));
            }
            for (Map.Entry<String, List<Term>> e : merged.entrySet()) {
                String name = e.getKey();
                String array = arrayOf(adjoint, name);
                if (wrtAdjoints.contains(name) || !(expand || array.contains("@"))) {
                    continue;
                }
                Optional<String> not =
                        inLoop.containsKey(name)
                                ? Optional.of(inLoop.get(name))
                                : whyNotElementwise(e.getValue(), array, name);
                if (not.isPresent()) {
                    why.put(name, not.get());
                    continue;
                }
                try {
                    Term only = e.getValue().get(0);
                    Node value = resolve(only.value(), inlined, why, names(only.over()));
                    inlined.put(
                            name,
                            new Term(only.at(), only.over(), value, Optional.empty(), 0, true));
                } catch (NotExpandable x) {
                    why.put(name, x.getMessage());
                }
            }
            List<Formula> out = new ArrayList<>();
            for (String w : program.wrt()) {
                String d = IndexedAdjoint.adjointName(output, w);
                List<Term> list = merged.getOrDefault(d, List.of());
                List<Term> resolved = new ArrayList<>();
                Optional<String> not = Optional.empty();
                try {
                    for (Term t : list) {
                        Set<String> bound = names(t.over());
                        Node value = resolve(t.value(), inlined, why, bound);
                        Optional<Node> first = t.firstWhere();
                        if (first.isPresent()) {
                            first = Optional.of(resolve(first.get(), inlined, why, bound));
                        }
                        resolved.add(
                                new Term(
                                        t.at(),
                                        t.over(),
                                        value,
                                        first,
                                        t.firstFrom(),
                                        t.elementwise()));
                    }
                } catch (NotExpandable x) {
                    not = Optional.of(x.getMessage());
                    resolved = List.of();
                }
                out.add(new Formula(output, w, d, List.copyOf(resolved), not));
            }
            return out;
        }

        /** The adjoint arrays, each where the backward pass last adds to it. */
        private static List<String> lastWritten(IndexedAdjoint adjoint) {
            LinkedHashMap<String, Boolean> order = new LinkedHashMap<>();
            for (Statement s : adjoint.statements()) {
                order.remove(s.target());
                order.put(s.target(), true);
            }
            return new ArrayList<>(order.keySet());
        }

        private boolean isScalar(String array) {
            for (IndexedProgram.Array a : program.arrays()) {
                if (a.name().equals(array)) {
                    return a.isScalar();
                }
            }
            return false;
        }

        private String arrayOf(IndexedAdjoint adjoint, String adjointName) {
            for (Map.Entry<String, String> e : adjoint.adjointOf().entrySet()) {
                if (e.getValue().equals(adjointName)) {
                    return e.getKey();
                }
            }
            throw new AssertionError(adjointName);
        }

        /**
         * Why {@code terms} are not one value at every element of {@code array}, if they are not.
         */
        private Optional<String> whyNotElementwise(List<Term> terms, String array, String name) {
            List<Affine> extents = extents(array);
            if (terms.size() != 1 || !terms.get(0).elementwise()) {
                return Optional.of(name + " is added to in parts over different ranges");
            }
            List<Binder> over = terms.get(0).over();
            for (int d = 0; d < over.size(); d++) {
                if (!Gathers.sameValue(over.get(d).lo(), Affine.of(0), fixed)
                        || !Gathers.sameValue(over.get(d).hi(), extents.get(d), fixed)) {
                    return Optional.of(name + " is added to in parts over different ranges");
                }
            }
            return Optional.empty();
        }

        private List<Affine> extents(String array) {
            for (IndexedProgram.Array a : program.inputs()) {
                if (a.name().equals(array)) {
                    return a.extents();
                }
            }
            for (IndexedProgram.Array a : program.arrays()) {
                if (a.name().equals(array)) {
                    return a.extents();
                }
            }
            throw new AssertionError(array);
        }

        /**
         * One adjoint statement as a term. Subscripts {@code b_d + offset_d} of distinct binders
         * whose ranges read no other binder make it elementwise: over the element's index, named as
         * the adjoint's first such term names it, with the other binders summed.
         */
        private Term term(Statement s, Map<String, List<String>> canonical, Map<Node, Node> seed) {
            Node body = seed.isEmpty() ? s.body() : Rebuild.substitute(g, s.body(), seed);
            Optional<Node> firstWhere =
                    s.store() instanceof IndexedProgram.Accumulate a
                            ? a.firstWhere()
                            : Optional.empty();
            int firstFrom = s.store() instanceof IndexedProgram.Accumulate a ? a.firstFrom() : 0;
            List<String> binders = new ArrayList<>();
            List<Long> offsets = new ArrayList<>();
            boolean shifted = firstWhere.isEmpty();
            for (Affine a : s.lhs()) {
                if (!shifted) {
                    break;
                }
                Affine bare = a.plus(-a.constant());
                Optional<String> b = bare.bareSymbol();
                int slot = b.isPresent() ? Gathers.slot(s.domain(), b.get()) : -1;
                if (slot < 0
                        || binders.contains(b.get())
                        || dependsOnBinders(s.domain().get(slot), s.domain())) {
                    shifted = false;
                } else {
                    binders.add(b.get());
                    offsets.add(a.constant());
                }
            }
            if (!shifted) {
                return new Term(s.lhs(), s.domain(), body, firstWhere, firstFrom, false);
            }
            List<String> names = canonical.computeIfAbsent(s.target(), k -> List.copyOf(binders));
            Map<String, Affine> renaming = new HashMap<>();
            for (int d = 0; d < binders.size(); d++) {
                renaming.put(binders.get(d), Affine.symbol(names.get(d)).plus(-offsets.get(d)));
            }
            List<Binder> element = new ArrayList<>();
            for (int d = 0; d < binders.size(); d++) {
                Binder b = s.domain().get(Gathers.slot(s.domain(), binders.get(d)));
                element.add(
                        new Binder(
                                names.get(d),
                                b.lo().plus(offsets.get(d)),
                                b.hi().plus(offsets.get(d))));
            }
            List<Binder> inner = new ArrayList<>();
            for (Binder b : s.domain()) {
                if (binders.contains(b.index())) {
                    continue;
                }
                String name = b.index();
                if (names.contains(name)) {
                    name = freshName(name);
                    renaming.put(b.index(), Affine.symbol(name));
                }
                inner.add(b);
            }
            List<Binder> innerRenamed = new ArrayList<>();
            for (Binder b : inner) {
                innerRenamed.add(
                        new Binder(
                                renaming.containsKey(b.index())
                                        ? renaming.get(b.index()).bareSymbol().orElseThrow()
                                        : b.index(),
                                CopyFolding.substitute(b.lo(), renaming),
                                CopyFolding.substitute(b.hi(), renaming)));
            }
            Node value = rename(body, renaming, NONE, Set.of());
            if (!innerRenamed.isEmpty()) {
                value = reduction(ReduceOp.SUM, value, innerRenamed);
            }
            List<Affine> at = new ArrayList<>();
            names.forEach(n -> at.add(Affine.symbol(n)));
            return new Term(
                    List.copyOf(at), List.copyOf(element), value, Optional.empty(), 0, true);
        }

        private static boolean dependsOnBinders(Binder b, List<Binder> domain) {
            for (Binder other : domain) {
                if (b.lo().mentions(other.index()) || b.hi().mentions(other.index())) {
                    return true;
                }
            }
            return false;
        }

        /** {@code j_1}, {@code j_2}: a binder name for a sum that would capture {@code base}. */
        private String freshName(String base) {
            return base + "_" + fresh.merge(base, 1, Integer::sum);
        }

        private static Set<String> names(List<Binder> binders) {
            Set<String> out = new HashSet<>();
            binders.forEach(b -> out.add(b.index()));
            return out;
        }

        /**
         * Elementwise terms over the same ranges added into one; two sums over the same inner
         * ranges are one sum of the two bodies.
         */
        private List<Term> merge(List<Term> terms) {
            List<Term> out = new ArrayList<>();
            Map<List<Binder>, Integer> byRange = new LinkedHashMap<>();
            for (Term t : terms) {
                if (!t.elementwise()) {
                    out.add(t);
                    continue;
                }
                List<Binder> key = normalised(t.over());
                Integer at = byRange.get(key);
                if (at == null) {
                    byRange.put(key, out.size());
                    out.add(t);
                } else {
                    Term before = out.get(at);
                    out.set(
                            at,
                            new Term(
                                    before.at(),
                                    before.over(),
                                    add(before.value(), t.value()),
                                    Optional.empty(),
                                    0,
                                    true));
                }
            }
            // elementwise terms first, in order; then the scatter-adds
            List<Term> sorted = new ArrayList<>();
            out.stream().filter(Term::elementwise).forEach(sorted::add);
            // parts over other ranges by where they start: x[i] for i in 0..n-1 before 1..n
            sorted.sort(java.util.Comparator.comparingLong(this::start));
            out.stream().filter(t -> !t.elementwise()).forEach(sorted::add);
            return sorted;
        }

        private long start(Term t) {
            if (t.over().isEmpty()) {
                return 0;
            }
            return t.over().get(0).lo().substitute(fixed).constant();
        }

        private List<Binder> normalised(List<Binder> over) {
            List<Binder> out = new ArrayList<>();
            for (Binder b : over) {
                out.add(new Binder(b.index(), b.lo().substitute(fixed), b.hi().substitute(fixed)));
            }
            return out;
        }

        /** {@code a + b}, with two sums over the same ranges made one sum. */
        private Node add(Node a, Node b) {
            if (a instanceof Node.Var va
                    && b instanceof Node.Var vb
                    && reductions.containsKey(va.name())
                    && reductions.containsKey(vb.name())) {
                Reduction ra = reductions.get(va.name());
                Reduction rb = reductions.get(vb.name());
                if (ra.op() == ReduceOp.SUM
                        && rb.op() == ReduceOp.SUM
                        && normalised(ra.over()).equals(normalised(rb.over()))) {
                    return reduction(ReduceOp.SUM, g.add(ra.body(), rb.body()), ra.over());
                }
            }
            return g.add(a, b);
        }

        private Node reduction(ReduceOp op, Node body, List<Binder> over) {
            Reduction r = new Reduction(op, body, List.copyOf(over));
            for (Map.Entry<String, Reduction> e : reductions.entrySet()) {
                if (e.getValue().equals(r)) {
                    return g.variable(e.getKey());
                }
            }
            String name =
                    "\u27e6"
                            + op.name().toLowerCase(java.util.Locale.ROOT)
                            + reductions.size()
                            + "\u27e7";
            reductions.put(name, r);
            return g.variable(name);
        }

        /**
         * {@code value} with the adjoints of {@code inlined} and (with {@code expand}) the forward
         * arrays written out where it reads them; a read that {@code why} knows cannot be, when
         * expanding, stops it.
         */
        private Node resolve(
                Node value, Map<String, Term> inlined, Map<String, String> why, Set<String> bound) {
            return rename(
                    value,
                    Map.of(),
                    (r, inScope) -> {
                        Term t = inlined.get(r.array());
                        if (t != null) {
                            Map<String, Affine> m = new HashMap<>();
                            for (int d = 0; d < t.at().size(); d++) {
                                m.put(
                                        t.at().get(d).bareSymbol().orElseThrow(),
                                        r.subscripts().get(d));
                            }
                            return Optional.of(rename(t.value(), m, NONE, inScope));
                        }
                        if (!expand) {
                            return Optional.empty();
                        }
                        if (why.containsKey(r.array())) {
                            throw new NotExpandable(why.get(r.array()));
                        }
                        return forward(r, inScope);
                    },
                    bound);
        }

        /** With {@code expand}: the forward array's element {@code r}, written out. */
        private Optional<Node> forward(Read r, Set<String> bound) {
            boolean input = program.inputs().stream().anyMatch(a -> a.name().equals(r.array()));
            boolean array = program.arrays().stream().anyMatch(a -> a.name().equals(r.array()));
            if (input || !array) {
                return Optional.empty(); // an input, or an adjoint (the wrt inputs' are not read)
            }
            Statement s = definedOnce.get(r.array());
            if (s == null) {
                throw new NotExpandable(
                        whyNotOnce.getOrDefault(r.array(), r.array() + " is not defined once"));
            }
            Node body = expandedForward.get(r.array());
            if (body == null) {
                body = resolve(s.body(), Map.of(), Map.of(), names(s.domain()));
                expandedForward.put(r.array(), body);
            }
            Map<String, Affine> m = new HashMap<>();
            for (int d = 0; d < s.lhs().size(); d++) {
                m.put(s.lhs().get(d).bareSymbol().orElseThrow(), r.subscripts().get(d));
            }
            if (s.reduce().isEmpty()) {
                return Optional.of(rename(body, m, NONE, bound));
            }
            List<Binder> over = s.domain().subList(s.reduceFrom(), s.domain().size());
            Node inner = reduction(s.reduce().get(), body, over);
            return Optional.of(rename(inner, m, NONE, bound));
        }

        /**
         * {@code value} with the binders of {@code renaming} replaced (in index leaves, in the
         * subscripts of element leaves, inside sums) and each element leaf replaced by what {@code
         * replace} gives for it, if anything.
         */
        Node rename(Node value, Map<String, Affine> renaming, Replace replace, Set<String> bound) {
            Map<Node, Node> replacements = new HashMap<>();
            for (int id : io.github.chainrule.graph.Evaluator.reachableIds(List.of(value))) {
                if (!(g.node(id) instanceof Node.Var x)) {
                    continue;
                }
                if (renaming.containsKey(x.name())) {
                    replacements.put(x, node(renaming.get(x.name())));
                } else if (reductions.containsKey(x.name())) {
                    replacements.put(
                            x, renameReduction(reductions.get(x.name()), renaming, replace, bound));
                } else if (reads.containsKey(x.name())) {
                    Read r = reads.get(x.name());
                    List<Affine> subscripts = new ArrayList<>();
                    r.subscripts()
                            .forEach(a -> subscripts.add(CopyFolding.substitute(a, renaming)));
                    Read now = new Read(r.array(), List.copyOf(subscripts));
                    Optional<Node> written = replace.apply(now, bound);
                    if (written.isPresent()) {
                        replacements.put(x, written.get());
                    } else {
                        String name = IndexedReverse.leafName(now);
                        reads.put(name, now);
                        replacements.put(x, g.variable(name));
                    }
                }
            }
            return replacements.isEmpty() ? value : Rebuild.substitute(g, value, replacements);
        }

        /**
         * A sum with {@code renaming} applied inside; its own binders renamed where they would
         * capture.
         */
        private Node renameReduction(
                Reduction r, Map<String, Affine> renaming, Replace replace, Set<String> bound) {
            Set<String> mentioned = new HashSet<>(bound);
            renaming.values().forEach(a -> mentioned.addAll(a.terms().keySet()));
            Set<String> inner = new HashSet<>(bound);
            Map<String, Affine> inside = new HashMap<>(renaming);
            List<Binder> over = new ArrayList<>();
            for (Binder b : r.over()) {
                inside.remove(b.index());
                String name = b.index();
                if (mentioned.contains(name)) {
                    name = freshName(name);
                }
                Affine lo = CopyFolding.substitute(b.lo(), inside);
                Affine hi = CopyFolding.substitute(b.hi(), inside);
                if (!name.equals(b.index())) {
                    inside.put(b.index(), Affine.symbol(name));
                }
                over.add(new Binder(name, lo, hi));
                inner.add(name);
            }
            return reduction(r.op(), rename(r.body(), inside, replace, inner), over);
        }

        private Node node(Affine a) {
            Node out = g.constant(a.constant());
            for (Map.Entry<String, Long> t : a.terms().entrySet()) {
                out = g.add(out, g.scale(t.getValue(), g.variable(t.getKey())));
            }
            return out;
        }
    }

    static List<Statement> statements(IndexedProgram.Step step) {
        if (step instanceof IndexedProgram.Single s) {
            return List.of(s.statement());
        } else if (step instanceof IndexedProgram.Recurrence r) {
            return r.statements();
        }
        throw new AssertionError(step);
    }

    /** {@code i in 0..n, j in i+1..n}. */
    public static String ranges(List<Binder> binders) {
        List<String> parts = new ArrayList<>();
        for (Binder b : binders) {
            parts.add(b.index() + " in " + b.lo() + ".." + b.hi());
        }
        return String.join(", ", parts);
    }
}
