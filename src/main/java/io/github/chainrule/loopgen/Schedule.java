package io.github.chainrule.loopgen;

import io.github.chainrule.graph.Evaluator;
import io.github.chainrule.graph.Node;
import io.github.chainrule.indexed.Affine;
import io.github.chainrule.indexed.IndexedProgram;
import io.github.chainrule.indexed.IndexedProgram.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The order and grouping of a pass's loop nests (the README's "Indexed programs"): statements of
 * one pass that run over the same domain (the same binders with the same ranges) share one loop
 * nest when none of them reads an array another of them writes and no two write the same array but
 * by accumulation, so that the nest reads each element and computes each common part once (the
 * graph is hash-consed: a part two bodies share is one node). A statement moves up past the nests
 * it does not depend on to reach one it can join, or as far as it can go without changing what any
 * step reads or writes, so that what it blocked can join an earlier nest in turn.
 *
 * <p>Each statement's own arithmetic stays as it was; what fusion changes is the order in which two
 * statements that add into the same array interleave their additions (lj's gather and scatter into
 * {@code dL/dx}), which the README tells.
 */
final class Schedule {
    /**
     * A fused nest may hold this many distinct graph nodes at most, so that its method stays well
     * under the JIT's 8,000 bytes (a single statement is never split).
     */
    static final int FUSED_NODES = 250;

    /** One loop nest of the pass. */
    sealed interface Unit permits Group, Loop {}

    /**
     * Statements over one domain, in order, each with whether it stores its value instead of adding
     * it to an element nothing wrote before (see {@link #storesFirst}).
     */
    record Group(List<Statement> statements, List<Boolean> stores) implements Unit {}

    /** A recurrence, run backwards in a backward pass. */
    record Loop(IndexedProgram.Recurrence recurrence, boolean backwards) implements Unit {}

    /** A unit being built: its statements and what they read and write. */
    private static final class Building {
        final List<Statement> statements = new ArrayList<>();
        final IndexedProgram.Recurrence recurrence;
        final boolean backwards;
        final Set<String> reads = new HashSet<>();
        final Set<String> writes = new HashSet<>();

        /** Arrays written other than by a plain accumulation (an assignment, a first-where). */
        final Set<String> plainWrites = new HashSet<>();

        final Set<Integer> nodes = new HashSet<>();

        Building(Statement s) {
            this.recurrence = null;
            this.backwards = false;
            add(s);
        }

        Building(IndexedProgram.Recurrence r, boolean backwards) {
            this.recurrence = r;
            this.backwards = backwards;
            r.statements().forEach(this::add);
        }

        void add(Statement s) {
            statements.add(s);
            Effects e = new Effects(s);
            reads.addAll(e.reads);
            writes.add(s.target());
            if (e.plain) {
                plainWrites.add(s.target());
            }
            for (int id : Evaluator.reachableIds(roots(s))) {
                nodes.add(id);
            }
        }
    }

    /** What one statement reads and writes. */
    private record Effects(Set<String> reads, String write, boolean plain) {
        Effects(Statement s) {
            this(readsOf(s), s.target(), !plainAccumulation(s));
        }
    }

    private static Set<String> readsOf(Statement s) {
        Set<String> out = new LinkedHashSet<>();
        s.reads().values().forEach(r -> out.add(r.array()));
        return out;
    }

    private static boolean plainAccumulation(Statement s) {
        return s.store() instanceof IndexedProgram.Accumulate a && a.firstWhere().isEmpty();
    }

    private static List<Node> roots(Statement s) {
        List<Node> roots = new ArrayList<>(List.of(s.body()));
        if (s.store() instanceof IndexedProgram.Accumulate a) {
            a.firstWhere().ifPresent(roots::add);
        }
        return roots;
    }

    private Schedule() {}

    /**
     * The units of {@code steps}, a pass in which recurrences run backwards if {@code backwards}.
     */
    static List<Unit> of(List<IndexedProgram.Step> steps, boolean backwards) {
        List<Boolean> directions = new ArrayList<>();
        steps.forEach(s -> directions.add(backwards));
        return of(steps, directions);
    }

