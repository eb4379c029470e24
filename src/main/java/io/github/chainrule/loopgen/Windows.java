package io.github.chainrule.loopgen;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Arrays of the work space that the class's code reads and writes at a few elements only, the same
 * whatever the sizes: in forward mode, a recurrence's values and tangents, set at their first
 * element before the loop and stored at their last after it ({@link Carried.Chain#storedLast}),
 * every other position in locals. Such an array is kept as those elements alone, in order (its
 * <em>window</em>), each access going to its element's slot instead: the same operations on the
 * same values, without T doubles per array and thread for elements nothing touches.
 *
 * <p>Decided from the accesses the code makes, not foreseen: {@link LoopEmitter} generates the
 * passes once while this records every element access ({@link #slot}), {@link #decide}s, then
 * generates them again with the windows. An array is windowed where every access is at an offset
 * fixed once the fixed sizes are known (none moves with an index, or depends on a size given at
 * call time, where two offsets could be one element: {@code x[0]} and {@code x[T-1]} at {@code T =
 * 1}), the program assigns it and no output is it (the public methods read those whole), and it has
 * more elements than its window. Adjoint arrays are never windowed (their passes zero them whole).
 */
final class Windows {
    /**
     * Per array, the offsets its accesses reach at the fixed sizes; absent once an access moves.
     */
    private final Map<String, TreeSet<Long>> reached = new LinkedHashMap<>();

    /** Arrays an access of which moves. */
    private final java.util.Set<String> moving = new java.util.HashSet<>();

    /** Once decided: each windowed array's elements, in order; an element's slot is its index. */
    private Map<String, List<Long>> kept;

    private final Map<String, Long> fixed;

    Windows(Map<String, Long> fixed) {
        this.fixed = fixed;
    }

    /**
     * The slot of the element at row-major {@code offset} (in the sizes; null where it moves with
     * an index) of {@code array}, where the work space keeps only its window; else null. While
     * recording, notes the access and gives null.
     */
    Long slot(String array, Poly offset) {
        Long at = offset == null ? null : offset.valueAt(fixed);
        if (kept == null) {
            if (at == null) {
                moving.add(array);
                reached.remove(array);
            } else if (!moving.contains(array)) {
                reached.computeIfAbsent(array, k -> new TreeSet<>()).add(at);
            }
            return null;
        }
        List<Long> window = kept.get(array);
        if (window == null) {
            return null;
        }
        int slot = at == null ? -1 : window.indexOf(at);
        if (slot < 0) {
            // the second generation reaches an element the first did not: a bug, not a program's
            throw new IllegalStateException(
                    array + " is kept at " + window + " but accessed at " + offset);
        }
        return (long) slot;
    }

    /** Ends the recording: the arrays of {@code m} to keep as their windows. */
    void decide(Model m) {
        if (kept != null) {
            throw new IllegalStateException("decided already");
        }
        Map<String, List<Long>> out = new LinkedHashMap<>();
        List<String> candidates = new ArrayList<>(m.arrays.keySet());
        candidates.removeAll(m.program.outputs());
        candidates.addAll(m.tangentArrays.keySet());
        for (String a : candidates) {
            TreeSet<Long> at = reached.get(a);
            Long length = Model.length(m.array(a)).valueAt(fixed);
            if (at != null && length != null && at.size() < length) {
                out.put(a, List.copyOf(at));
            }
        }
        kept = out;
    }

    /** The elements kept of {@code array}, in slot order, or null where it is kept whole. */
    List<Long> window(String array) {
        if (kept == null) {
            throw new IllegalStateException("not decided yet");
        }
        return kept.get(array);
    }
}
