package io.github.chainrule.diff;

import io.github.chainrule.indexed.IndexedProgram;
import java.util.List;
import java.util.Map;

/**
 * Forward mode of an indexed program along one element of one wrt input: tangent statements over
 * the forward program's graph, in the forward order (recurrences forwards), {@code dT/dw[lhs] = Σ
 * ∂body/∂B[subs] · dB/dw[subs]} over each active statement's domain; a sum reduction's tangent is
 * the sum of its terms' tangents, a max or min's the tangent of the first term that attains it (an
 * {@link IndexedProgram.Accumulate} with its condition). Which element of {@code wrt} is seeded is
 * chosen when it runs.
 *
 * @param tangentOf every array whose tangent can be nonzero (the wrt input and what depends on it)
 *     to its tangent's name ({@code dT/dw})
 * @param tangents the tangent arrays, each with the extents of its array
 * @param steps the tangent statements, in the order to run them
 */
public record IndexedTangent(
        IndexedProgram forward,
        String wrt,
        Map<String, String> tangentOf,
        List<IndexedProgram.Array> tangents,
        List<IndexedProgram.Step> steps) {

    /** {@code dT/dw}: the name of the tangent of {@code array} along {@code wrt}. */
    public static String tangentName(String array, String wrt) {
        return "d" + array + "/d" + wrt;
    }
}
