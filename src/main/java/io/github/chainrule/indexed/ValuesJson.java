package io.github.chainrule.indexed;

import io.github.chainrule.report.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Values as JSON: a scalar as a number, an array as nested lists in row-major order ({@code W[h,
 * d]} as {@code h} lists of {@code d} numbers), each number as {@link Json#number} writes it. What
 * {@link Points#fromJson} reads back.
 */
public final class ValuesJson {
    private ValuesJson() {}

    /** {@code values} with the extents {@code shape}: a number when there are none. */
    public static String nested(double[] values, int[] shape) {
        int length = Shapes.length(shape);
        if (values.length != length) {
            throw new IllegalArgumentException(
                    "values has length " + values.length + " but the shape needs " + length);
        }
        if (shape.length == 0) {
            return Json.number(values[0]);
        }
        StringBuilder out = new StringBuilder(values.length * 8 + 2).append('[');
        int[] at = new int[shape.length]; // lists begun so far at each level
        int depth = 0;
        int next = 0;
        while (depth >= 0) {
            if (depth == shape.length - 1) {
                for (int i = 0; i < shape[depth]; i++) {
                    out.append(i == 0 ? "" : ", ").append(Json.number(values[next++]));
                }
                out.append(']');
                depth--;
            } else if (at[depth] < shape[depth]) {
                out.append(at[depth] == 0 ? "[" : ", [");
                at[depth]++;
                depth++;
                at[depth] = 0;
            } else {
                out.append(']');
                depth--;
            }
        }
        return out.toString();
    }

    /** The named values of {@code values} as one object, in {@code names}' order. */
    public static String object(IndexedValues values, List<String> names, String indent) {
        Map<String, String> members = new LinkedHashMap<>();
        for (String name : names) {
            members.put(name, nested(values.get(name), values.shape(name)));
        }
        return Json.object(members, indent);
    }
}
