package io.github.chainrule.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import org.apache.commons.math3.dfp.Dfp;
import org.apache.commons.math3.dfp.DfpField;
import org.apache.commons.math3.dfp.DfpMath;
import org.junit.jupiter.api.Test;

/**
 * The internal functions that log(1 + u^2) and atan' are computed with: log1p(u^2), 1/(1 + u^2) and
 * u/(1 + u^2), against 40-digit arithmetic from the exact double argument, over the whole range:
 * where u^2 is below the rounding of 1 + u^2, around 1, up to the switch at 1e150 and beyond it,
 * where u^2 overflows.
 */
class SquareFormsAccuracyTest {
    private static final DfpField F = new DfpField(40);

    private static Dfp onePlusSquare(Dfp u) {
        return u.multiply(u).add(1);
    }

    private static Dfp log1pSquare(Dfp u) {
        Dfp e = u.multiply(u);
        // below 1e-20, 1 + e would round in 40 digits: log1p(e) = e - e^2/2 to that precision
        return e.lessThan(F.newDfp(1e-20))
                ? e.subtract(e.multiply(e).divide(2))
                : DfpMath.log(e.add(1));
    }

    private static double worstUlps(DoubleUnaryOperator f, Function<Dfp, Dfp> exact) {
        SplittableRandom r = new SplittableRandom(11);
        double worst = 0;
        for (int k = 0; k < 4000; k++) {
            // magnitudes from 1e-300 to 1e300, both signs, and dense points near 1
            double u =
                    k % 2 == 0
                            ? Math.pow(10, r.nextDouble(-300, 300)) * (r.nextBoolean() ? 1 : -1)
                            : r.nextDouble(-4, 4);
            worst = Math.max(worst, ulps(f.applyAsDouble(u), exact.apply(F.newDfp(u))));
        }
        for (double u :
                new double[] {
                    1e-160, 1e-8, 1, -1, Math.nextDown(1e150), 1e150, -1e150, 1.4e154, 1e200, 1e300
                }) {
            worst = Math.max(worst, ulps(f.applyAsDouble(u), exact.apply(F.newDfp(u))));
        }
        return worst;
    }

    /** Error in ulps of the exact value; 0 where both are below the normal range. */
    private static double ulps(double got, Dfp exact) {
        double e = exact.toDouble();
        if (Math.abs(e) < Double.MIN_NORMAL) {
            return Math.abs(got) < Double.MIN_NORMAL ? 0 : Double.POSITIVE_INFINITY;
        }
        return Math.abs(F.newDfp(got).subtract(exact).toDouble()) / Math.ulp(e);
    }

    @Test
    void log1pOfASquareIsWithinAFewUlps() {
        assertThat(worstUlps(MathFunctions::log1pSquare, SquareFormsAccuracyTest::log1pSquare))
                .isLessThanOrEqualTo(3);
    }

    @Test
    void oneOverOnePlusASquareIsWithinAFewUlps() {
        assertThat(
                        worstUlps(
                                MathFunctions::oneOverOnePlusSquare,
                                u -> onePlusSquare(u).reciprocal()))
                .isLessThanOrEqualTo(3);
    }

    @Test
    void uOverOnePlusASquareIsWithinAFewUlps() {
        assertThat(worstUlps(MathFunctions::uOverOnePlusSquare, u -> u.divide(onePlusSquare(u))))
                .isLessThanOrEqualTo(3);
    }

    @Test
    void theEnds() {
        assertThat(MathFunctions.log1pSquare(Double.POSITIVE_INFINITY)).isInfinite();
        assertThat(MathFunctions.log1pSquare(Double.NaN)).isNaN();
        assertThat(MathFunctions.log1pSquare(0)).isZero();
        assertThat(MathFunctions.oneOverOnePlusSquare(Double.NEGATIVE_INFINITY)).isZero();
        assertThat(MathFunctions.uOverOnePlusSquare(Double.POSITIVE_INFINITY)).isZero();
        assertThat(MathFunctions.uOverOnePlusSquare(Double.NaN)).isNaN();
    }
}
