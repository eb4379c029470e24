package io.github.chainrule.indexed;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An affine expression compiled for one statement: its sizes replaced by their values and each
 * index variable by the slot of its binder in the statement's domain, so that evaluating it is a
 * few multiply-adds over the current index values, not a map lookup.
 */
final class Linear {
    private final long constant;
    private final int[] slots;
    private final long[] coefficients;

    private Linear(long constant, int[] slots, long[] coefficients) {
        this.constant = constant;
        this.slots = slots;
        this.coefficients = coefficients;
    }

    /**
     * Compiles {@code a}, whose symbols may be sizes or the first {@code visible} binders of {@code
     * domain}.
     *
     * @param what the expression's place, for the message when it names something else
     */
    static Linear of(
            Affine a,
            List<IndexedProgram.Binder> domain,
            int visible,
            Map<String, Long> sizes,
            String what) {
        long constant = a.constant();
        List<Integer> slots = new ArrayList<>();
        List<Long> coefficients = new ArrayList<>();
        for (Map.Entry<String, Long> t : a.terms().entrySet()) {
            int slot = slot(domain, t.getKey());
            if (slot >= 0 && slot < visible) {
                slots.add(slot);
                coefficients.add(t.getValue());
            } else if (sizes.containsKey(t.getKey())) {
                constant =
                        Math.addExact(
                                constant, Math.multiplyExact(t.getValue(), sizes.get(t.getKey())));
            } else {
                throw new IllegalArgumentException(
                        what
                                + ": "
                                + t.getKey()
                                + (slot >= 0
                                        ? " is an index bound after it"
                                        : " is neither an index of the statement nor a size"));
            }
        }
        return new Linear(
                constant,
                slots.stream().mapToInt(Integer::intValue).toArray(),
                coefficients.stream().mapToLong(Long::longValue).toArray());
    }

    static int slot(List<IndexedProgram.Binder> domain, String index) {
        for (int k = 0; k < domain.size(); k++) {
            if (domain.get(k).index().equals(index)) {
                return k;
            }
        }
        return -1;
    }

    /** The value at the index values {@code index} (by slot). */
    long at(long[] index) {
        long v = constant;
        for (int t = 0; t < slots.length; t++) {
            v += coefficients[t] * index[slots[t]];
        }
        return v;
    }
}
