package io.github.chainrule.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.math3.analysis.UnivariateFunction;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.apache.commons.math3.analysis.differentiation.FiniteDifferencesDifferentiator;
import org.apache.commons.math3.analysis.differentiation.UnivariateDifferentiableFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One rule per built-in, one case per (function, argument, point): each symbolic partial,
 * evaluated, against commons-math3's 8-point central finite difference of the function's own
 * evaluation; and the documented values at the kinks.
 */
class FunctionRulesTest {

    /** Points inside each function's domain and away from its kinks. */
    private static double[][] points(Fn fn) {
        return switch (fn) {
            case ASIN, ACOS, ATANH -> new double[][] {{-0.7}, {-0.2}, {0.3}, {0.8}};
            case ACOSH -> new double[][] {{1.3}, {2.0}, {7.5}};
            case LOG, LOG2, LOG10, SQRT -> new double[][] {{0.2}, {1.0}, {3.7}, {40}};
            case LOG1P -> new double[][] {{-0.5}, {0.1}, {3.0}};
            case LOG1MEXP -> new double[][] {{-2.1}, {-0.4}, {-0.05}};
            case LOG1P_BY_LOG -> new double[][] {{0.9}, {0.4}, {0.05}}; // e = exp(-|u|) <= 1
            case TAN -> new double[][] {{-1.2}, {0.3}, {1.1}};
            case FLOOR, CEIL -> new double[][] {{-1.5}, {0.25}, {2.75}};
            case ATAN2 -> new double[][] {{1.0, 2.0}, {-0.5, 0.7}, {0.3, -1.9}, {-2.0, -0.4}};
            case HYPOT -> new double[][] {{3.0, 4.0}, {-0.5, 0.7}, {0.1, -2.0}};
            case MIN, MAX -> new double[][] {{1.0, 2.0}, {-0.5, -0.7}, {3.0, -1.9}};
            case MASKED_TIMES -> new double[][] {{1.5, -2.0}, {-0.25, 3.0}};
            // (x, s) with s = sigmoid(x), (x, t) with t = tanh(x): the slopes read the
            // stored value there, as functions of it
            case ONE_MINUS_SIGMOID ->
                    new double[][] {
                        {0.3, MathFunctions.sigmoid(0.3)}, {-2.0, MathFunctions.sigmoid(-2.0)}
                    };
            case ONE_MINUS_TANH_SQUARED ->
                    new double[][] {{0.2, Math.tanh(0.2)}, {-0.5, Math.tanh(-0.5)}};
            default ->
                    fn.arity() == 1
                            ? new double[][] {{-2.1}, {-0.4}, {0.6}, {1.7}}
                            : new double[][] {{0.7, 1.3}};
        };
    }

