package io.github.chainrule.loopgen;

import com.palantir.javapoet.NameAllocator;
import io.github.chainrule.indexed.Affine;
import io.github.chainrule.indexed.IndexedProgram;
import io.github.chainrule.indexed.IndexedProgram.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The elements a recurrence keeps in locals instead of its arrays (the README's "Indexed
 * programs"), so that the value one position hands the next stays in a register instead of going
 * through memory (a store, then a load that waits for it), and an element every position adds to
 * (the oscillator's {@code dL/dk}) is loaded once and stored once:
 *
 * <ul>
 *   <li>an <em>invariant</em> element: every access of its array in the recurrence is to that one
 *       element (no index in its subscripts). Loaded before the first position, stored after the
 *       last if written;
 *   <li>a <em>chain</em>: a one-dimensional array the recurrence writes at {@code position + w}
 *       only and reads there or at the element the previous position wrote ({@code position - 1 +
 *       w} forwards, {@code position + 1 + w} backwards). At each position the element written is
 *       loaded into a local, updated there, stored (for what reads the array later) and handed to
 *       the next position as the element it reads.
 * </ul>
 *
 * The statements do the same operations in the same order on the same values, so the bits do not
 * change.
 */
record Carried(List<Invariant> invariants, List<Chain> chains) {
    /** The position's symbol in {@link Chain#subscript}; no size or index can be called that. */
    static final String POSITION = "#position";

    /** One element, the same at every position, and its local. */
    record Invariant(String array, List<Affine> subscripts, boolean written, String local) {}

    /**
     * A one-dimensional array written at {@code position + hereAt} (in the local {@code here}) and
     * read there or at {@code position + lastAt} (in {@code last}, null when not read there). Where
     * {@code storedLast}, nothing after the recurrence reads an element it writes but the last
     * position's, so only that one is stored, once, after the loop: a forward recurrence whose
     * trajectory nobody keeps (forward mode's gradient) stores nothing at each position.
     */
    record Chain(
            String array,
            long hereAt,
            long lastAt,
            String here,
            String last,
            boolean load,
            boolean storedLast) {
        List<Affine> subscript(long at) {
            return List.of(Affine.symbol(POSITION).plus(Affine.of(at)));
        }
    }

    static Carried none() {
        return new Carried(List.of(), List.of());
    }

    boolean isEmpty() {
        return invariants.isEmpty() && chains.isEmpty();
    }

    /** The local of {@code array[subscripts]} in a statement whose position is {@code position}. */
    String local(String array, List<Affine> subscripts, String position) {
        for (Invariant v : invariants) {
            if (v.array().equals(array)) {
                return v.local();
            }
        }
        for (Chain c : chains) {
            if (c.array().equals(array)) {
                long at = subscripts.get(0).constant();
                return at == c.hereAt() ? c.here() : c.last();
            }
        }
        return null;
    }

    /**
     * Whether, with these locals, no statement of {@code r} reads at a position what a statement
     * writes there: every read of an array the recurrence writes is a chain's read of the element
     * the previous position finished. Then the statements can be computed together, each part they
     * share once, and their values added in their order: the same bits. They must share their
     * domain (the position alone) and search for nothing.
     */
    boolean readsNothingWritten(IndexedProgram.Recurrence r) {
        java.util.Set<String> written = new java.util.HashSet<>();
        for (Statement s : r.statements()) {
            written.add(s.target());
            if (!s.domain().equals(r.statements().get(0).domain())
                    || s.domain().size() != 1
                    || s.store() instanceof IndexedProgram.Accumulate a
                            && a.firstWhere().isPresent()) {
                return false;
            }
        }
        for (Statement s : r.statements()) {
            for (IndexedProgram.Read read : s.reads().values()) {
                if (!written.contains(read.array())) {
                    continue;
                }
                Chain chain = null;
                for (Chain c : chains) {
                    if (c.array().equals(read.array())) {
                        chain = c;
                    }
                }
                Long at = offset(new Use(s, read.subscripts(), false));
                if (chain == null || at == null || at != chain.lastAt()) {
                    return false;
                }
            }
        }
        return true;
    }

    /** One access of an array by a statement of the recurrence. */
    private record Use(Statement statement, List<Affine> subscripts, boolean write) {}

    /**
     * What {@code r} can keep in locals, the locals named from {@code names}. {@code laterReads},
     * where not null, gives the arrays that only fixed elements of are read after the recurrence,
     * and those elements ({@link Steps}); a chain of one of them read only at the last position's
     * element is {@link Chain#storedLast}.
     */
    static Carried plan(
            Model m,
            IndexedProgram.Recurrence r,
            boolean backwards,
            NameAllocator names,
            Map<String, java.util.Set<List<Affine>>> laterReads) {
        Map<String, List<Use>> uses = new LinkedHashMap<>();
        for (Statement s : r.statements()) {
            uses.computeIfAbsent(s.target(), k -> new ArrayList<>()).add(new Use(s, s.lhs(), true));
            for (IndexedProgram.Read read : s.reads().values()) {
                uses.computeIfAbsent(read.array(), k -> new ArrayList<>())
                        .add(new Use(s, read.subscripts(), false));
            }
        }
        List<Invariant> invariants = new ArrayList<>();
        List<Chain> chains = new ArrayList<>();
        for (Map.Entry<String, List<Use>> e : uses.entrySet()) {
            String array = e.getKey();
            if (m.inputs.containsKey(array) && m.inputs.get(array).isScalar()) {
                continue; // a parameter already
            }
            List<Use> u = e.getValue();
            if (u.stream().anyMatch(use -> use.statement().domain().size() != 1)) {
                // an inner loop may not run: its element need not exist
                continue;
            }
            boolean written = u.stream().anyMatch(Use::write);
            if (invariant(u)) {
                invariants.add(
                        new Invariant(
                                array,
                                u.get(0).subscripts(),
                                written,
                                names.newName(local(m, array))));
                continue;
            }
            if (!written || m.array(array).extents().size() != 1) {
                continue;
            }
            Long hereAt = null;
            boolean chain = true;
            for (Use use : u) {
                Long at = offset(use);
                if (at == null) {
                    chain = false;
                } else if (use.write()) {
                    if (hereAt != null && !hereAt.equals(at)) {
                        chain = false;
                    }
                    hereAt = at;
                }
            }
            if (!chain || hereAt == null) {
                continue;
            }
            long lastAt = hereAt + (backwards ? 1 : -1);
            boolean readsLast = false;
            // the element is loaded first where a statement adds to it or reads it: not where the
            // recurrence only assigns it (a forward recurrence)
            boolean load = false;
            for (Use use : u) {
                long at = offset(use);
                if (!use.write() && at != hereAt) {
                    if (at != lastAt) {
                        chain = false;
                    }
                    readsLast = true;
                }
                load |= use.write() ? use.statement().accumulates() : at == hereAt;
            }
            if (chain) {
                String base = local(m, array);
                List<Affine> lastElement = List.of(r.hi().plus(hereAt - 1));
                boolean storedLast =
                        !backwards
                                && readsLast
                                && !load
                                && laterReads != null
                                && laterReads.containsKey(array)
                                && laterReads.get(array).stream().allMatch(lastElement::equals);
                chains.add(
                        new Chain(
                                array,
                                hereAt,
                                lastAt,
                                names.newName(base + "Here"),
                                readsLast ? names.newName(base + "Last") : null,
                                load,
                                storedLast));
            }
        }
        return new Carried(List.copyOf(invariants), List.copyOf(chains));
    }

    private static String local(Model m, String array) {
        return m.wrtOfAdjoint.containsKey(array) ? "d" + m.wrtOfAdjoint.get(array) : m.java(array);
    }

    /** Every use is of one element that does not move with any index of its statement. */
    private static boolean invariant(List<Use> uses) {
        List<Affine> first = uses.get(0).subscripts();
        for (Use use : uses) {
            if (!use.subscripts().equals(first)) {
                return false;
            }
            for (Affine sub : use.subscripts()) {
                for (IndexedProgram.Binder b : use.statement().domain()) {
                    if (sub.mentions(b.index())) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** {@code c} where the use is {@code array[position + c]}, else null. */
    private static Long offset(Use use) {
        if (use.subscripts().size() != 1) {
            return null;
        }
        Affine sub = use.subscripts().get(0);
        String position = use.statement().domain().get(0).index();
        if (sub.terms().size() != 1 || sub.coefficient(position) != 1) {
            return null;
        }
        return sub.constant();
    }
}
