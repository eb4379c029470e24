package io.github.chainrule.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.apache.commons.math3.dfp.Dfp;
import org.apache.commons.math3.dfp.DfpField;
import org.apache.commons.math3.dfp.DfpMath;
import org.junit.jupiter.api.Test;

/**
 * erfc against 50-digit arithmetic from the exact double argument, from -6 (where it is 2 to the
 * last bit) through its switch to the continued fraction at 1.5 to 27 (where it is about 1e-319 and
 * subnormal): within a relative 1e-14 wherever it is a normal double.
 */
class ErfcAccuracyTest {
    private static final DfpField F = new DfpField(50);

    /** erfc(x): 1 - the series below 1.5 (loses at most 2 of 50 digits), the fraction beyond. */
    private static Dfp exact(double v) {
        Dfp x = F.newDfp(Math.abs(v));
        Dfp out;
        if (Math.abs(v) < 1.5) {
            Dfp x2 = x.multiply(x);
            Dfp term = x;
            Dfp sum = x;
            for (int n = 1; n < 400; n++) {
                term = term.multiply(x2.multiply(2)).divide(2 * n + 1);
                sum = sum.add(term);
            }
            Dfp erf = sum.multiply(DfpMath.exp(x2.negate())).multiply(2).divide(F.getPi().sqrt());
            out = F.getOne().subtract(erf);
        } else {
            // far more levels than a 1e-20 reference needs from 1.5 on
            Dfp f = x;
            for (int k = 2500; k >= 1; k--) {
                f = x.add(F.newDfp(k).divide(2).divide(f));
            }
            out = DfpMath.exp(x.multiply(x).negate()).divide(F.getPi().sqrt()).divide(f);
        }
        return v < 0 ? F.newDfp(2).subtract(out) : out;
    }

    @Test
    void withinARelativeOneEMinus14OverTheWholeRange() {
        SplittableRandom r = new SplittableRandom(8);
        double worst = 0;
        double worstAt = 0;
        for (int k = 0; k < 300; k++) {
            double x = k % 3 == 0 ? r.nextDouble(-6, 27) : r.nextDouble(-2, 4);
            double e = exact(x).toDouble();
            if (Math.abs(e) < Double.MIN_NORMAL) {
                continue;
            }
            double err = Math.abs(MathFunctions.erfc(x) - e) / e;
            if (err > worst) {
                worst = err;
                worstAt = x;
            }
        }
        for (double x : new double[] {-1.5, Math.nextDown(1.5), 1.5, 2.999, 3, 6.36, 9, 26}) {
            double e = exact(x).toDouble();
            worst = Math.max(worst, Math.abs(MathFunctions.erfc(x) - e) / e);
        }
        assertThat(worst).as("worst at " + worstAt).isLessThanOrEqualTo(1e-14);
    }

    @Test
    void theEnds() {
        assertThat(MathFunctions.erfc(Double.NaN)).isNaN();
        assertThat(MathFunctions.erfc(Double.POSITIVE_INFINITY)).isZero();
        assertThat(MathFunctions.erfc(Double.NEGATIVE_INFINITY)).isEqualTo(2);
        assertThat(MathFunctions.erfc(0)).isEqualTo(1);
        assertThat(MathFunctions.erfc(28)).isZero();
    }
}