    static Stream<Arguments> partials() {
        List<Arguments> out = new ArrayList<>();
        for (Fn fn : Fn.values()) {
            for (double[] p : points(fn)) {
                for (int i = 0; i < fn.arity(); i++) {
                    out.add(Arguments.of(fn, p, i));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "d{0}/darg{2} at {1}")
    @MethodSource("partials")
    void partialMatchesFiniteDifference(Fn fn, double[] point, int i) {
        double symbolic = symbolicPartial(fn, point, i);
        UnivariateFunction along =
                t -> {
                    double[] q = point.clone();
                    q[i] = t;
                    return fn.eval(q);
                };
        double step = 1e-3 * Math.max(1, Math.abs(point[i]));
        UnivariateDifferentiableFunction f =
                new FiniteDifferencesDifferentiator(8, step).differentiate(along);
        double numeric =
                f.value(new DerivativeStructure(1, 1, 0, point[i])).getPartialDerivative(1);
        double tolerance = 1e-7 * Math.max(1, Math.abs(numeric));
        if (!(Math.abs(symbolic - numeric) <= tolerance)) {
            fail(
                    fn.label()
                            + " partial "
                            + i
                            + " at "
                            + java.util.Arrays.toString(point)
                            + ": symbolic "
                            + symbolic
                            + ", finite difference "
                            + numeric);
        }
    }

    /** The partial as the differentiator builds it: over variables, then evaluated at the point. */
    static double symbolicPartial(Fn fn, double[] point, int i) {
        Graph g = new Graph();
        List<Node> args = new ArrayList<>();
        java.util.Map<String, Double> at = new java.util.HashMap<>();
        for (int k = 0; k < fn.arity(); k++) {
            args.add(g.variable("a" + k));
            at.put("a" + k, point[k]);
        }
        Node self = g.apply(fn, args);
        Node partial = fn.partial(g, args, self, i);
        return Evaluator.evaluate(g, List.of(partial), at)[partial.id()];
    }

    static Stream<Arguments> kinks() {
        return Stream.of(
                Arguments.of(Fn.ABS, new double[] {0}, 0, 0.0),
                Arguments.of(Fn.RELU, new double[] {0}, 0, 0.0),
                Arguments.of(Fn.RELU, new double[] {2}, 0, 1.0),
                Arguments.of(Fn.RELU, new double[] {-2}, 0, 0.0),
                Arguments.of(Fn.SIGN, new double[] {0}, 0, 0.0),
                Arguments.of(Fn.FLOOR, new double[] {1}, 0, 0.0),
                Arguments.of(Fn.CEIL, new double[] {1}, 0, 0.0),
                Arguments.of(Fn.SQRT, new double[] {0}, 0, Double.POSITIVE_INFINITY),
                Arguments.of(Fn.MIN, new double[] {1, 1}, 0, 1.0),
                Arguments.of(Fn.MIN, new double[] {1, 1}, 1, 0.0),
                Arguments.of(Fn.MAX, new double[] {1, 1}, 0, 1.0),
                Arguments.of(Fn.MAX, new double[] {1, 1}, 1, 0.0),
                Arguments.of(Fn.SIGMOID, new double[] {-800}, 0, 0.0),
                Arguments.of(Fn.SOFTPLUS, new double[] {100}, 0, 1.0),
                Arguments.of(Fn.SOFTPLUS, new double[] {-800}, 0, 0.0));
    }

    @ParameterizedTest(name = "d{0}/darg{2} at {1} is {3}")
    @MethodSource("kinks")
    void documentedValueAtKinks(Fn fn, double[] point, int i, double expected) {
        assertEquals(expected, symbolicPartial(fn, point, i), 0.0);
    }

    @Test
    void overflowFreeFormsAtTheExtremes() {
        assertEquals(1.0, Fn.SIGMOID.eval(new double[] {800}));
        assertEquals(0.0, Fn.SIGMOID.eval(new double[] {-800}));
        assertEquals(800.0, Fn.SOFTPLUS.eval(new double[] {800}));
        assertEquals(0.0, Fn.SOFTPLUS.eval(new double[] {-800}));
    }

    /** The functions Math lacks, against commons-math3's FastMath and DerivativeStructure. */
    @Test
    void helpersAgreeWithCommonsMath() {
        for (double x = -6; x <= 6; x += 0.0137) {
            double tol = 1e-15 * Math.max(1, Math.abs(x));
            assertEquals(
                    org.apache.commons.math3.util.FastMath.asinh(x),
                    MathFunctions.asinh(x),
                    tol,
                    "asinh " + x);
            assertEquals(
                    org.apache.commons.math3.special.Erf.erf(x),
                    MathFunctions.erf(x),
                    1e-15,
                    "erf " + x);
            if (Math.abs(x) < 1) {
                assertEquals(
                        org.apache.commons.math3.util.FastMath.atanh(x),
                        MathFunctions.atanh(x),
                        2 * tol,
                        "atanh " + x);
            }
            if (x > 1) {
                // FastMath.acosh loses digits just above 1 (log of 1 + small); glibc agrees with
                // ours there
                assertEquals(
                        org.apache.commons.math3.util.FastMath.acosh(x),
                        MathFunctions.acosh(x),
                        1e-13 * Math.abs(MathFunctions.acosh(x)),
                        "acosh " + x);
                assertEquals(Math.log(x) / Math.log(2), MathFunctions.log2(x), tol, "log2 " + x);
            }
        }
        assertEquals(3.0, MathFunctions.log2(8), 4.5e-16);
        assertEquals(Math.log(2) + Math.log(1e12), MathFunctions.asinh(1e12) - 0.0, 1e-12);
    }
}
