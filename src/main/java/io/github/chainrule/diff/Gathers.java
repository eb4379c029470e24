package io.github.chainrule.diff;

import io.github.chainrule.indexed.Affine;
import io.github.chainrule.indexed.IndexedProgram;
import io.github.chainrule.indexed.IndexedProgram.Binder;
import io.github.chainrule.indexed.IndexedProgram.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Adjoint statements whose read is the identity on some of the domain's binders, written as
 * gathers: {@code dL/da[j] += sum(W2[c, j]*dL/ds[c] for c in 0..k) for j in 0..h} rather than the
 * scatter-add {@code dL/da[j] += W2[c, j]*dL/ds[c] for c in 0..k, j in 0..h}. Each element is then
 * written by one outer point, once (the form {@link IndexedProgram.Accumulate} documents). A read
 * is the identity on a binder when its subscript is that bare binder and the binder ranges over the
 * whole extent of the dimension it indexes, proved on the ranges symbolically (fixed sizes by their
 * values, so {@code 0..h} and {@code 0..128} agree for {@code dim h = 128}); reads with an offset,
 * a repeated binder or a partial range ({@code x[i+1]}, {@code W[i, i]}, {@code j in i+1..n}) stay
 * scatter-adds.
 */
final class Gathers {
    private Gathers() {}

    /** The fixed sizes' values, to compare affine expressions that may name them or not. */
    static Map<String, Long> fixedSizes(IndexedProgram program) {
        Map<String, Long> out = new HashMap<>();
        for (IndexedProgram.Size s : program.sizes()) {
            s.fixed().ifPresent(v -> out.put(s.name(), v));
        }
        return out;
    }

    static boolean sameValue(Affine a, Affine b, Map<String, Long> fixed) {
        return a.substitute(fixed).equals(b.substitute(fixed));
    }

    /**
     * The domain slot of each subscript, in subscript order, when every subscript is a distinct
     * bare binder of {@code domain} ranging over {@code 0..extent} of its dimension; else empty.
     */
    static Optional<int[]> identitySlots(
            List<Affine> subscripts,
            List<Binder> domain,
            List<Affine> extents,
            Map<String, Long> fixed) {
        if (subscripts.size() != extents.size()) {
            return Optional.empty();
        }
        int[] slots = new int[subscripts.size()];
        boolean[] used = new boolean[domain.size()];
        for (int d = 0; d < subscripts.size(); d++) {
            Optional<String> bare = subscripts.get(d).bareSymbol();
            int slot = bare.isPresent() ? slot(domain, bare.get()) : -1;
            if (slot < 0 || used[slot]) {
                return Optional.empty();
            }
            Binder b = domain.get(slot);
            if (!sameValue(b.lo(), Affine.of(0), fixed)
                    || !sameValue(b.hi(), extents.get(d), fixed)) {
                return Optional.empty();
            }
            used[slot] = true;
            slots[d] = slot;
        }
        return Optional.of(slots);
    }

    static int slot(List<Binder> domain, String index) {
        for (int k = 0; k < domain.size(); k++) {
            if (domain.get(k).index().equals(index)) {
                return k;
            }
        }
        return -1;
    }

    /**
     * {@code s} as a gather when its read is an identity on some binders, else {@code s}. The
     * gathered binders go first, in the array's order; the others keep theirs. When they are all
     * gathered the statement stays a plain accumulation, only reordered (each point is one
     * element). Kept as it is: a statement with no domain, a first-only accumulation, one whose
     * remaining binders' ranges read a binder that moves, and, in a recurrence, one that would not
     * keep its position as its first, unreduced binder.
     */
    static Statement gather(
            Statement s, List<Affine> extents, Map<String, Long> fixed, boolean inRecurrence) {
        if (s.domain().isEmpty()
                || s.reduce().isPresent()
                || !(s.store() instanceof IndexedProgram.Accumulate a)
                || a.firstWhere().isPresent()) {
            return s;
        }
        Optional<int[]> found = identitySlots(s.lhs(), s.domain(), extents, fixed);
        if (found.isEmpty()) {
            return s;
        }
        int[] slots = found.get();
        int k = slots.length;
        List<Binder> domain = new ArrayList<>();
        boolean[] gathered = new boolean[s.domain().size()];
        List<String> moved = new ArrayList<>();
        for (int d = 0; d < k; d++) {
            domain.add(s.domain().get(slots[d]));
            gathered[slots[d]] = true;
            if (slots[d] != d) {
                moved.add(s.domain().get(slots[d]).index());
            }
        }
        for (int slot = 0; slot < s.domain().size(); slot++) {
            if (gathered[slot]) {
                continue;
            }
            Binder b = s.domain().get(slot);
            for (String m : moved) {
                if (b.lo().mentions(m) || b.hi().mentions(m)) {
                    return s;
                }
            }
            domain.add(b);
        }
        if (inRecurrence && (k == 0 || slots[0] != 0)) {
            return s;
        }
        if (k == domain.size()) {
            return new Statement(
                    s.target(),
                    s.lhs(),
                    List.copyOf(domain),
                    Optional.empty(),
                    k,
                    s.body(),
                    s.reads(),
                    s.line(),
                    s.store());
        }
        return new Statement(
                s.target(),
                s.lhs(),
                List.copyOf(domain),
                Optional.of(IndexedProgram.ReduceOp.SUM),
                k,
                s.body(),
                s.reads(),
                s.line(),
                IndexedProgram.Accumulate.everywhere());
    }
}
