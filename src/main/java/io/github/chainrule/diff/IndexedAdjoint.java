package io.github.chainrule.diff;

import io.github.chainrule.indexed.IndexedProgram;
import java.util.List;
import java.util.Map;

/**
 * The backward pass of one output of an indexed program, as indexed statements over the forward
 * program's graph (the README's "Indexed programs"): every statement accumulates ({@link
 * IndexedProgram.Accumulate}) into an adjoint array, {@code dL/dW[j, i] += dL/da[j] * ∂a/∂W[j, i]}
 * over the reading statement's domain, reading the forward run's arrays; the steps are the forward
 * steps in reverse, and each {@link IndexedProgram.Recurrence} runs its positions backwards, its
 * statements in the order given (the forward order reversed). One statement per (forward statement,
 * element read of an active array) pair: nothing depends on the sizes' values.
 *
 * @param output the output whose adjoint is seeded (with a 1 at one element per backward run)
 * @param adjointOf every array that has an adjoint (the wrt inputs and the intermediates that
 *     depend on them), by name, to its adjoint's name
 * @param adjoints the adjoint arrays, each with the extents of its array
 * @param steps the backward pass, in the order to run it
 */
public record IndexedAdjoint(
        IndexedProgram forward,
        String output,
        Map<String, String> adjointOf,
        List<IndexedProgram.Array> adjoints,
        List<IndexedProgram.Step> steps) {

    /** {@code dL/dW}: the name of the adjoint of {@code array} for {@code output}. */
    public static String adjointName(String output, String array) {
        return "d" + output + "/d" + array;
    }

    /** The adjoint statements in the order they run at one position (for tests and printing). */
    public List<IndexedProgram.Statement> statements() {
        List<IndexedProgram.Statement> out = new java.util.ArrayList<>();
        for (IndexedProgram.Step step : steps) {
            if (step instanceof IndexedProgram.Single s) {
                out.add(s.statement());
            } else if (step instanceof IndexedProgram.Recurrence r) {
                out.addAll(r.statements());
            } else {
                throw new AssertionError(step);
            }
        }
        return out;
    }
}
