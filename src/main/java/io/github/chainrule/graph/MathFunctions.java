package io.github.chainrule.graph;

/**
 * The functions {@link java.lang.Math} lacks, in forms accurate to a few ulps and free of overflow.
 * The emitter copies the same bodies into generated classes ({@code javagen.JavaHelpers}); a test
 * checks that both agree.
 */
public final class MathFunctions {
    private static final double LN2 = 0.6931471805599453;

    private MathFunctions() {}

    /** 1 / (1 + e^-x) without overflow: e^-x is only computed where it is at most 1. */
    public static double sigmoid(double x) {
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }

    /**
     * Below this, 1 - sigmoid(x) is computed from the stored sigmoid(x): within 3.5 ulps there (for
     * x <= 0, 1 - s does not cancel at all), and from 1.5 on each halving of 1 - s doubles the
     * error that s's last bit carries into it (8 ulps at 2, 40 at 4). Chosen by measurement against
     * 40-digit arithmetic ({@code SlopeThresholdsTest}).
     */
    public static final double SIGMOID_STORED_BELOW = 1.5;

    /**
     * Below this |x|, 1 - tanh(x)^2 is computed as (1 - t)(1 + t) from the stored t = {@link
     * #tanh}(x): within 2 ulps there; from 0.85 on (where sech² falls below 1/2) the error of t's
     * last bit grows as sech² shrinks: 3 ulps to 1.2, 5 at 1.5, 30 at 2.5 ({@code
     * SlopeThresholdsTest}).
     */
    public static final double TANH_STORED_BELOW = 0.85;

    /**
     * 1 - s for s = sigmoid(x): from s while x is below {@link #SIGMOID_STORED_BELOW} (no
     * exponential: the derivative reuses the forward value), as sigmoid(-x) beyond.
     */
    public static double oneMinusSigmoid(double x, double s) {
        if (x < SIGMOID_STORED_BELOW) {
            return 1 - s;
        }
        double e = Math.exp(-x);
        return e / (1 + e);
    }

    /**
     * 1 - t^2 for t = tanh(x): (1 - t)(1 + t) from t while |x| is below {@link #TANH_STORED_BELOW},
     * as 4e/(1 + e)^2 with e = e^-2|x| (sech², with one exp and no cosh) beyond.
     */
    public static double oneMinusTanhSquared(double x, double t) {
        double a = Math.abs(x);
        if (a < TANH_STORED_BELOW) {
            return (1 - t) * (1 + t);
        }
        double e = Math.exp(-2 * a);
        return 4 * e / ((1 + e) * (1 + e));
    }

    /**
     * log(1 + e^x) = max(x, 0) + log1p(e^-|x|), which never overflows. log1p(e) is computed as
     * log(u)·e/(u - 1) with u = 1 + e (Goldberg, "What every computer scientist should know about
     * floating-point arithmetic", theorem 4): within 2.5 ulps ({@code SoftplusAccuracyTest}) and,
     * through the intrinsic Math.log, about twice as fast as JDK 17's Math.log1p.
     */
    public static double softplus(double x) {
        return Math.max(x, 0) + log1pByLog(Math.exp(-Math.abs(x)));
    }

    /**
     * log1p(e) as log(u)·e/(u - 1) with u = 1 + e (Goldberg's theorem 4; see {@link #softplus}).
     */
    public static double log1pByLog(double e) {
        double u = 1 + e;
        return u == 1 ? e : Math.log(u) * (e / (u - 1));
    }

    /**
     * sqrt(a^2 + b^2) as written where neither square can overflow or lose digits to underflow (the
     * larger magnitude within 1e-150..1e150: the smaller square is then either accurate or below
     * the larger's last bit), within 1 ulp of the correctly rounded value ({@code
     * HypotAccuracyTest}); Math.hypot elsewhere (and for inf and NaN). JDK 17's Math.hypot is
     * StrictMath's: 3.7 ns a call against 2.4 in a loop over sqrt(x^2 + 1) on the development
     * machine.
     */
    public static double hypot(double a, double b) {
        double big = Math.max(Math.abs(a), Math.abs(b));
        if (big > 1e-150 && big < 1e150) {
            return Math.sqrt(a * a + b * b);
        }
        return Math.hypot(a, b);
    }

    /** Where u^2 overflows soon: from here on, 1 + u^2 is u^2 to the last bit. */
    public static final double SQUARE_OVERFLOWS_FROM = 1e150;

