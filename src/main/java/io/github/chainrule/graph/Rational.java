package io.github.chainrule.graph;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/**
 * An exact fraction, kept reduced with a positive denominator: the coefficients of {@link
 * Polynomial}s, so that terms of a series that vanish in real arithmetic vanish exactly.
 */
record Rational(BigInteger num, BigInteger den) {
    static final Rational ZERO = new Rational(BigInteger.ZERO, BigInteger.ONE);
    static final Rational ONE = new Rational(BigInteger.ONE, BigInteger.ONE);

    static Rational of(long num, long den) {
        return reduced(BigInteger.valueOf(num), BigInteger.valueOf(den));
    }

    /** The double's exact value (every finite double is a binary fraction). */
    static Rational of(double v) {
        BigDecimal d = new BigDecimal(v);
        return d.scale() <= 0
                ? new Rational(d.toBigIntegerExact(), BigInteger.ONE)
                : reduced(d.unscaledValue(), BigInteger.TEN.pow(d.scale()));
    }

    private static Rational reduced(BigInteger num, BigInteger den) {
        if (den.signum() == 0) {
            throw new ArithmeticException("division by zero");
        }
        if (den.signum() < 0) {
            num = num.negate();
            den = den.negate();
        }
        BigInteger g = num.gcd(den);
        if (g.signum() == 0 || g.equals(BigInteger.ONE)) {
            return new Rational(num, num.signum() == 0 ? BigInteger.ONE : den);
        }
        return new Rational(num.divide(g), den.divide(g));
    }

    boolean isZero() {
        return num.signum() == 0;
    }

    boolean isOne() {
        return num.equals(BigInteger.ONE) && den.equals(BigInteger.ONE);
    }

    Rational add(Rational o) {
        if (isZero()) {
            return o;
        }
        if (o.isZero()) {
            return this;
        }
        return reduced(num.multiply(o.den).add(o.num.multiply(den)), den.multiply(o.den));
    }

    Rational negate() {
        return new Rational(num.negate(), den);
    }

    Rational multiply(Rational o) {
        if (isZero() || o.isZero()) {
            return ZERO;
        }
        return reduced(num.multiply(o.num), den.multiply(o.den));
    }

    Rational divide(Rational o) {
        return reduced(num.multiply(o.den), den.multiply(o.num));
    }

    /** The nearest double (through 40 digits: never further than an ulp). */
    double toDouble() {
        return new BigDecimal(num)
                .divide(new BigDecimal(den), MathContext.DECIMAL128)
                .doubleValue();
    }

    @Override
    public String toString() {
        return den.equals(BigInteger.ONE) ? num.toString() : num + "/" + den;
    }
}
