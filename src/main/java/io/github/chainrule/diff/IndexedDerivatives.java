package io.github.chainrule.diff;

import io.github.chainrule.indexed.IndexedEvaluator;
import io.github.chainrule.indexed.IndexedPoint;
import io.github.chainrule.indexed.IndexedProgram;
import io.github.chainrule.indexed.IndexedValues;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every derivative of an indexed program at a point, in reverse mode: one forward run ({@link
 * IndexedEvaluator#evaluate}), then per output element one run of that output's adjoint program
 * ({@link IndexedReverse}) seeded with a 1 at that element.
 *
 * @param values the forward run
 * @param byElement per output element, keyed as the corpus and {@code derive --json} key it ({@code
 *     L}, {@code r[1]}, {@code P[0, 1]}), in output order then row-major: per wrt input, in {@code
 *     wrt} order, d element / d that input, row-major, shaped like the input ({@link
 *     IndexedValues#shape})
 */
public record IndexedDerivatives(
        IndexedValues values, Map<String, Map<String, double[]>> byElement) {

    /** The derivatives of every output with respect to every wrt input at {@code point}. */
    public static IndexedDerivatives at(IndexedProgram program, IndexedPoint point) {
        IndexedValues values = IndexedEvaluator.evaluate(program, point);
        Map<String, Map<String, double[]>> out = new LinkedHashMap<>();
        for (String output : program.outputs()) {
            IndexedAdjoint adjoint = IndexedReverse.adjoint(program, output);
            int[] shape = values.shape(output);
            int length = 1;
            for (int e : shape) {
                length *= e;
            }
            for (int offset = 0; offset < length; offset++) {
                out.put(elementKey(output, shape, offset), backward(adjoint, values, offset));
            }
        }
        return new IndexedDerivatives(values, Collections.unmodifiableMap(out));
    }

    /**
     * The same derivatives in forward mode: per wrt input one tangent program ({@link
     * IndexedForward}), run once per element of that input. The mode for one or two scalar wrt
     * inputs ({@link Gradient#inForwardMode}); equal to {@link #at} but for rounding.
     */
    public static IndexedDerivatives inForwardMode(IndexedProgram program, IndexedPoint point) {
        IndexedValues values = IndexedEvaluator.evaluate(program, point);
        Map<String, Map<String, double[]>> out = new LinkedHashMap<>();
        for (String output : program.outputs()) {
            int[] shape = values.shape(output);
            for (int offset = 0; offset < values.get(output).length; offset++) {
                Map<String, double[]> byWrt = new LinkedHashMap<>();
                for (String w : program.wrt()) {
                    byWrt.put(w, new double[values.get(w).length]);
                }
                out.put(elementKey(output, shape, offset), byWrt);
            }
        }
        for (String w : program.wrt()) {
            IndexedTangent tangent = IndexedForward.tangent(program, w);
            String seed = tangent.tangentOf().get(w);
            for (int e = 0; e < values.get(w).length; e++) {
                IndexedValues t =
                        IndexedEvaluator.tangent(
                                program, values, tangent.tangents(), tangent.steps(), seed, e);
                for (String output : program.outputs()) {
                    String d = tangent.tangentOf().get(output);
                    if (d == null) {
                        continue;
                    }
                    double[] dOut = t.get(d);
                    int[] shape = values.shape(output);
                    for (int offset = 0; offset < dOut.length; offset++) {
                        out.get(elementKey(output, shape, offset)).get(w)[e] = dOut[offset];
                    }
                }
            }
        }
        Map<String, Map<String, double[]>> frozen = new LinkedHashMap<>();
        out.forEach((k, v) -> frozen.put(k, Collections.unmodifiableMap(v)));
        return new IndexedDerivatives(values, Collections.unmodifiableMap(frozen));
    }

    /**
     * The gradient as generated code computes it where it chooses forward mode ({@link
     * IndexedForward#suitsGradient}): one run of the tangent program ({@link
     * IndexedForward#tangents}) through the evaluator, whose statements the generated loops run
     * with the same operations in the same order. Equal to {@link #at} but for rounding.
     */
    public static IndexedDerivatives ofTangents(IndexedProgram program, IndexedPoint point) {
        IndexedTangents t = IndexedForward.tangents(program);
        IndexedValues all = IndexedEvaluator.evaluate(t.program(), point);
        Map<String, double[]> byWrt = new LinkedHashMap<>();
        for (String w : program.wrt()) {
            String d = t.gradient().get(w);
            byWrt.put(w, d == null ? new double[1] : all.get(d).clone());
        }
        return new IndexedDerivatives(
                IndexedEvaluator.evaluate(program, point),
                Map.of(program.outputs().get(0), Collections.unmodifiableMap(byWrt)));
    }

    /** d output[offset] / d each wrt input, by one backward run. */
    public static Map<String, double[]> backward(
            IndexedAdjoint adjoint, IndexedValues values, int offset) {
        IndexedProgram program = adjoint.forward();
        Map<String, double[]> byWrt = new LinkedHashMap<>();
        String seed = adjoint.adjointOf().get(adjoint.output());
        IndexedValues adjoints =
                seed == null
                        ? null
                        : IndexedEvaluator.backward(
                                program, values, adjoint.adjoints(), adjoint.steps(), seed, offset);
        for (String w : program.wrt()) {
            String d = adjoint.adjointOf().get(w);
            if (adjoints == null || d == null) {
                byWrt.put(w, new double[values.get(w).length]);
            } else {
                byWrt.put(w, adjoints.get(d));
            }
        }
        return Collections.unmodifiableMap(byWrt);
    }

    /** {@code L} for a scalar, {@code r[1]}, {@code P[0, 1]} for an element (row-major offset). */
    public static String elementKey(String name, int[] shape, int offset) {
        if (shape.length == 0) {
            return name;
        }
        List<String> subscripts = new ArrayList<>();
        int rest = offset;
        for (int d = shape.length - 1; d >= 0; d--) {
            subscripts.add(0, Integer.toString(rest % shape[d]));
            rest /= shape[d];
        }
        return name + "[" + String.join(", ", subscripts) + "]";
    }
}
