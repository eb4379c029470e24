package io.github.chainrule.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A polynomial with exact coefficients in atoms numbered 0, 1, …: the coefficients of a power
 * series in one variable are these (over a denominator, {@link RationalFunction}), so a coefficient
 * that is zero in real arithmetic, such as (a + b)^2/(2ab) - (a + b)(a^2 b + a b^2)/(2 a^2 b^2), is
 * exactly zero here.
 */
final class Polynomial {
    /** A monomial: the exponent of each atom by number, without trailing zeros. */
    record Mono(List<Integer> exponents) implements Comparable<Mono> {
        static final Mono ONE = new Mono(List.of());

        static Mono atom(int index) {
            List<Integer> e = new ArrayList<>(Collections.nCopies(index + 1, 0));
            e.set(index, 1);
            return new Mono(List.copyOf(e));
        }

        int exponent(int i) {
            return i < exponents.size() ? exponents.get(i) : 0;
        }

        Mono times(Mono o) {
            return combine(o, 1);
        }

        Mono over(Mono o) {
            return combine(o, -1);
        }

        Mono min(Mono o) {
            List<Integer> e = new ArrayList<>();
            for (int i = 0; i < Math.max(exponents.size(), o.exponents.size()); i++) {
                e.add(Math.min(exponent(i), o.exponent(i)));
            }
            return trimmed(e);
        }

        Mono max(Mono o) {
            List<Integer> e = new ArrayList<>();
            for (int i = 0; i < Math.max(exponents.size(), o.exponents.size()); i++) {
                e.add(Math.max(exponent(i), o.exponent(i)));
            }
            return trimmed(e);
        }

        private Mono combine(Mono o, int sign) {
            List<Integer> e = new ArrayList<>();
            for (int i = 0; i < Math.max(exponents.size(), o.exponents.size()); i++) {
                e.add(exponent(i) + sign * o.exponent(i));
            }
            return trimmed(e);
        }

        private static Mono trimmed(List<Integer> e) {
            int n = e.size();
            while (n > 0 && e.get(n - 1) == 0) {
                n--;
            }
            return new Mono(List.copyOf(e.subList(0, n)));
        }

        int degree() {
            return exponents.stream().mapToInt(Integer::intValue).sum();
        }

        /** Higher degree first, then by exponents: a fixed order for printing and leading terms. */
        @Override
        public int compareTo(Mono o) {
            if (degree() != o.degree()) {
                return Integer.compare(o.degree(), degree());
            }
            for (int i = 0; i < Math.max(exponents.size(), o.exponents.size()); i++) {
                if (exponent(i) != o.exponent(i)) {
                    return Integer.compare(o.exponent(i), exponent(i));
                }
            }
            return 0;
        }
    }

    static final Polynomial ZERO = new Polynomial(new TreeMap<>());
    static final Polynomial ONE = constant(Rational.ONE);

    /** Nonzero coefficients by monomial. */
    private final TreeMap<Mono, Rational> terms;

    private Polynomial(TreeMap<Mono, Rational> terms) {
        this.terms = terms;
    }

    static Polynomial constant(Rational c) {
        TreeMap<Mono, Rational> t = new TreeMap<>();
        if (!c.isZero()) {
            t.put(Mono.ONE, c);
        }
        return new Polynomial(t);
    }

    static Polynomial monomial(Mono m, Rational c) {
        TreeMap<Mono, Rational> t = new TreeMap<>();
        if (!c.isZero()) {
            t.put(m, c);
        }
        return new Polynomial(t);
    }

    Map<Mono, Rational> terms() {
        return Collections.unmodifiableMap(terms);
    }

    boolean isZero() {
        return terms.isEmpty();
    }

    boolean isConstant() {
        return terms.isEmpty() || (terms.size() == 1 && terms.firstKey().equals(Mono.ONE));
    }

    boolean isMonomial() {
        return terms.size() == 1;
    }

    Rational leadingCoefficient() {
        return terms.firstEntry().getValue();
    }

    Polynomial add(Polynomial o) {
        TreeMap<Mono, Rational> t = new TreeMap<>(terms);
        o.terms.forEach(
                (m, c) -> {
                    Rational s = t.getOrDefault(m, Rational.ZERO).add(c);
                    if (s.isZero()) {
                        t.remove(m);
                    } else {
                        t.put(m, s);
                    }
                });
        return new Polynomial(t);
    }

    Polynomial negate() {
        return scale(Rational.ONE.negate());
    }

    Polynomial scale(Rational k) {
        if (k.isZero()) {
            return ZERO;
        }
        TreeMap<Mono, Rational> t = new TreeMap<>();
        terms.forEach((m, c) -> t.put(m, c.multiply(k)));
        return new Polynomial(t);
    }

    Polynomial multiply(Polynomial o) {
        Polynomial out = ZERO;
        for (Map.Entry<Mono, Rational> a : terms.entrySet()) {
            TreeMap<Mono, Rational> t = new TreeMap<>();
            for (Map.Entry<Mono, Rational> b : o.terms.entrySet()) {
                t.put(a.getKey().times(b.getKey()), a.getValue().multiply(b.getValue()));
            }
            out = out.add(new Polynomial(t));
        }
        return out;
    }

    Polynomial multiply(Mono m) {
        TreeMap<Mono, Rational> t = new TreeMap<>();
        terms.forEach((k, c) -> t.put(k.times(m), c));
        return new Polynomial(t);
    }

    Polynomial pow(int k) {
        Polynomial out = ONE;
        for (int i = 0; i < k; i++) {
            out = out.multiply(this);
        }
        return out;
    }

    /** The largest monomial dividing every term (ONE for zero). */
    Mono content() {
        Mono g = null;
        for (Mono m : terms.keySet()) {
            g = g == null ? m : g.min(m);
        }
        return g == null ? Mono.ONE : g;
    }

    /** Divided by a monomial that divides every term. */
    Polynomial over(Mono m) {
        TreeMap<Mono, Rational> t = new TreeMap<>();
        terms.forEach((k, c) -> t.put(k.over(m), c));
        return new Polynomial(t);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Polynomial p && p.terms.equals(terms);
    }

    @Override
    public int hashCode() {
        return terms.hashCode();
    }

    @Override
    public String toString() {
        return terms.toString();
    }
}
