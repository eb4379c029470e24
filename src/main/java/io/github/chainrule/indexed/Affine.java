package io.github.chainrule.indexed;

import java.util.Map;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An integer affine expression {@code constant + Σ coefficient · symbol} over sizes and index
 * variables: an index ({@code 2*i+1}), a range's bound ({@code i+1}, {@code n-1}) or an array's
 * extent ({@code n}). Immutable; no zero coefficients, so equal expressions are equal records.
 */
public record Affine(long constant, SortedMap<String, Long> terms) {
    public Affine {
        TreeMap<String, Long> copy = new TreeMap<>();
        terms.forEach(
                (symbol, c) -> {
                    if (c != 0) {
                        copy.put(symbol, c);
                    }
                });
        terms = java.util.Collections.unmodifiableSortedMap(copy);
    }

    public static Affine of(long constant) {
        return new Affine(constant, new TreeMap<>());
    }

    public static Affine symbol(String name) {
        TreeMap<String, Long> t = new TreeMap<>();
        t.put(name, 1L);
        return new Affine(0, t);
    }

    public boolean isConstant() {
        return terms.isEmpty();
    }

    public long coefficient(String symbol) {
        return terms.getOrDefault(symbol, 0L);
    }

    public boolean mentions(String symbol) {
        return terms.containsKey(symbol);
    }

    /** The bare symbol this is ({@code i}, not {@code i+1} nor {@code 2*i}), if it is one. */
    public java.util.Optional<String> bareSymbol() {
        if (constant == 0 && terms.size() == 1) {
            Map.Entry<String, Long> only = terms.entrySet().iterator().next();
            if (only.getValue() == 1) {
                return java.util.Optional.of(only.getKey());
            }
        }
        return java.util.Optional.empty();
    }

    public Affine plus(Affine other) {
        TreeMap<String, Long> t = new TreeMap<>(terms);
        other.terms.forEach((s, c) -> t.merge(s, c, Math::addExact));
        return new Affine(Math.addExact(constant, other.constant), t);
    }

    public Affine plus(long c) {
        return new Affine(Math.addExact(constant, c), terms);
    }

    public Affine times(long factor) {
        TreeMap<String, Long> t = new TreeMap<>();
        terms.forEach((s, c) -> t.put(s, Math.multiplyExact(c, factor)));
        return new Affine(Math.multiplyExact(constant, factor), t);
    }

    public Affine minus(Affine other) {
        return plus(other.times(-1));
    }

    /** This with {@code symbol} replaced by {@code value}. */
    public Affine substitute(String symbol, Affine value) {
        long c = coefficient(symbol);
        if (c == 0) {
            return this;
        }
        TreeMap<String, Long> t = new TreeMap<>(terms);
        t.remove(symbol);
        return new Affine(constant, t).plus(value.times(c));
    }

    /** This with every symbol that {@code values} knows replaced by its value. */
    public Affine substitute(Map<String, Long> values) {
        Affine out = this;
        for (Map.Entry<String, Long> v : values.entrySet()) {
            out = out.substitute(v.getKey(), of(v.getValue()));
        }
        return out;
    }

    /** The value, when every symbol is in {@code values}. */
    public OptionalLong evaluate(Map<String, Long> values) {
        long sum = constant;
        for (Map.Entry<String, Long> t : terms.entrySet()) {
            Long v = values.get(t.getKey());
            if (v == null) {
                return OptionalLong.empty();
            }
            sum = Math.addExact(sum, Math.multiplyExact(t.getValue(), v));
        }
        return OptionalLong.of(sum);
    }

    /** As a user writes it: {@code i+1}, {@code n-1}, {@code 2*i+1}, {@code -j}, {@code 0}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Long> t : terms.entrySet()) {
            long c = t.getValue();
            if (out.length() > 0) {
                out.append(c < 0 ? "-" : "+");
            } else if (c < 0) {
                out.append('-');
            }
            long a = Math.abs(c);
            if (a != 1) {
                out.append(a).append('*');
            }
            out.append(t.getKey());
        }
        if (out.length() == 0) {
            return Long.toString(constant);
        }
        if (constant != 0) {
            out.append(constant < 0 ? "-" : "+").append(Math.abs(constant));
        }
        return out.toString();
    }
}