    /** The units of {@code steps}, each recurrence run backwards where its direction says so. */
    static List<Unit> of(List<IndexedProgram.Step> steps, List<Boolean> backwards) {
        return plan(steps, backwards, new boolean[1]);
    }

    /**
     * Whether the schedule of {@code steps} interleaves the additions of two statements into one
     * array (which changes the order, so possibly the last bits, of the sums the elements get).
     */
    static boolean reorders(List<IndexedProgram.Step> steps, List<Boolean> backwards) {
        boolean[] reordered = new boolean[1];
        plan(steps, backwards, reordered);
        return reordered[0];
    }

    private static List<Unit> plan(
            List<IndexedProgram.Step> steps, List<Boolean> backwards, boolean[] reordered) {
        List<Building> units = new ArrayList<>();
        for (int k = 0; k < steps.size(); k++) {
            IndexedProgram.Step step = steps.get(k);
            if (step instanceof IndexedProgram.Recurrence r) {
                units.add(new Building(r, backwards.get(k)));
            } else if (step instanceof IndexedProgram.Single single) {
                reordered[0] |= place(units, single.statement());
            } else {
                throw new AssertionError(step);
            }
        }
        List<Unit> out = new ArrayList<>();
        for (Building b : units) {
            if (b.recurrence != null) {
                out.add(new Loop(b.recurrence, b.backwards));
            } else {
                List<Boolean> stores = new ArrayList<>();
                b.statements.forEach(s -> stores.add(false));
                out.add(new Group(List.copyOf(b.statements), stores));
            }
        }
        return out;
    }

    /**
     * Joins {@code s} to the nearest earlier nest it can join, past nests it commutes with; else
     * places it after the last nest it depends on. True when that interleaves its additions into an
     * array with another statement's.
     */
    private static boolean place(List<Building> units, Statement s) {
        Effects e = new Effects(s);
        int earliest = units.size();
        boolean strictBlocked = false;
        for (int g = units.size() - 1; g >= 0; g--) {
            Building u = units.get(g);
            if (canJoin(u, s, e)) {
                boolean interleaves = strictBlocked || interleaves(u, s);
                u.add(s);
                return interleaves;
            }
            if (conflicts(u, e, false)) {
                break;
            }
            if (!strictBlocked && !conflicts(u, e, true)) {
                earliest = g;
            } else {
                strictBlocked = true;
            }
        }
        units.add(earliest, new Building(s));
        return false;
    }

    /**
     * Whether joining {@code s} to {@code u} interleaves additions into one element: not where
     * every statement writing {@code s}'s array adds, as {@code s} does, into the element of its
     * own point only (the same subscripts, one element per point), so that each element still
     * receives the first statement's term, then the next one's.
     */
    private static boolean interleaves(Building u, Statement s) {
        for (Statement t : u.statements) {
            if (t.target().equals(s.target())
                    && !(pointwise(t) && pointwise(s) && t.lhs().equals(s.lhs()))) {
                return true;
            }
        }
        return false;
    }

    /** A plain scatter whose subscripts are its binders, each once: one element per point. */
    private static boolean pointwise(Statement s) {
        if (!plainAccumulation(s) || s.reduce().isPresent()) {
            return false;
        }
        Set<String> binders = new HashSet<>();
        for (Affine a : s.lhs()) {
            a.bareSymbol().ifPresent(binders::add);
        }
        return binders.size() == s.domain().size() && s.lhs().size() == s.domain().size();
    }

    /**
     * Whether {@code s} cannot run before (or interleaved with) {@code u}: one reads what the other
     * writes, or both write an array, unless (when not {@code strict}) both only add into it.
     */
    private static boolean conflicts(Building u, Effects e, boolean strict) {
        if (u.reads.contains(e.write)) {
            return true;
        }
        for (String w : u.writes) {
            if (e.reads.contains(w)) {
                return true;
            }
        }
        if (u.writes.contains(e.write)) {
            return strict || e.plain || u.plainWrites.contains(e.write);
        }
        return false;
    }

