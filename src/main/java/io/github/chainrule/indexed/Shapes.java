package io.github.chainrule.indexed;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The sizes of one evaluation and the extents of arrays at those sizes. */
final class Shapes {
    private Shapes() {}

    /**
     * Every size of {@code program}, fixed ones from the program and the others from {@code given},
     * in {@code dim} order.
     *
     * @throws IllegalArgumentException for a missing, unknown or non-positive size, or a fixed size
     *     given a different value
     */
    static Map<String, Long> sizes(IndexedProgram program, Map<String, Long> given) {
        Map<String, Long> out = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (IndexedProgram.Size s : program.sizes()) {
            Long value = given.get(s.name());
            if (s.fixed().isPresent()) {
                long fixed = s.fixed().getAsLong();
                if (value != null && value != fixed) {
                    throw new IllegalArgumentException(
                            "size "
                                    + s.name()
                                    + " is fixed to "
                                    + fixed
                                    + " in the program, but was given as "
                                    + value);
                }
                out.put(s.name(), fixed);
            } else if (value == null) {
                missing.add(s.name());
            } else if (value < 1) {
                throw new IllegalArgumentException(
                        "size " + s.name() + " is " + value + " but must be at least 1");
            } else {
                out.put(s.name(), value);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("no value for size " + String.join(", ", missing));
        }
        for (String name : given.keySet()) {
            if (!out.containsKey(name)) {
                throw new IllegalArgumentException(
                        name + " is not a size of the program" + sizeList(program));
            }
        }
        return out;
    }

    private static String sizeList(IndexedProgram program) {
        List<String> names = new ArrayList<>();
        program.sizes().forEach(s -> names.add(s.name()));
        return names.isEmpty() ? " (it has none)" : " (sizes: " + String.join(", ", names) + ")";
    }

    /** The extents of {@code array} at {@code sizes}; each at least 0, their product an int. */
    static int[] extents(IndexedProgram.Array array, Map<String, Long> sizes) {
        int[] out = new int[array.extents().size()];
        long length = 1;
        for (int d = 0; d < out.length; d++) {
            Affine extent = array.extents().get(d);
            // An extent below 1 comes from an empty range (a reduction over i in 0..n-1 lifted
            // out of a sum at n = 1): the array has no element, and nothing reads one.
            long e = Math.max(0, value(extent, sizes, array.name() + "'s extent " + extent));
            if (e > 0 && length > Integer.MAX_VALUE / e) {
                throw new IllegalArgumentException(
                        describe(array, sizes) + " has more elements than a Java array can hold");
            }
            length *= e;
            out[d] = (int) e;
        }
        return out;
    }

    static int length(int[] extents) {
        int n = 1;
        for (int e : extents) {
            n *= e;
        }
        return n;
    }

    /** The value of an affine expression of sizes alone. */
    static long value(Affine a, Map<String, Long> sizes, String what) {
        return a.evaluate(sizes)
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        what + " is not an expression of sizes alone"));
    }

    /**
     * How {@code array} is declared and what its sizes are, for messages: {@code W[h, d] with h =
     * 128, d = 784}, {@code x[3]}, {@code b is a scalar}.
     */
    static String describe(IndexedProgram.Array array, Map<String, Long> sizes) {
        if (array.isScalar()) {
            return array.name() + " is a scalar";
        }
        StringBuilder out = new StringBuilder(array.name()).append('[');
        Set<String> mentioned = new LinkedHashSet<>();
        for (int d = 0; d < array.extents().size(); d++) {
            Affine e = array.extents().get(d);
            out.append(d == 0 ? "" : ", ").append(e);
            mentioned.addAll(e.terms().keySet());
        }
        out.append(']');
        String sep = " with ";
        for (String s : mentioned) {
            Long v = sizes.get(s);
            out.append(sep).append(s).append(" = ").append(v == null ? "?" : v.toString());
            sep = ", ";
        }
        return out.toString();
    }
}
