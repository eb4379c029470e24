package io.github.chainrule.graph;

import java.util.HashMap;
import java.util.Map;

/**
 * A quotient of polynomials in atoms, exact: {@code num / (denMono · Π factor^k)}, the factors
 * polynomials of more than one term with leading coefficient 1 and no monomial dividing them all.
 * Sums take the least common denominator of the factors, and monomials common to the numerator and
 * the denominator cancel, which keeps a power series' coefficients small; it is zero exactly when
 * its numerator is.
 */
record RationalFunction(Polynomial num, Polynomial.Mono denMono, Map<Polynomial, Integer> factors) {
    static final RationalFunction ZERO = constant(Rational.ZERO);
    static final RationalFunction ONE = constant(Rational.ONE);

    static RationalFunction constant(Rational c) {
        return new RationalFunction(Polynomial.constant(c), Polynomial.Mono.ONE, Map.of());
    }

    static RationalFunction of(Polynomial p) {
        return new RationalFunction(p, Polynomial.Mono.ONE, Map.of());
    }

    boolean isZero() {
        return num.isZero();
    }

    /** A constant (no atom anywhere), or null. */
    Rational constantValue() {
        if (!num.isConstant() || !denMono.equals(Polynomial.Mono.ONE) || !factors.isEmpty()) {
            return null;
        }
        return num.isZero() ? Rational.ZERO : num.leadingCoefficient();
    }

    RationalFunction add(RationalFunction o) {
        if (isZero()) {
            return o;
        }
        if (o.isZero()) {
            return this;
        }
        Polynomial.Mono mono = denMono.max(o.denMono);
        Map<Polynomial, Integer> lcm = new HashMap<>(factors);
        o.factors.forEach((p, k) -> lcm.merge(p, k, Math::max));
        Polynomial sum = raised(mono, lcm).add(o.raised(mono, lcm));
        return normalized(sum, mono, lcm);
    }

    /** The numerator over the common denominator {@code mono · lcm}. */
    private Polynomial raised(Polynomial.Mono mono, Map<Polynomial, Integer> lcm) {
        Polynomial p = num.multiply(mono.over(denMono));
        for (Map.Entry<Polynomial, Integer> e : lcm.entrySet()) {
            p = p.multiply(e.getKey().pow(e.getValue() - factors.getOrDefault(e.getKey(), 0)));
        }
        return p;
    }

    RationalFunction negate() {
        return new RationalFunction(num.negate(), denMono, factors);
    }

    RationalFunction subtract(RationalFunction o) {
        return add(o.negate());
    }

    RationalFunction scale(Rational k) {
        return k.isZero() ? ZERO : new RationalFunction(num.scale(k), denMono, factors);
    }

    RationalFunction multiply(RationalFunction o) {
        if (isZero() || o.isZero()) {
            return ZERO;
        }
        Map<Polynomial, Integer> f = new HashMap<>(factors);
        o.factors.forEach((p, k) -> f.merge(p, k, Integer::sum));
        return normalized(num.multiply(o.num), denMono.times(o.denMono), f);
    }

    RationalFunction reciprocal() {
        if (isZero()) {
            throw new ArithmeticException("reciprocal of zero");
        }
        Polynomial top = Polynomial.monomial(denMono, Rational.ONE);
        for (Map.Entry<Polynomial, Integer> e : factors.entrySet()) {
            top = top.multiply(e.getKey().pow(e.getValue()));
        }
        Polynomial.Mono content = num.content();
        Polynomial rest = num.over(content);
        Rational lead = rest.leadingCoefficient();
        rest = rest.scale(Rational.ONE.divide(lead));
        top = top.scale(Rational.ONE.divide(lead));
        Map<Polynomial, Integer> f = new HashMap<>();
        if (!rest.equals(Polynomial.ONE)) {
            f.put(rest, 1);
        }
        return normalized(top, content, f);
    }

    RationalFunction divide(RationalFunction o) {
        return multiply(o.reciprocal());
    }

    private static RationalFunction normalized(
            Polynomial num, Polynomial.Mono mono, Map<Polynomial, Integer> factors) {
        if (num.isZero()) {
            return ZERO;
        }
        Polynomial.Mono common = num.content().min(mono);
        Map<Polynomial, Integer> f = new HashMap<>();
        factors.forEach(
                (p, k) -> {
                    if (k > 0) {
                        f.put(p, k);
                    }
                });
        return new RationalFunction(num.over(common), mono.over(common), Map.copyOf(f));
    }
}
