package io.github.chainrule.indexed;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates an indexed program at a point: runs its steps in order and keeps every array (the
 * oracle for {@code derive --at} and the tests). Each statement runs over its domain in row-major
 * order, outer binder first; a recurrence runs, at each position of its index, each of its
 * statements over the rest of its domain. A body is computed node by node with the scalar
 * evaluator's arithmetic, so a scalar program gives bit for bit what {@link
 * io.github.chainrule.graph.Evaluator} gives; a sum reduction adds left to right from 0, a max or
 * min keeps the first extreme. An adjoint's gather ({@link IndexedProgram.Accumulate} with a sum)
 * sums its inner points the same way, from 0.0 in row-major order, then adds that sum to its
 * element once.
 */
public final class IndexedEvaluator {
    private IndexedEvaluator() {}

    /**
     * Every input and every assigned array of {@code program} at {@code point}.
     *
     * @throws IllegalArgumentException when a size is missing, unknown or below 1, an input is
     *     missing or unknown, or an input's length does not match its extents
     */
    public static IndexedValues evaluate(IndexedProgram program, IndexedPoint point) {
        Map<String, Long> sizes = Shapes.sizes(program, point.sizes());
        Map<String, IndexedProgram.Array> arrays = new LinkedHashMap<>();
        Map<String, double[]> data = new LinkedHashMap<>();
        Map<String, int[]> extents = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (IndexedProgram.Array input : program.inputs()) {
            int[] e = Shapes.extents(input, sizes);
            double[] given = point.inputs().get(input.name());
            if (given == null) {
                missing.add(input.name());
                continue;
            }
            int length = Shapes.length(e);
            if (given.length != length) {
                throw new IllegalArgumentException(
                        input.name()
                                + " has length "
                                + given.length
                                + " but must have length "
                                + length
                                + ": "
                                + Shapes.describe(input, sizes));
            }
            arrays.put(input.name(), input);
            data.put(input.name(), given);
            extents.put(input.name(), e);
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("no value for input " + String.join(", ", missing));
        }
        for (String name : point.inputs().keySet()) {
            if (!arrays.containsKey(name)) {
                throw new IllegalArgumentException(name + " is not an input of the program");
            }
        }
        for (IndexedProgram.Array a : program.arrays()) {
            int[] e = Shapes.extents(a, sizes);
            double[] values = new double[Shapes.length(e)];
            Arrays.fill(values, Double.NaN); // an element no statement writes shows as NaN
            arrays.put(a.name(), a);
            data.put(a.name(), values);
            extents.put(a.name(), e);
        }

        double[] v = new double[program.graph().size()];
        for (IndexedProgram.Step step : program.steps()) {
            run(step, program, arrays, data, extents, sizes, v, false);
        }
        return new IndexedValues(sizes, data, extents);
    }

    /**
     * Runs an adjoint program (the backward pass of {@code forward}) over the values of one forward
     * run: every array of {@code adjoints} starts at 0, but for a 1 at {@code seedOffset} of {@code
     * seed}; each step's statements accumulate into them, reading the forward values, and each
     * recurrence runs from its last position down to its first. The forward arithmetic is
     * unchanged: a body is computed node by node as in {@link #evaluate}.
     *
     * @param adjoints the adjoint arrays, with their extents; none may share a name with an array
     *     of {@code forward}
     * @param steps statements over the forward program's graph that write only adjoint arrays
     * @return the adjoint arrays only, at the forward run's sizes
     */
    public static IndexedValues backward(
            IndexedProgram forward,
            IndexedValues values,
            List<IndexedProgram.Array> adjoints,
            List<IndexedProgram.Step> steps,
            String seed,
            int seedOffset) {
        return derivative(forward, values, adjoints, steps, seed, seedOffset, true);
    }

    /**
     * Runs a tangent program (forward mode of {@code forward}) over the values of one forward run,
     * as {@link #backward} runs an adjoint program but with every recurrence in its own order: the
     * tangent arrays start at 0, but for a 1 at {@code seedOffset} of {@code seed} (the tangent of
     * one element of one input).
     *
     * @return the tangent arrays only, at the forward run's sizes
     */
    public static IndexedValues tangent(
            IndexedProgram forward,
            IndexedValues values,
            List<IndexedProgram.Array> tangents,
            List<IndexedProgram.Step> steps,
            String seed,
            int seedOffset) {
        return derivative(forward, values, tangents, steps, seed, seedOffset, false);
    }