    /**
     * log(1 + u^2): log1p(e), e = u^2, as log(w)·e/(w - 1) with w = 1 + e (as {@link #softplus}); 2
     * log|u| from {@link #SQUARE_OVERFLOWS_FROM} on, where u^2 would overflow.
     */
    public static double log1pSquare(double u) {
        double a = Math.abs(u);
        if (a < SQUARE_OVERFLOWS_FROM) {
            double e = u * u;
            double w = 1 + e;
            return w == 1 ? e : Math.log(w) * (e / (w - 1));
        }
        return 2 * Math.log(a);
    }

    /** 1/(1 + u^2), as (1/u)^2 from {@link #SQUARE_OVERFLOWS_FROM} on. */
    public static double oneOverOnePlusSquare(double u) {
        if (Math.abs(u) < SQUARE_OVERFLOWS_FROM) {
            return 1 / (1 + u * u);
        }
        double r = 1 / u;
        return r * r;
    }

    /** u/(1 + u^2), as 1/u from {@link #SQUARE_OVERFLOWS_FROM} on. */
    public static double uOverOnePlusSquare(double u) {
        if (Math.abs(u) < SQUARE_OVERFLOWS_FROM) {
            return u / (1 + u * u);
        }
        return 1 / u;
    }

    /**
     * tanh in plain arithmetic around the intrinsic Math.exp: JDK 17's Math.tanh is StrictMath's
     * (fdlibm, not intrinsified) and takes 2.5 to 4 times as long (13-18 ns against 3-7.5 ns a call
     * in an interleaved loop, {@code TanhAccuracyTest}'s class comment). Against 30-digit
     * arithmetic it is never more than 1 ulp from the correctly rounded value (about 1.05 ulp from
     * the exact value at worst) and correctly rounded at 87% of points within [-1, 1], where
     * Math.tanh is at about 1 in 2 and sometimes 2 ulps off.
     *
     * <ul>
     *   <li>|x| < 0.55: x + x·z·P(z), z = x^2, with P a Chebyshev fit (11 terms, 50 digits, then
     *       rounded to doubles) of (tanh(√z)/√z - 1)/z on [0, 0.55^2], off by at most 7.7e-18 (0.02
     *       ulp of tanh); P is evaluated as its even and odd halves in z^2, whose two chains run
     *       side by side. x·z·P is at most a tenth of x, so its rounding errors shrink in the sum;
     *       it gives tanh(x) = x for tiny and subnormal x, and ±0 is returned as it is (the sum
     *       would turn -0 into +0).
     *   <li>0.55 <= |x| <= 19.1: 1 - 2/(e + 1) with e = e^2|x|, where tanh >= 1/2; the rounding of
     *       s = e + 1 is recovered exactly as t = (e - s) + 1 and corrected to first order (2/(s +
     *       t) = q - q^2 t/2, q = 2/s), which keeps the error near the threshold within about 1 ulp
     *       instead of 1.45.
     *   <li>beyond 19.1 (tanh rounds to 1 from 55 ln(2)/2 = 19.06 on), ±1 without an exp; NaN falls
     *       through to the exp form and stays NaN.
     * </ul>
     */
    public static double tanh(double x) {
        double a = Math.abs(x);
        if (a < 0.55) {
            if (x == 0) {
                return x; // -0 + x·z·P would be -0 + +0 = +0
            }
            double z = x * x;
            double w = z * z;
            double even = -2.060276537636634e-5;
            even = even * w - 2.346347410887237e-4;
            even = even * w - 0.001455661830100716;
            even = even * w - 0.008863234397814355;
            even = even * w - 0.053968253967434016;
            even = even * w - 0.3333333333333333;
            double odd = 8.511313685577671e-5;
            odd = odd * w + 5.889360520074057e-4;
            odd = odd * w + 0.003592110378689024;
            odd = odd * w + 0.021869488493666944;
            odd = odd * w + 0.13333333333332714;
            return x + x * (z * (even + z * odd));
        }
        if (a > 19.1) {
            return x < 0 ? -1.0 : 1.0;
        }
        double e = Math.exp(2 * a);
        double s = e + 1;
        double t = (e - s) + 1;
        double q = 2 / s;
        double r = 1 - (q - 0.5 * q * q * t);
        return x < 0 ? -r : r;
    }

    /** log(e^a + e^b) = max(a, b) + log1p(e^-|a - b|): never overflows or underflows. */
    public static double logsumexp(double a, double b) {
        double m = Math.max(a, b);
        if (Double.isInfinite(m)) {
            return m; // both -inf, or one +inf: the difference below would be NaN
        }
        return m + Math.log1p(Math.exp(-Math.abs(a - b)));
    }

