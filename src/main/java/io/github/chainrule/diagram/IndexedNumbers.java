package io.github.chainrule.diagram;

import io.github.chainrule.diff.Gradient;
import io.github.chainrule.diff.IndexedAdjoint;
import io.github.chainrule.diff.IndexedDerivatives;
import io.github.chainrule.diff.IndexedReverse;
import io.github.chainrule.indexed.IndexedEvaluator;
import io.github.chainrule.indexed.IndexedPoint;
import io.github.chainrule.indexed.IndexedProgram;
import io.github.chainrule.indexed.IndexedValues;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The numbers on an indexed diagram at a point: every array's values (one forward run) and, for
 * each scalar output, every adjoint (one backward run, with every input differentiated, so that
 * inputs outside {@code wrt} and the intermediates get theirs as a scalar diagram shows them). The
 * {@code wrt} inputs' gradients are {@code derive --at}'s own numbers, found the way it finds them.
 * An array output has one gradient per element: {@code derive --at} prints those.
 */
final class IndexedNumbers {
    final IndexedValues values;

    /** Per scalar output, name → its adjoint's elements (row-major). */
    private final Map<String, Map<String, double[]>> adjoints = new LinkedHashMap<>();

    private IndexedNumbers(IndexedValues values) {
        this.values = values;
    }

    static IndexedNumbers at(IndexedProgram program, IndexedPoint point) {
        long variables = 0;
        for (String w : program.wrt()) {
            variables += point.inputs().get(w).length;
        }
        IndexedDerivatives derive =
                Gradient.inForwardMode((int) Math.min(variables, Integer.MAX_VALUE))
                        ? IndexedDerivatives.inForwardMode(program, point)
                        : IndexedDerivatives.at(program, point);
        IndexedNumbers out = new IndexedNumbers(derive.values());
        List<String> every = new ArrayList<>();
        program.inputs().forEach(a -> every.add(a.name()));
        IndexedProgram all = program.withWrt(List.copyOf(every));
        for (String o : program.outputs()) {
            if (out.values.shape(o).length != 0) {
                continue;
            }
            IndexedAdjoint adjoint = IndexedReverse.adjoint(all, o);
            Map<String, double[]> byName = new HashMap<>();
            String seed = adjoint.adjointOf().get(o);
            if (seed != null) {
                IndexedValues run =
                        IndexedEvaluator.backward(
                                all, out.values, adjoint.adjoints(), adjoint.steps(), seed, 0);
                adjoint.adjointOf().forEach((name, d) -> byName.put(name, run.get(d)));
            }
            Map<String, double[]> derived = derive.byElement().get(o);
            if (derived != null) {
                byName.putAll(derived);
            }
            out.adjoints.put(o, byName);
        }
        return out;
    }

    /** Whether the gradients of {@code output} are on the diagram: it is a scalar. */
    boolean hasGradients(String output) {
        return adjoints.containsKey(output);
    }

    /** d output / d name at the point, or null when the output does not depend on it. */
    double[] adjoint(String output, String name) {
        Map<String, double[]> byName = adjoints.get(output);
        return byName == null ? null : byName.get(name);
    }

    /** A summary of an array: how many elements, the least, the greatest, the L2 norm. */
    record Summary(int size, double min, double max, double norm) {
        static Summary of(double[] v) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            double squares = 0;
            boolean nan = false;
            for (double x : v) {
                nan |= Double.isNaN(x);
                min = Math.min(min, x);
                max = Math.max(max, x);
                squares += x * x;
            }
            if (nan) {
                min = Double.NaN;
                max = Double.NaN;
            }
            return new Summary(v.length, min, max, Math.sqrt(squares));
        }
    }
}