    private static boolean canJoin(Building u, Statement s, Effects e) {
        if (u.recurrence != null || e.plain && s.accumulates()) {
            return false; // a first-where search breaks out of its loop: it stays alone
        }
        if (s.domain().isEmpty()) {
            // a scalar statement costs nothing alone, and moved up as far as it goes it lets what
            // reads it move up too (logreg's dL/dL@1, read by the loop that joins the loss's)
            return false;
        }
        Statement first = u.statements.get(0);
        if (!first.domain().equals(s.domain()) || conflicts(u, e, false)) {
            return false;
        }
        for (Statement t : u.statements) {
            if (t.store() instanceof IndexedProgram.Accumulate a && a.firstWhere().isPresent()) {
                return false;
            }
            for (Map.Entry<String, IndexedProgram.Read> r : s.reads().entrySet()) {
                IndexedProgram.Read other = t.reads().get(r.getKey());
                if (other != null && !other.equals(r.getValue())) {
                    return false; // one leaf name, two meanings: the nest could not share it
                }
            }
        }
        Set<Integer> nodes = new HashSet<>(u.nodes);
        for (int id : Evaluator.reachableIds(roots(s))) {
            nodes.add(id);
        }
        return nodes.size() <= FUSED_NODES;
    }

    /**
     * Where an adjoint array's only writer in the pass covers every element exactly once and
     * nothing reads the array before it, the writer can store its values instead of adding them to
     * zeros: the array need not be zeroed first. Marks those writers, and gives the arrays. {@code
     * candidates} are the arrays whose zeroing the caller can skip, with their extents. A gather
     * that walks columns ({@link #readsColumns}) is instead {@link #interchanged} (its array stays
     * zeroed first). For the gradient's pass only: in {@code backward}, several outputs' passes add
     * into one {@code grad}.
     */
    static Set<String> storesFirst(List<Unit> units, Map<String, List<Affine>> candidates) {
        Map<String, Integer> writers = new HashMap<>();
        for (Unit u : units) {
            for (Statement s : statements(u)) {
                writers.merge(s.target(), 1, Integer::sum);
            }
        }
        Set<String> stored = new LinkedHashSet<>();
        Set<String> readSoFar = new HashSet<>();
        for (int k = 0; k < units.size(); k++) {
            Unit u = units.get(k);
            if (u instanceof Group g) {
                List<Boolean> stores = new ArrayList<>(g.stores());
                List<Statement> statements = new ArrayList<>(g.statements());
                for (int i = 0; i < g.statements().size(); i++) {
                    Statement s = g.statements().get(i);
                    List<Affine> extents = candidates.get(s.target());
                    if (extents == null || readSoFar.contains(s.target())) {
                        continue;
                    }
                    if (writers.get(s.target()) == 2) {
                        int partner = partner(g.statements(), i);
                        if (partner > i
                                && coverAsNeighbours(s, g.statements().get(partner), extents)) {
                            stores.set(i, true);
                            stores.set(partner, true);
                            stored.add(s.target());
                        }
                        continue;
                    }
                    if (writers.get(s.target()) != 1) {
                        continue;
                    }
                    if (g.statements().size() == 1 && readsColumns(s)) {
                        statements.set(i, interchanged(s)); // on zeros: not stored
                    } else if (coversOnce(s, extents)) {
                        stores.set(i, true);
                        stored.add(s.target());
                    }
                }
                units.set(k, new Group(List.copyOf(statements), List.copyOf(stores)));
            }
            for (Statement s : statements(u)) {
                readsOf(s).forEach(readSoFar::add);
            }
        }
        return stored;
    }

    /** The other statement of {@code group} with statement {@code i}'s target, else -1. */
    private static int partner(List<Statement> group, int i) {
        for (int j = 0; j < group.size(); j++) {
            if (j != i && group.get(j).target().equals(group.get(i).target())) {
                return j;
            }
        }
        return -1;
    }

