package io.github.chainrule.javagen;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every numeric constant of a generated class goes through here. A double is written as the
 * shortest literal that reads back as the same double ({@link Double#toString}), and the values
 * that are not literals as {@code Double.NaN}, {@code Double.POSITIVE_INFINITY} and {@code
 * Double.NEGATIVE_INFINITY}.
 *
 * <p>Each distinct double literal takes two of the class's 65,535 constant-pool entries. A class
 * with more than {@link #MAX_LITERALS} distinct constants keeps them instead in static arrays (each
 * at most 32,768 long, so an index is always a {@code sipush}) filled once, when the class is
 * initialised, from their decimal text: a few string constants instead of thousands of doubles.
 */
final class JavaLiterals {
    /** Beyond this many distinct constants, a class reads them from a table. */
    static final int MAX_LITERALS = 4000;

    /** Entries per table array: an index fits a sipush. */
    static final int TABLE_SIZE = 1 << 15;

    /**
     * Characters of table text per string constant (a constant's UTF-8 form must stay under 64 KB).
     */
    static final int TEXT_CHUNK = 16000;

    private final boolean table;
    private final Map<Long, Integer> indices = new LinkedHashMap<>();
    private final List<String> fields;

    private JavaLiterals(boolean table, List<Double> values, List<String> fields) {
        this.table = table;
        this.fields = fields;
        if (table) {
            for (double v : values) {
                indices.putIfAbsent(Double.doubleToRawLongBits(v), indices.size());
            }
        }
    }

    /** Literals written in place. */
    static JavaLiterals inline() {
        return new JavaLiterals(false, List.of(), List.of());
    }

    /**
     * Literals for a class whose code uses {@code used} (in order of first use, repeats allowed):
     * in place when there are few, otherwise from tables named through {@code newField}.
     */
    static JavaLiterals forValues(
            List<Double> used, java.util.function.Function<String, String> newField) {
        List<Double> distinct = new ArrayList<>();
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (double v : used) {
            if (needsPoolEntry(v) && seen.add(Double.doubleToRawLongBits(v))) {
                distinct.add(v);
            }
        }
        if (distinct.size() <= MAX_LITERALS) {
            return inline();
        }
        List<String> fields = new ArrayList<>();
        for (int i = 0; i * TABLE_SIZE < distinct.size(); i++) {
            fields.add(newField.apply("K" + i));
        }
        return new JavaLiterals(true, distinct, fields);
    }

    /** javac writes 0.0 and 1.0 as dconst_0 and dconst_1, with no constant-pool entry. */
    private static boolean needsPoolEntry(double v) {
        return !(Double.doubleToRawLongBits(v) == 0L
                || v == 1.0
                || Double.isNaN(v)
                || Double.isInfinite(v));
    }

    /** The Java expression for {@code v} in place: a literal, or a constant of {@link Double}. */
    static String literal(double v) {
        if (Double.isNaN(v)) {
            return "Double.NaN";
        } else if (v == Double.POSITIVE_INFINITY) {
            return "Double.POSITIVE_INFINITY";
        } else if (v == Double.NEGATIVE_INFINITY) {
            return "Double.NEGATIVE_INFINITY";
        }
        return Double.toString(v);
    }

    /** How generated code reads {@code v}: in place, or from its table. */
    String reference(double v) {
        Integer index =
                table && needsPoolEntry(v) ? indices.get(Double.doubleToRawLongBits(v)) : null;
        if (index == null) {
            return literal(v);
        }
        return fields.get(index / TABLE_SIZE) + "[" + index % TABLE_SIZE + "]";
    }

    /** Whether {@link #reference} starts with a minus sign (and so binds like a unary minus). */
    boolean isNegative(double v) {
        boolean fromTable =
                table && needsPoolEntry(v) && indices.containsKey(Double.doubleToRawLongBits(v));
        return !fromTable
                && !Double.isNaN(v)
                && (v < 0 || Double.doubleToRawLongBits(v) != 0 && v == 0);
    }

    /** Bytecode bytes to push {@code v}. */
    int bytes(double v) {
        if (!needsPoolEntry(v)) {
            return Double.isNaN(v) || Double.isInfinite(v)
                    ? 3
                    : 1; // getstatic folded by javac to ldc2_w; dconst
        }
        return table ? 3 + 3 + 1 : 3; // getstatic, sipush, daload; or ldc2_w
    }

    boolean table() {
        return table;
    }

    List<String> fields() {
        return fields;
    }

    /** The table's values, in index order. */
    double[] tableValues() {
        double[] out = new double[indices.size()];
        int i = 0;
        for (long bits : indices.keySet()) {
            out[i++] = Double.longBitsToDouble(bits);
        }
        return out;
    }
}
