package io.github.chainrule.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.apache.commons.math3.dfp.Dfp;
import org.apache.commons.math3.dfp.DfpField;
import org.apache.commons.math3.dfp.DfpMath;
import org.junit.jupiter.api.Test;

/**
 * {@link MathFunctions#tanh} against 30-digit arithmetic: never more than 1 ulp from the correctly
 * rounded value, over the whole range, at seeded random points where each of its forms works and
 * where they meet (0.55, and 19.1 where it returns ±1), in the tails and at tiny and subnormal
 * arguments; its error against the exact value stays near 1 ulp, and most results are correctly
 * rounded.
 *
 * <p>Why it exists: JDK 17's Math.tanh is not intrinsified. In an interleaved loop over 4096 values
 * (one process, best of 50 rounds after warm-up) it took 13-18 ns a call against 3-7.5 ns for
 * MathFunctions.tanh and 4 ns for Math.exp, depending on the mix of arguments below and above 0.55.
 */
class TanhAccuracyTest {
    private static final DfpField F = new DfpField(30);

    /** tanh(x) to about 30 digits: its series below 1e-6 (where e^2x - 1 cancels), else by exp. */
    private static Dfp exact(double x) {
        // x to 30 digits: tanh magnifies no relative error (its condition number is at most 1)
        Dfp dx = F.newDfp(x);
        if (Math.abs(x) < 1e-6) {
            // x - x^3/3 + 2x^5/15 - 17x^7/315: the next term is below 1e-48 relative
            Dfp x2 = dx.multiply(dx);
            Dfp p = F.newDfp(-17).divide(315);
            p = p.multiply(x2).add(F.newDfp(2).divide(15));
            p = p.multiply(x2).subtract(F.newDfp(1).divide(3));
            return dx.add(dx.multiply(x2).multiply(p));
        }
        Dfp e = DfpMath.exp(dx.multiply(2));
        return e.subtract(1).divide(e.add(1));
    }

    /** The double nearest to d (BigDecimal's conversion is correctly rounded). */
    private static double rounded(Dfp d) {
        return new BigDecimal(d.toString()).doubleValue();
    }

    /** What one region of arguments gave: worst distances and how many were correctly rounded. */
    private static final class Tally {
        final String region;
        int points;
        int correctlyRounded;
        long worstFromRounded;
        double worstFromExact;
        double worstAt;

        Tally(String region) {
            this.region = region;
        }

        void add(double x) {
            Dfp exact = exact(x);
            double cr = rounded(exact);
            double got = MathFunctions.tanh(x);
            // the doubles between got and the correctly rounded value; tanh keeps x's sign, so
            // both have it and their bit patterns count the doubles between them
            long fromRounded = Math.abs(Double.doubleToLongBits(got) - Double.doubleToLongBits(cr));
            double fromExact = Math.abs(F.newDfp(got).subtract(exact).toDouble()) / Math.ulp(cr);
            points++;
            if (fromRounded == 0) {
                correctlyRounded++;
            }
            if (fromRounded > worstFromRounded) {
                worstFromRounded = fromRounded;
                worstAt = x;
            }
            worstFromExact = Math.max(worstFromExact, fromExact);
        }

        Tally sample(int n, DoubleSupplier x) {
            for (int k = 0; k < n; k++) {
                add(x.getAsDouble());
            }
            return this;
        }

        double fractionCorrectlyRounded() {
            return correctlyRounded / (double) points;
        }

        @Override
        public String toString() {
            return String.format(
                    "%s: %d points, %.3f correctly rounded, worst %d ulps from it (at %s), %.3f"
                            + " from the exact value",
                    region,
                    points,
                    fractionCorrectlyRounded(),
                    worstFromRounded,
                    worstAt,
                    worstFromExact);
        }
    }

    private static void assertWithinOneUlp(Tally t, double minCorrectlyRounded) {
        assertThat(t.worstFromRounded).as("%s", t).isLessThanOrEqualTo(1);
        assertThat(t.worstFromExact).as("%s", t).isLessThan(1.1);
        assertThat(t.fractionCorrectlyRounded()).as("%s", t).isGreaterThan(minCorrectlyRounded);
    }

    @Test
    void denseInMinusOneToOne() {
        SplittableRandom r = new SplittableRandom(14);
        Tally t = new Tally("[-1, 1]").sample(15_000, () -> r.nextDouble(-1, 1));
        assertWithinOneUlp(t, 0.85);
    }