    /**
     * Whether two scatters of one nest over one index {@code i} write neighbouring elements, {@code
     * t[i + c]} and {@code t[i + c + 1]} (in either order), and together every element of the
     * one-dimensional target exactly as often as the sum of their ranges says: the first element
     * from one of them, the last from the other, each element between from both (Rosenbrock's
     * {@code df/dx[i+1] += ...} and {@code df/dx[i] += ...}). {@link StatementCode} then stores
     * each element once, carrying the value one point adds to the next point's element in a local:
     * element {@code j} gets {@code (0.0 + a) + b}, the bits of adding {@code a} and then {@code b}
     * to a zero element (and two terms add the same in either order).
     */
    static boolean coverAsNeighbours(Statement a, Statement b, List<Affine> extents) {
        if (extents.size() != 1 || neighbourOffset(a) == null || neighbourOffset(b) == null) {
            return false;
        }
        if (!a.domain().equals(b.domain())) {
            return false;
        }
        long ca = neighbourOffset(a);
        long cb = neighbourOffset(b);
        if (Math.abs(ca - cb) != 1) {
            return false;
        }
        long low = Math.min(ca, cb);
        IndexedProgram.Binder i = a.domain().get(0);
        return i.lo().plus(low).equals(Affine.of(0)) && i.hi().plus(low + 1).equals(extents.get(0));
    }

    /**
     * {@code c} for a plain scatter {@code t[i + c] += body} over one index {@code i}, else null.
     */
    static Long neighbourOffset(Statement s) {
        if (!plainAccumulation(s)
                || s.reduce().isPresent()
                || s.domain().size() != 1
                || s.lhs().size() != 1) {
            return null;
        }
        String i = s.domain().get(0).index();
        Affine sub = s.lhs().get(0);
        Affine c = sub.minus(Affine.symbol(i));
        return sub.coefficient(i) == 1 && c.isConstant() ? c.constant() : null;
    }

    /**
     * A gather {@code g[f] += sum(X[s, f] * d[s] for s)} whose sum walks a column (a read whose
     * last subscript is the outer index and whose earlier ones move with the inner one): two
     * indices, the inner range free of the outer index.
     */
    static boolean readsColumns(Statement s) {
        if (!plainAccumulation(s)
                || s.reduce().isEmpty()
                || s.domain().size() != 2
                || s.reduceFrom() != 1) {
            return false;
        }
        String outer = s.domain().get(0).index();
        String inner = s.domain().get(1).index();
        IndexedProgram.Binder in = s.domain().get(1);
        if (in.lo().mentions(outer) || in.hi().mentions(outer)) {
            return false;
        }
        for (IndexedProgram.Read r : s.reads().values()) {
            List<Affine> subs = r.subscripts();
            if (subs.size() >= 2 && subs.get(subs.size() - 1).equals(Affine.symbol(outer))) {
                for (int d = 0; d < subs.size() - 1; d++) {
                    if (subs.get(d).mentions(inner)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * A gather as a scatter with its loops swapped, {@code g[f] += X[s, f] * d[s] for s, f}: rows
     * of X walked with stride 1, in one pass. On an element that is zero before, each element gets
     * {@code 0.0 + t0 + t1 + ...} in the same order as the gather's sum: the same bits.
     */
    static Statement interchanged(Statement s) {
        List<IndexedProgram.Binder> domain = List.of(s.domain().get(1), s.domain().get(0));
        return new Statement(
                s.target(),
                s.lhs(),
                domain,
                java.util.Optional.empty(),
                domain.size(),
                s.body(),
                s.reads(),
                s.line(),
                IndexedProgram.Accumulate.everywhere());
    }

    static List<Statement> statements(Unit u) {
        if (u instanceof Group g) {
            return g.statements();
        }
        return ((Loop) u).recurrence().statements();
    }

    /**
     * Whether a plain accumulation writes each element of its target (of {@code extents}) exactly
     * once: its subscripts are its outer binders, each once, each over the whole extent.
     */
    static boolean coversOnce(Statement s, List<Affine> extents) {
        if (!plainAccumulation(s) || s.lhs().size() != extents.size()) {
            return false;
        }
        int outer = s.reduce().isPresent() ? s.reduceFrom() : s.domain().size();
        if (outer != extents.size()) {
            return false;
        }
        for (int d = 0; d < extents.size(); d++) {
            IndexedProgram.Binder b = s.domain().get(d);
            if (!s.lhs().get(d).equals(Affine.symbol(b.index()))
                    || !b.lo().equals(Affine.of(0))
                    || !b.hi().equals(extents.get(d))) {
                return false;
            }
        }
        return true;
    }
}
