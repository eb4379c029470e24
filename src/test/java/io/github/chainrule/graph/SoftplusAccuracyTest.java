package io.github.chainrule.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.apache.commons.math3.dfp.Dfp;
import org.apache.commons.math3.dfp.DfpField;
import org.apache.commons.math3.dfp.DfpMath;
import org.junit.jupiter.api.Test;

/**
 * softplus computes log1p(e^-|x|) through Math.log (log(u)·e/(u - 1), u = 1 + e), which is faster
 * than JDK 17's Math.log1p: against 40-digit arithmetic it stays within a few ulps over the whole
 * range, including where e^-|x| is below the rounding of 1 + e and where it underflows.
 */
class SoftplusAccuracyTest {
    private static final DfpField F = new DfpField(40);

    private static Dfp exact(double x) {
        Dfp e = DfpMath.exp(F.newDfp(-Math.abs(x)));
        // below 1e-20, 1 + e would round in 40 digits: log1p(e) = e - e^2/2 + … to that precision
        Dfp log1p =
                e.lessThan(F.newDfp(1e-20))
                        ? e.subtract(e.multiply(e).divide(2))
                        : DfpMath.log(e.add(1));
        return log1p.add(F.newDfp(Math.max(x, 0)));
    }

    private static double ulps(double got, Dfp exact) {
        double e = exact.toDouble();
        return Math.abs(F.newDfp(got).subtract(exact).toDouble()) / Math.ulp(e);
    }

    @Test
    void withinAFewUlpsAgainstFortyDigits() {
        SplittableRandom r = new SplittableRandom(5);
        double worst = 0;
        for (int k = 0; k < 6000; k++) {
            double x = k % 3 == 0 ? r.nextDouble(-40, 40) : r.nextDouble(-3, 3);
            worst = Math.max(worst, ulps(MathFunctions.softplus(x), exact(x)));
        }
        for (double x : new double[] {-700, -100, -37, -36.5, 0, 1e-300, -1e-300, 37, 100, 700}) {
            worst = Math.max(worst, ulps(MathFunctions.softplus(x), exact(x)));
        }
        assertThat(worst).isLessThanOrEqualTo(3);
    }

    @Test
    void theEnds() {
        assertThat(MathFunctions.softplus(Double.POSITIVE_INFINITY)).isInfinite();
        assertThat(MathFunctions.softplus(Double.NEGATIVE_INFINITY)).isZero();
        assertThat(MathFunctions.softplus(Double.NaN)).isNaN();
        assertThat(MathFunctions.softplus(-800)).isZero();
        assertThat(MathFunctions.softplus(0)).isEqualTo(Math.log(2));
    }
}
