package io.github.chainrule.loopgen;

import io.github.chainrule.indexed.Affine;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * An integer polynomial in sizes ({@code m*p + 3}): the length of an array, or the stride of an
 * index in its row-major offset ({@code W[j, i]} is {@code W[j*d + i]}). Sizes stay names, so the
 * generated code is the same whatever their values; terms are kept in a fixed order, so printing is
 * deterministic. Immutable.
 */
record Poly(TreeMap<String, Long> monomials) {
    /** The monomial of no size: the constant term. */
    private static final String ONE = "";

    Poly {
        TreeMap<String, Long> copy = new TreeMap<>();
        monomials.forEach(
                (k, v) -> {
                    if (v != 0) {
                        copy.put(k, v);
                    }
                });
        monomials = copy;
    }

    static Poly constant(long c) {
        TreeMap<String, Long> m = new TreeMap<>();
        m.put(ONE, c);
        return new Poly(m);
    }

    /** An affine expression of sizes alone. */
    static Poly of(Affine a) {
        TreeMap<String, Long> m = new TreeMap<>();
        m.put(ONE, a.constant());
        a.terms().forEach((s, c) -> m.merge(key(List.of(s)), c, Math::addExact));
        return new Poly(m);
    }

    private static String key(List<String> factors) {
        List<String> sorted = new ArrayList<>(factors);
        Collections.sort(sorted);
        return String.join("*", sorted);
    }

    private static List<String> factors(String key) {
        return key.isEmpty() ? List.of() : List.of(key.split("\\*"));
    }

    boolean isZero() {
        return monomials.isEmpty();
    }

    boolean isConstant(long c) {
        return c == 0 ? isZero() : monomials.size() == 1 && monomials.getOrDefault(ONE, 0L) == c;
    }

    Poly plus(Poly other) {
        TreeMap<String, Long> m = new TreeMap<>(monomials);
        other.monomials.forEach((k, v) -> m.merge(k, v, Math::addExact));
        return new Poly(m);
    }

    Poly times(Poly other) {
        TreeMap<String, Long> m = new TreeMap<>();
        for (Map.Entry<String, Long> a : monomials.entrySet()) {
            for (Map.Entry<String, Long> b : other.monomials.entrySet()) {
                List<String> f = new ArrayList<>(factors(a.getKey()));
                f.addAll(factors(b.getKey()));
                m.merge(key(f), Math.multiplyExact(a.getValue(), b.getValue()), Math::addExact);
            }
        }
        return new Poly(m);
    }

    Poly times(long c) {
        return times(constant(c));
    }

    /** Its value with each size that {@code values} gives, or null where a term has another. */
    Long valueAt(Map<String, Long> values) {
        long sum = 0;
        for (Map.Entry<String, Long> e : monomials.entrySet()) {
            long term = e.getValue();
            for (String f : factors(e.getKey())) {
                Long v = values.get(f);
                if (v == null) {
                    return null;
                }
                term = Math.multiplyExact(term, v);
            }
            sum = Math.addExact(sum, term);
        }
        return sum;
    }

    /**
     * As Java: {@code m * p + 3}, each size through {@code names}; {@code 0} when zero. With {@code
     * asLong}, in {@code long} arithmetic ({@code 2L * n}).
     */
    String java(UnaryOperator<String> names, boolean asLong) {
        if (isZero()) {
            return asLong ? "0L" : "0";
        }
        StringBuilder out = new StringBuilder();
        // the constant last, as a user writes it: n - 1, not -1 + n
        List<Map.Entry<String, Long>> terms = new ArrayList<>();
        for (Map.Entry<String, Long> e : monomials.entrySet()) {
            if (!e.getKey().isEmpty()) {
                terms.add(e);
            }
        }
        if (monomials.containsKey(ONE)) {
            terms.add(Map.entry(ONE, monomials.get(ONE)));
        }
        for (Map.Entry<String, Long> t : terms) {
            long c = t.getValue();
            List<String> f = factors(t.getKey());
            boolean first = out.length() == 0;
            if (!first) {
                out.append(c < 0 ? " - " : " + ");
            } else if (c < 0) {
                out.append('-');
            }
            long a = Math.abs(c);
            List<String> parts = new ArrayList<>();
            boolean longDone = !asLong;
            if (a != 1 || f.isEmpty()) {
                parts.add(a + (longDone ? "" : "L"));
                longDone = true;
            }
            for (String s : f) {
                String n = names.apply(s);
                parts.add(longDone ? n : "(long) " + n);
                longDone = true;
            }
            out.append(String.join(" * ", parts));
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return java(s -> s, false);
    }
}