    /**
     * log(1 - e^x) for x <= 0: log(-expm1(x)) near 0, log1p(-e^x) below -log 2, each where it does
     * not cancel (M. Mächler, "Accurately computing log(1 - exp(-|a|))", 2012).
     */
    public static double log1mexp(double x) {
        return x > -LN2 ? Math.log(-Math.expm1(x)) : Math.log1p(-Math.exp(x));
    }

    public static double log2(double x) {
        return Math.log(x) * (1 / LN2);
    }

    public static double asinh(double x) {
        double a = Math.abs(x);
        double r;
        if (a > 1e8) {
            r = Math.log(a) + LN2;
        } else {
            r = Math.log1p(a + a * a / (1 + Math.sqrt(1 + a * a)));
        }
        return x < 0 ? -r : r;
    }

    public static double acosh(double x) {
        if (x > 1e8) {
            return Math.log(x) + LN2;
        }
        double t = x - 1;
        return Math.log1p(t + Math.sqrt(2 * t + t * t));
    }

    /**
     * Odd, so computed at |x|, where 1 - |x| is exact near 1 and log1p gets a positive argument.
     */
    public static double atanh(double x) {
        double a = Math.abs(x);
        double r = 0.5 * Math.log1p(2 * a / (1 - a));
        return x < 0 ? -r : r;
    }

    /**
     * erfc = 1 - erf without its cancellation: 1 - erf(x) by erf's series for 0 <= x < 1.5 (erfc is
     * above 0.03 there, so at most 5 bits are lost), and beyond, e^(-x^2)/sqrt(pi) divided by the
     * continued fraction x + (1/2)/(x + 1/(x + (3/2)/(x + …))), 120 levels below 3 and 60 from 3
     * on; 2 - erfc(-x) below 0. {@code ErfcAccuracyTest} checks it against 40 digits. It underflows
     * to 0 from x = 27.3 on, where its true value does.
     */
    public static double erfc(double x) {
        if (x < 0) {
            return 2 - erfc(-x);
        }
        if (x < ERFC_FRACTION_FROM) {
            return 1 - erfSeries(x);
        }
        if (!(x >= ERFC_FRACTION_FROM)) {
            return x; // NaN
        }
        if (x >= 28) {
            return 0; // below half the least subnormal (also for +inf)
        }
        int levels = x < 3 ? 120 : 60;
        double f = x;
        for (int k = levels; k >= 1; k--) {
            f = x + (k / 2.0) / f;
        }
        // e^(-x^2) as e^(-s^2) e^(-(x - s)(x + s)), s = x to 1/16: s^2 is exact, so the rounding
        // of x^2 (relative 1e-16, absolute 7e-14 at x = 26) does not reach the exponent
        double s = Math.floor(x * 16) / 16;
        return Math.exp(-s * s) * Math.exp(-(x - s) * (x + s)) / Math.sqrt(Math.PI) / f;
    }

    /** Where erfc switches from 1 - erf to its continued fraction. */
    public static final double ERFC_FRACTION_FROM = 1.5;

    /** erf(a) for 0 <= a < 3: 2/sqrt(pi) e^(-a^2) Σ 2^n a^(2n+1) / (2n+1)!!, all terms positive. */
    private static double erfSeries(double a) {
        double x2 = a * a;
        double term = a;
        double sum = a;
        for (int n = 1; n < 200; n++) {
            term *= 2 * x2 / (2 * n + 1);
            sum += term;
            if (term < sum * 1e-17) {
                break;
            }
        }
        return 2 / Math.sqrt(Math.PI) * Math.exp(-x2) * sum;
    }

    /**
     * erf to about 1e-15: for |x| < 3 the series 2/sqrt(pi) e^(-x^2) Σ 2^n x^(2n+1) / (2n+1)!!,
     * whose terms are all positive; beyond, 1 - erfc(x) with erfc's continued fraction.
     */
    public static double erf(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double a = Math.abs(x);
        double r;
        if (a < 3) {
            r = erfSeries(a);
        } else if (a < 6) {
            // erfc(a) = e^(-a^2)/sqrt(pi) / (a + (1/2)/(a + 1/(a + (3/2)/(a + 2/(a + …))))),
            // evaluated from the tail; 60 levels are far more than doubles need for a >= 3.
            double f = a;
            for (int k = 60; k >= 1; k--) {
                f = a + (k / 2.0) / f;
            }
            r = 1 - Math.exp(-a * a) / Math.sqrt(Math.PI) / f;
        } else {
            r = 1;
        }
        return x < 0 ? -r : r;
    }
}
