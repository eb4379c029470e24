package io.github.chainrule.check;

import io.github.chainrule.indexed.Affine;
import io.github.chainrule.indexed.IndexedProgram.Binder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Proofs about affine expressions over index domains, by symbolic reasoning: the largest (or
 * smallest) value of an expression over its enclosing binders is found by replacing the innermost
 * binder by the end of its range that maximises it, then the next one out, down to an expression of
 * sizes alone; and an expression of sizes {@code a0 + Σ ak·sk} is at least 0 for every value of the
 * sizes (each at least 1) exactly when every {@code ak ≥ 0} and {@code a0 + Σ ak ≥ 0}. No value is
 * tried.
 */
final class Bounds {
    private Bounds() {}

    /** An extreme of an expression, over sizes alone, and where it is reached ({@code i = n-1}). */
    record Extreme(Affine value, List<String> where) {
        String when() {
            return where.isEmpty() ? "" : " when " + String.join(", ", where);
        }
    }

    /**
     * The largest value of {@code e} as the {@code binders} (outer first) run over their ranges.
     */
    static Extreme max(Affine e, List<Binder> binders) {
        return extreme(e, binders, true);
    }

    /** The smallest value of {@code e} as the {@code binders} run over their ranges. */
    static Extreme min(Affine e, List<Binder> binders) {
        return extreme(e, binders, false);
    }

    private static Extreme extreme(Affine e, List<Binder> binders, boolean largest) {
        List<String> where = new ArrayList<>();
        for (int k = binders.size() - 1; k >= 0; k--) {
            Binder b = binders.get(k);
            long c = e.coefficient(b.index());
            if (c == 0) {
                continue;
            }
            Affine at = (c > 0) == largest ? b.hi().plus(-1) : b.lo();
            where.add(0, b.index() + " = " + at);
            e = e.substitute(b.index(), at);
        }
        return new Extreme(e, where);
    }

    /**
     * Whether {@code e}, an expression of sizes and integers, is at least 0 for every value of the
     * sizes given at call time (each at least 1); a fixed size is its value.
     */
    static boolean nonNegative(Affine e, SizeFacts sizes) {
        Affine known = sizes.known(e);
        long atOne = known.constant();
        for (Map.Entry<String, Long> t : known.terms().entrySet()) {
            if (!sizes.runtime().contains(t.getKey()) || t.getValue() < 0) {
                return false;
            }
            atOne += t.getValue();
        }
        return atOne >= 0;
    }

    /** Whether {@code a <= b} for every value of the sizes. */
    static boolean atMost(Affine a, Affine b, SizeFacts sizes) {
        return nonNegative(b.minus(a), sizes);
    }
}
