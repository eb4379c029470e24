package io.github.chainrule.diff;

import io.github.chainrule.indexed.IndexedProgram;
import java.util.List;
import java.util.Map;

/**
 * The gradient of a program's one scalar output in forward mode along every wrt input at once (all
 * of them scalars), as one indexed program ({@link IndexedForward#tangents}): the forward program
 * with every statement followed by its tangent statements, one per wrt input whose tangent of the
 * target can be nonzero, over the same binders ({@code dx/dk[t] = Σ ∂body/∂operand · d operand/dk},
 * the tangent of the wrt input itself 1, of every other input 0), a recurrence's tangents in that
 * recurrence. Running it computes the forward values (the same statements, so the same bits) and,
 * in the output's tangents, the gradient; nothing is kept for a backward sweep.
 *
 * @param program the forward program, its arrays followed by the tangent arrays, its steps
 *     interleaved with the tangent statements
 * @param tangents the tangent arrays, each with the extents of its array
 * @param gradient per wrt input, the name of the output's tangent along it; absent where the output
 *     does not depend on that input (its derivative is 0)
 */
public record IndexedTangents(
        IndexedProgram program,
        List<IndexedProgram.Array> tangents,
        Map<String, String> gradient) {}
