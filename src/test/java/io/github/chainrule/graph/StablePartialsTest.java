package io.github.chainrule.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.commons.math3.dfp.Dfp;
import org.apache.commons.math3.dfp.DfpField;
import org.apache.commons.math3.dfp.DfpMath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every partial of the function table at extreme arguments (where a textbook form overflows,
 * underflows to a wrong 0 or cancels) against the exact derivative evaluated in 60-digit arithmetic
 * (commons-math3's {@link Dfp}), from the exact value of each double argument. Each point is one
 * where the true derivative is a normal double, so it must come out within a few ulps.
 */
class StablePartialsTest {
    private static final DfpField F = new DfpField(60);

    /** A few ulps: each stable form is a handful of correctly rounded (or 1-ulp) operations. */
    private static final double REL = 1e-14;

    private record Row(Fn fn, double[] at, int arg, Function<Dfp[], Dfp> exact) {
        @Override
        public String toString() {
            return "d" + fn.label() + "/darg" + arg + " at " + Arrays.toString(at);
        }
    }

    private static Dfp d(double v) {
        return F.newDfp(v);
    }

    private static Dfp one() {
        return F.getOne();
    }

    private static Dfp cosh(Dfp x) {
        return DfpMath.exp(x).add(DfpMath.exp(x.negate())).divide(2);
    }

    private static Dfp sinh(Dfp x) {
        if (x.abs().lessThan(F.newDfp(1e-5))) {
            return x.add(x.multiply(x).multiply(x).divide(6)); // the difference would cancel
        }
        return DfpMath.exp(x).subtract(DfpMath.exp(x.negate())).divide(2);
    }

    /** The exact derivative of {@code fn} in its argument {@code arg}, at {@code x}. */
    private static Dfp exact(Fn fn, Dfp[] x, int arg) {
        Dfp a = x[0];
        return switch (fn) {
            case SIN -> DfpMath.cos(a);
            case COS -> DfpMath.sin(a).negate();
            case TAN -> DfpMath.cos(a).multiply(DfpMath.cos(a)).reciprocal();
            case ASIN -> one().subtract(a.multiply(a)).sqrt().reciprocal();
            case ACOS -> one().subtract(a.multiply(a)).sqrt().reciprocal().negate();
            case ATAN -> one().add(a.multiply(a)).reciprocal();
            case SINH -> cosh(a);
            case COSH -> sinh(a);
            case TANH -> cosh(a).multiply(cosh(a)).reciprocal();
            case ASINH -> a.multiply(a).add(1).sqrt().reciprocal();
            case ACOSH -> a.multiply(a).subtract(1).sqrt().reciprocal();
            case ATANH -> one().subtract(a.multiply(a)).reciprocal();
            case EXP, EXPM1 -> DfpMath.exp(a);
            case LOG -> a.reciprocal();
            case LOG1P, LOG1P_BY_LOG -> a.add(1).reciprocal();
            case LOG2 -> a.multiply(F.getLn2()).reciprocal();
            case LOG10 -> a.multiply(F.getLn10()).reciprocal();
            case SQRT -> a.sqrt().multiply(2).reciprocal();
            case CBRT -> {
                // 1/(3 x^(2/3)) = 1/(3 cbrt(x)^2), with cbrt by exp(log|x|/3)
                Dfp c = DfpMath.exp(DfpMath.log(a.abs()).divide(3));
                yield c.multiply(c).multiply(3).reciprocal();
            }
            case SIGMOID -> {
                Dfp e = DfpMath.exp(a.abs().negate());
                Dfp p = one().add(e);
                yield e.divide(p.multiply(p));
            }
            case SOFTPLUS -> one().add(DfpMath.exp(a.negate())).reciprocal();
            case ERF -> DfpMath.exp(a.multiply(a).negate()).multiply(2).divide(F.getPi().sqrt());
            case ERFC -> DfpMath.exp(a.multiply(a).negate()).multiply(-2).divide(F.getPi().sqrt());
            case ATAN2 -> {
                Dfp y = x[0];
                Dfp xx = x[1];
                Dfp r2 = xx.multiply(xx).add(y.multiply(y));
                yield arg == 0 ? xx.divide(r2) : y.divide(r2).negate();
            }
            case LOGSUMEXP -> {
                Dfp other = x[1 - arg].subtract(x[arg]);
                yield one().add(DfpMath.exp(other)).reciprocal();
            }
            case LOG1MEXP -> {
                Dfp e = DfpMath.exp(a);
                yield e.divide(one().subtract(e)).negate();
            }
            case HYPOT -> x[arg].divide(x[0].multiply(x[0]).add(x[1].multiply(x[1])).sqrt());
            case LOG1P_SQUARE -> a.multiply(2).divide(one().add(a.multiply(a)));
            case ONE_OVER_ONE_PLUS_SQUARE -> {
                Dfp p = one().add(a.multiply(a));
                yield a.multiply(-2).divide(p.multiply(p));
            }
            case U_OVER_ONE_PLUS_SQUARE -> {
                Dfp p = one().add(a.multiply(a));
                yield one().subtract(a.multiply(a)).divide(p.multiply(p));
            }
            default -> throw new AssertionError(fn);
        };
    }

    /** The functions whose partials are not constants or choices, with their extreme points. */
    private static double[][] extremes(Fn fn) {
        double nearOne = Math.nextDown(1.0);
        return switch (fn) {
            case SIN, COS -> new double[][] {{1e-300}, {-1e-300}, {3.141592653589793}};
            case TAN -> new double[][] {{1e-300}, {1.5707963267948966}, {-1.5707963267948966}};
            case ASIN, ACOS, ATANH -> new double[][] {{nearOne}, {-nearOne}, {1e-300}};
            case ATAN -> new double[][] {{1e150}, {-1e150}, {1e-300}};
            case SINH, COSH -> new double[][] {{700}, {-700}, {1e-300}};
            case TANH ->
                    new double[][] {
                        {20},
                        {-20},
                        {300},
                        {-300},
                        {1e-300},
                        {0.84},
                        {-0.86},
                        {Math.nextDown(0.85)},
                        {0.85},
                        {-0.85}
                    };
            case ASINH -> new double[][] {{1e200}, {-1e200}, {1e-200}, {1e300}};
            case ACOSH -> new double[][] {{1e200}, {1e300}, {Math.nextUp(1.0)}, {1.5}};
            case EXP, EXPM1 -> new double[][] {{700}, {-700}, {1e-300}};
            case LOG, LOG2, LOG10, SQRT -> new double[][] {{1e-300}, {1e300}, {Double.MIN_NORMAL}};
            case LOG1P -> new double[][] {{-nearOne}, {1e300}, {1e-300}};
            case LOG1P_BY_LOG -> new double[][] {{1}, {1e-300}, {1e-17}, {0.5}};
            case CBRT -> new double[][] {{1e-300}, {1e300}, {-1e300}};
            case SIGMOID, SOFTPLUS ->
                    new double[][] {
                        {40}, {-40}, {700}, {-700}, {1e-300}, {Math.nextDown(1.5)}, {1.5}, {-1.5}
                    };
            case ERF, ERFC -> new double[][] {{26}, {-26}, {1e-300}};
            case ATAN2 ->
                    new double[][] {
                        {1e200, 1e200}, {1e-200, 1e-200}, {1e200, -3e200}, {-1e-300, 1}, {1, 1e-300}
                    };
            case LOGSUMEXP -> new double[][] {{1000, 999}, {-1000, -999}, {0, 700}, {1e-300, 0}};
            case LOG1MEXP -> new double[][] {{-40}, {-1e-10}, {-700}, {-0.5}};
            case HYPOT -> new double[][] {{1e200, 1e200}, {1e-200, 3e-200}, {1e300, 1}};
            case LOG1P_SQUARE ->
                    new double[][] {{1e200}, {-1e200}, {1e-300}, {1.5}, {Math.nextDown(1e150)}};
            // where the partial (about -1/u^2, -2/u^3) is still a normal double
            case U_OVER_ONE_PLUS_SQUARE ->
                    new double[][] {{1e150}, {-1e150}, {1e-300}, {1.5}, {Math.nextDown(1e150)}};
            case ONE_OVER_ONE_PLUS_SQUARE ->
                    new double[][] {{1e100}, {-1e100}, {1e-300}, {1.5}, {1e50}};
            default -> new double[0][];
        };
    }

    /** Piecewise constant or chosen partials: exact at any argument, tested elsewhere. */
    private static final Set<Fn> PIECEWISE =
            EnumSet.of(
                    Fn.ABS,
                    Fn.SIGN,
                    Fn.FLOOR,
                    Fn.CEIL,
                    Fn.RELU,
                    Fn.MIN,
                    Fn.MAX,
                    Fn.MASKED_TIMES,
                    Fn.ZERO_TIMES,
                    // partials of the stored value (0, -1, -2t): the values themselves are
                    // checked by sigmoid's and tanh's rows and by SlopeThresholdsTest
                    Fn.ONE_MINUS_SIGMOID,
                    Fn.ONE_MINUS_TANH_SQUARED);

    static Stream<Row> rows() {
        List<Row> out = new ArrayList<>();
        for (Fn fn : Fn.values()) {
            for (double[] at : extremes(fn)) {
                for (int i = 0; i < fn.arity(); i++) {
                    int arg = i;
                    out.add(new Row(fn, at, arg, x -> exact(fn, x, arg)));
                }
            }
        }
        return out.stream();
    }

    @Test
    void everyFunctionWithANonTrivialPartialHasExtremePoints() {
        for (Fn fn : Fn.values()) {
            if (!PIECEWISE.contains(fn)) {
                assertThat(extremes(fn)).as(fn.label()).isNotEmpty();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void partialAtAnExtremeMatchesTheExactDerivative(Row row) {
        Dfp[] x = new Dfp[row.at().length];
        for (int i = 0; i < x.length; i++) {
            x[i] = d(row.at()[i]);
        }
        double exact = row.exact().apply(x).toDouble();
        assertThat(Double.isFinite(exact) && exact != 0 && Math.abs(exact) >= Double.MIN_NORMAL)
                .as("the reference is a normal double: " + exact)
                .isTrue();
        double got = FunctionRulesTest.symbolicPartial(row.fn(), row.at(), row.arg());
        assertThat(Math.abs(got - exact))
                .as(row + ": got " + got + ", exactly " + exact)
                .isLessThanOrEqualTo(REL * Math.abs(exact));
    }
}
