package io.github.chainrule.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.apache.commons.math3.dfp.Dfp;
import org.apache.commons.math3.dfp.DfpField;
import org.junit.jupiter.api.Test;

/**
 * hypot computes sqrt(a^2 + b^2) as written where that is safe and falls back on Math.hypot
 * elsewhere; against 40-digit arithmetic it is within 1 ulp of the correctly rounded value at every
 * point, from subnormals to the largest doubles, and around its switches at 1e-150 and 1e150.
 */
class HypotAccuracyTest {
    private static final DfpField F = new DfpField(40);

    /** How many ulps of the correctly rounded value {@code got} is from it. */
    private static double ulpsFromRounded(double a, double b, double got) {
        Dfp da = F.newDfp(a);
        Dfp db = F.newDfp(b);
        double rounded = da.multiply(da).add(db.multiply(db)).sqrt().toDouble();
        return Math.abs(got - rounded) / Math.ulp(rounded);
    }

    private static double magnitude(SplittableRandom r) {
        return Math.pow(10, r.nextDouble(-320, 308)) * (r.nextBoolean() ? 1 : -1);
    }

    @Test
    void withinOneUlpOfTheCorrectlyRoundedValue() {
        SplittableRandom r = new SplittableRandom(3);
        double worst = 0;
        for (int k = 0; k < 20000; k++) {
            double a;
            double b;
            switch (k % 4) {
                case 0 -> {
                    a = magnitude(r);
                    b = magnitude(r);
                }
                case 1 -> { // comparable magnitudes, where both squares count
                    a = magnitude(r);
                    b = a * r.nextDouble(-3, 3);
                }
                case 2 -> { // sqrt(1 + u^2), the form log and asinh rewrites produce
                    a = r.nextDouble(-5, 5);
                    b = 1;
                }
                default -> {
                    a = r.nextDouble(-1e3, 1e3);
                    b = r.nextDouble(-1e3, 1e3);
                }
            }
            worst = Math.max(worst, ulpsFromRounded(a, b, MathFunctions.hypot(a, b)));
        }
        double[] edges = {
            1e-150,
            Math.nextUp(1e-150),
            1e150,
            Math.nextDown(1e150),
            1e154,
            1e-154,
            1e300,
            Double.MIN_VALUE,
            Double.MIN_NORMAL,
            Double.MAX_VALUE / 2,
            0,
            1
        };
        for (double a : edges) {
            for (double b : edges) {
                worst = Math.max(worst, ulpsFromRounded(a, b, MathFunctions.hypot(a, b)));
            }
        }
        assertThat(worst).isLessThanOrEqualTo(1);
    }

    @Test
    void infinityAndNaNAsMathHypot() {
        double inf = Double.POSITIVE_INFINITY;
        assertThat(MathFunctions.hypot(inf, Double.NaN)).isEqualTo(inf);
        assertThat(MathFunctions.hypot(Double.NaN, -inf)).isEqualTo(inf);
        assertThat(MathFunctions.hypot(Double.NaN, 1)).isNaN();
        assertThat(MathFunctions.hypot(-3, 4)).isEqualTo(5);
        assertThat(MathFunctions.hypot(Double.MAX_VALUE, Double.MAX_VALUE)).isInfinite();
    }
}