    private static IndexedValues derivative(
            IndexedProgram forward,
            IndexedValues values,
            List<IndexedProgram.Array> adjoints,
            List<IndexedProgram.Step> steps,
            String seed,
            int seedOffset,
            boolean backwards) {
        Map<String, Long> sizes = values.sizes();
        Map<String, IndexedProgram.Array> arrays = new LinkedHashMap<>();
        Map<String, double[]> data = new LinkedHashMap<>();
        Map<String, int[]> extents = new LinkedHashMap<>();
        List<IndexedProgram.Array> known = new ArrayList<>(forward.inputs());
        known.addAll(forward.arrays());
        for (IndexedProgram.Array a : known) {
            arrays.put(a.name(), a);
            data.put(a.name(), values.get(a.name()));
            extents.put(a.name(), values.shape(a.name()));
        }
        Map<String, double[]> out = new LinkedHashMap<>();
        Map<String, int[]> outExtents = new LinkedHashMap<>();
        for (IndexedProgram.Array a : adjoints) {
            if (arrays.containsKey(a.name())) {
                throw new IllegalArgumentException(a.name() + " is an array of the program");
            }
            int[] e = Shapes.extents(a, sizes);
            double[] zeros = new double[Shapes.length(e)];
            arrays.put(a.name(), a);
            data.put(a.name(), zeros);
            extents.put(a.name(), e);
            out.put(a.name(), zeros);
            outExtents.put(a.name(), e);
        }
        double[] seeded = out.get(seed);
        if (seeded == null) {
            throw new IllegalArgumentException("no adjoint array " + seed + " to seed");
        }
        if (seedOffset < 0 || seedOffset >= seeded.length) {
            throw new IllegalArgumentException(
                    "seed offset "
                            + seedOffset
                            + " is outside "
                            + seed
                            + " (0.."
                            + seeded.length
                            + ")");
        }
        seeded[seedOffset] = 1;
        double[] v = new double[forward.graph().size()];
        for (IndexedProgram.Step step : steps) {
            run(step, forward, arrays, data, extents, sizes, v, backwards);
        }
        return new IndexedValues(sizes, out, outExtents);
    }

    private static void run(
            IndexedProgram.Step step,
            IndexedProgram program,
            Map<String, IndexedProgram.Array> arrays,
            Map<String, double[]> data,
            Map<String, int[]> extents,
            Map<String, Long> sizes,
            double[] v,
            boolean backwards) {
        if (step instanceof IndexedProgram.Single single) {
            new StatementRun(single.statement(), arrays, data, extents, sizes, program.graph(), v)
                    .run(0);
        } else if (step instanceof IndexedProgram.Recurrence r) {
            List<StatementRun> runs = new ArrayList<>();
            for (IndexedProgram.Statement s : r.statements()) {
                boolean firstOnlyOverAll =
                        s.store() instanceof IndexedProgram.Accumulate a
                                && a.firstWhere().isPresent()
                                && a.firstFrom() < 1;
                if (s.domain().isEmpty()
                        || (s.reduce().isPresent() && s.reduceFrom() < 1)
                        || firstOnlyOverAll) {
                    throw new IllegalArgumentException(
                            "line "
                                    + s.line()
                                    + ", "
                                    + s.target()
                                    + ": a statement of a recurrence needs its position as its"
                                    + " first, unreduced index");
                }
                runs.add(new StatementRun(s, arrays, data, extents, sizes, program.graph(), v));
            }
            long lo = Shapes.value(r.lo(), sizes, "the recurrence's start " + r.lo());
            long hi = Shapes.value(r.hi(), sizes, "the recurrence's end " + r.hi());
            for (long k = 0; k < hi - lo; k++) {
                long position = backwards ? hi - 1 - k : lo + k;
                for (StatementRun run : runs) {
                    run.index[0] = position;
                    run.run(1);
                }
            }
        } else {
            throw new AssertionError(step);
        }
    }
}
