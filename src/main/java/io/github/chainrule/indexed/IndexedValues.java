package io.github.chainrule.indexed;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Every value of one evaluation of an indexed program: each input and each assigned array
 * (intermediates and lifted reductions included), row-major, a scalar as one element, with the
 * sizes they were computed at. The arrays are shared, not copied: do not change them.
 */
public final class IndexedValues {
    private final Map<String, Long> sizes;
    private final Map<String, double[]> values;
    private final Map<String, int[]> shapes;

    IndexedValues(
            Map<String, Long> sizes, Map<String, double[]> values, Map<String, int[]> shapes) {
        this.sizes = Collections.unmodifiableMap(new LinkedHashMap<>(sizes));
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.shapes = Collections.unmodifiableMap(new LinkedHashMap<>(shapes));
    }

    /** Every size of the program, fixed or given, in {@code dim} order. */
    public Map<String, Long> sizes() {
        return sizes;
    }

    /** The inputs in {@code input} order, then the assigned arrays in the program's order. */
    public Set<String> names() {
        return values.keySet();
    }

    /** The row-major elements of {@code name}. */
    public double[] get(String name) {
        double[] v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException(
                    "no array " + name + " (arrays: " + String.join(", ", names()) + ")");
        }
        return v;
    }

    /** The value of a scalar. */
    public double scalar(String name) {
        if (shape(name).length != 0) {
            throw new IllegalArgumentException(name + " is an array, not a scalar");
        }
        return get(name)[0];
    }

    /** The extents of {@code name} at these sizes; none for a scalar. */
    public int[] shape(String name) {
        get(name);
        return shapes.get(name).clone();
    }

    /** One element, by its subscripts ({@code at("W", 1, 0)} is {@code W[1, 0]}). */
    public double at(String name, int... subscripts) {
        int[] shape = shapes.get(name);
        double[] v = get(name);
        if (subscripts.length != shape.length) {
            throw new IllegalArgumentException(
                    name + " has " + shape.length + " dimensions, not " + subscripts.length);
        }
        int offset = 0;
        for (int d = 0; d < shape.length; d++) {
            if (subscripts[d] < 0 || subscripts[d] >= shape[d]) {
                throw new IllegalArgumentException(
                        name
                                + Arrays.toString(subscripts)
                                + ": subscript "
                                + d
                                + " is "
                                + subscripts[d]
                                + ", outside 0.."
                                + shape[d]);
            }
            offset = offset * shape[d] + subscripts[d];
        }
        return v[offset];
    }
}
