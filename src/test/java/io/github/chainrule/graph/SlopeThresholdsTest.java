package io.github.chainrule.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.dfp.Dfp;
import org.apache.commons.math3.dfp.DfpField;
import org.apache.commons.math3.dfp.DfpMath;
import org.junit.jupiter.api.Test;

/**
 * The thresholds below which sigmoid' and tanh' are computed from the stored forward value ({@code
 * s*(1 - s)}, {@code (1 - t)(1 + t)}: no exponential in the backward pass) and beyond which they
 * are computed from the argument, measured against 40-digit arithmetic at random points: both forms
 * are within a few ulps on their side of the threshold, and the stored form is not beyond it (so
 * the threshold is not needlessly low either: past it, the stored form's error grows).
 */
class SlopeThresholdsTest {
    private static final DfpField F = new DfpField(40);

    /** The error bound both sides meet: about that of the exp-based tail forms themselves. */
    private static final double ULPS = 5;

    private static final double SIGMOID_T = MathFunctions.SIGMOID_STORED_BELOW;
    private static final double TANH_T = MathFunctions.TANH_STORED_BELOW;

    private static double ulps(double got, Dfp exact) {
        double e = exact.toDouble();
        return Math.abs(F.newDfp(got).subtract(exact).toDouble()) / Math.ulp(e);
    }

    private static Dfp exactSigmoidSlope(double x) {
        Dfp e = DfpMath.exp(F.newDfp(-Math.abs(x)));
        Dfp p = e.add(1);
        return e.divide(p.multiply(p));
    }

    private static Dfp exactTanhSlope(double x) {
        Dfp ep = DfpMath.exp(F.newDfp(x));
        Dfp en = DfpMath.exp(F.newDfp(-x));
        Dfp c = ep.add(en).divide(2);
        return c.multiply(c).reciprocal();
    }

    /** sigmoid' as the graph computes it: s * (1 - s) with the second factor from {@link Fn}. */
    private static double sigmoidSlope(double x) {
        double s = MathFunctions.sigmoid(x);
        return s * MathFunctions.oneMinusSigmoid(x, s);
    }

    private static double tanhSlope(double x) {
        return MathFunctions.oneMinusTanhSquared(x, MathFunctions.tanh(x));
    }

    private static double maxUlps(
            double lo,
            double hi,
            int n,
            DoubleUnaryOperator computed,
            java.util.function.DoubleFunction<Dfp> exact) {
        SplittableRandom r = new SplittableRandom(lo > 0 ? 7 : 11);
        double worst = 0;
        for (int k = 0; k < n; k++) {
            double x = lo + (hi - lo) * r.nextDouble();
            worst = Math.max(worst, ulps(computed.applyAsDouble(x), exact.apply(x)));
        }
        return worst;
    }

    @Test
    void sigmoidSlopeIsWithinAFewUlpsOnBothSidesOfTheThreshold() {
        double stored =
                maxUlps(
                        -40,
                        SIGMOID_T,
                        4000,
                        SlopeThresholdsTest::sigmoidSlope,
                        x -> exactSigmoidSlope(x));
        double tail =
                maxUlps(
                        SIGMOID_T,
                        40,
                        4000,
                        SlopeThresholdsTest::sigmoidSlope,
                        x -> exactSigmoidSlope(x));
        assertThat(stored).as("s*(1 - s) below %s", SIGMOID_T).isLessThanOrEqualTo(ULPS);
        assertThat(tail).as("s*sigmoid(-x) from %s", SIGMOID_T).isLessThanOrEqualTo(ULPS);
    }

    @Test
    void theStoredSigmoidFormWouldNotBeAccurateBeyondTheThreshold() {
        double beyond =
                maxUlps(
                        SIGMOID_T,
                        SIGMOID_T + 1,
                        2000,
                        x -> {
                            double s = MathFunctions.sigmoid(x);
                            return s * (1 - s);
                        },
                        x -> exactSigmoidSlope(x));
        assertThat(beyond).isGreaterThan(ULPS);
    }

    @Test
    void tanhSlopeIsWithinAFewUlpsOnBothSidesOfTheThreshold() {
        double stored =
                maxUlps(
                        -TANH_T,
                        TANH_T,
                        4000,
                        SlopeThresholdsTest::tanhSlope,
                        x -> exactTanhSlope(x));
        double tail =
                maxUlps(TANH_T, 40, 4000, SlopeThresholdsTest::tanhSlope, x -> exactTanhSlope(x));
        double negativeTail =
                maxUlps(-40, -TANH_T, 2000, SlopeThresholdsTest::tanhSlope, x -> exactTanhSlope(x));
        assertThat(stored).as("(1 - t)(1 + t) below %s", TANH_T).isLessThanOrEqualTo(ULPS);
        assertThat(tail).as("4e/(1 + e)^2 from %s", TANH_T).isLessThanOrEqualTo(ULPS);
        assertThat(negativeTail).as("4e/(1 + e)^2 below -%s", TANH_T).isLessThanOrEqualTo(ULPS);
    }

    @Test
    void theStoredTanhFormWouldNotBeAccurateBeyondTheThreshold() {
        double beyond =
                maxUlps(
                        TANH_T,
                        TANH_T + 1,
                        2000,
                        x -> {
                            double t = MathFunctions.tanh(x);
                            return (1 - t) * (1 + t);
                        },
                        x -> exactTanhSlope(x));
        assertThat(beyond).isGreaterThan(ULPS);
    }

    @Test
    void theTailFormsReachTheExtremesTheStoredFormsCannot() {
        // at 40 and 20 the stored value has rounded to 1: 1 - s and 1 - t^2 would be 0
        assertThat(MathFunctions.sigmoid(40)).isEqualTo(1.0);
        assertThat(MathFunctions.tanh(20)).isEqualTo(1.0);
        assertThat(ulps(sigmoidSlope(40), exactSigmoidSlope(40))).isLessThanOrEqualTo(ULPS);
        assertThat(ulps(tanhSlope(-20), exactTanhSlope(-20))).isLessThanOrEqualTo(ULPS);
        assertThat(sigmoidSlope(Double.POSITIVE_INFINITY)).isEqualTo(0.0);
        assertThat(tanhSlope(Double.NEGATIVE_INFINITY)).isEqualTo(0.0);
        assertThat(tanhSlope(Double.NaN)).isNaN();
        assertThat(sigmoidSlope(Double.NaN)).isNaN();
    }
}