    @Test
    void whereThePolynomialMeetsTheExponential() {
        SplittableRandom r = new SplittableRandom(55);
        Tally t = new Tally("0.55 +- 0.01").sample(3000, () -> r.nextDouble(-0.01, 0.01) + 0.55);
        t.sample(1000, () -> -0.55 - r.nextDouble(-0.01, 0.01));
        // the last doubles of the polynomial and the first of the exponential form
        double below = 0.55;
        double above = 0.55;
        for (int k = 0; k < 200; k++) {
            below = Math.nextDown(below);
            t.add(below);
            t.add(-below);
            t.add(above);
            t.add(-above);
            above = Math.nextUp(above);
        }
        // tanh = 1/2 at 0.5493: below it the exponential form would not be accurate enough
        t.sample(1000, () -> r.nextDouble(0.5493, 0.5494));
        assertWithinOneUlp(t, 0.8);
    }

    @Test
    void theTailsUpToAndBeyondWhereTanhRoundsToOne() {
        SplittableRandom r = new SplittableRandom(19);
        Tally t = new Tally("1 <= |x| <= 25").sample(3000, () -> r.nextDouble(1, 3));
        t.sample(3000, () -> r.nextDouble(-20, 20));
        // tanh rounds to 1 from 55 ln(2)/2 = 19.0615 on; the constant form starts at 19.1
        t.sample(1500, () -> r.nextDouble(18.9, 19.2));
        t.sample(500, () -> -r.nextDouble(18.9, 19.2));
        for (double x : new double[] {19.1, Math.nextUp(19.1), Math.nextDown(19.1), 21, 25}) {
            t.add(x);
            t.add(-x);
        }
        assertWithinOneUlp(t, 0.95);
    }

    @Test
    void tinyAndSubnormalArgumentsAreTheirOwnTanh() {
        SplittableRandom r = new SplittableRandom(1074);
        Tally t =
                new Tally("tiny and subnormal")
                        .sample(
                                4000,
                                () -> {
                                    double x = Math.scalb(r.nextDouble(1, 2), -r.nextInt(8, 1075));
                                    return r.nextBoolean() ? x : -x;
                                });
        for (double x : new double[] {Double.MIN_VALUE, Double.MIN_NORMAL, 0x1p-26, 0x1p-27}) {
            t.add(x);
            t.add(-x);
        }
        assertWithinOneUlp(t, 0.99);
        for (int k = 27; k <= 1074; k++) {
            double x = Math.scalb(1.5, -k);
            assertThat(MathFunctions.tanh(x)).as("tanh(%s)", x).isEqualTo(x);
        }
    }

    @Test
    void theSpecialValues() {
        assertThat(Double.doubleToRawLongBits(MathFunctions.tanh(-0.0)))
                .isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(Double.doubleToRawLongBits(MathFunctions.tanh(0.0))).isZero();
        assertThat(MathFunctions.tanh(Double.POSITIVE_INFINITY)).isEqualTo(1.0);
        assertThat(MathFunctions.tanh(Double.NEGATIVE_INFINITY)).isEqualTo(-1.0);
        assertThat(MathFunctions.tanh(Double.MAX_VALUE)).isEqualTo(1.0);
        assertThat(MathFunctions.tanh(-Double.MAX_VALUE)).isEqualTo(-1.0);
        assertThat(MathFunctions.tanh(Double.NaN)).isNaN();
        assertThat(MathFunctions.tanh(Double.MIN_VALUE)).isEqualTo(Double.MIN_VALUE);
    }

    @Test
    void oddAndMonotonicAcrossTheThresholds() {
        SplittableRandom r = new SplittableRandom(3);
        for (int k = 0; k < 20_000; k++) {
            double x = k % 2 == 0 ? r.nextDouble(0, 1) : r.nextDouble(0, 25);
            assertThat(MathFunctions.tanh(-x)).isEqualTo(-MathFunctions.tanh(x));
        }
        for (double mid : new double[] {0.55, 19.1}) {
            double x = mid;
            for (int k = 0; k < 100; k++) {
                x = Math.nextDown(x);
            }
            for (int k = 0; k < 200; k++, x = Math.nextUp(x)) {
                assertThat(MathFunctions.tanh(Math.nextUp(x)))
                        .as("tanh(%s) <= tanh(next)", x)
                        .isGreaterThanOrEqualTo(MathFunctions.tanh(x));
            }
        }
    }
}
