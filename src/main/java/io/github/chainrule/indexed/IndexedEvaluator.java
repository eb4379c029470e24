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
 * min keeps the first extreme.
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
            run(step, program, arrays, data, extents, sizes, v);
        }
        return new IndexedValues(sizes, data, extents);
    }

    private static void run(
            IndexedProgram.Step step,
            IndexedProgram program,
            Map<String, IndexedProgram.Array> arrays,
            Map<String, double[]> data,
            Map<String, int[]> extents,
            Map<String, Long> sizes,
            double[] v) {
        if (step instanceof IndexedProgram.Single single) {
            new StatementRun(single.statement(), arrays, data, extents, sizes, program.graph(), v)
                    .run(0);
        } else if (step instanceof IndexedProgram.Recurrence r) {
            List<StatementRun> runs = new ArrayList<>();
            for (IndexedProgram.Statement s : r.statements()) {
                if (s.domain().isEmpty() || (s.reduce().isPresent() && s.reduceFrom() < 1)) {
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
            for (long position = lo; position < hi; position++) {
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
