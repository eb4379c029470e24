package io.github.chainrule.graph;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The built-in functions, each defined once: its name and arity, its {@code double} evaluation, its
 * partial derivatives (as graph-building code, reusing the node's own value where that is cheaper)
 * and its Java emission (a JavaPoet format with {@code $1L}, {@code $2L} for the arguments; a name
 * in {@link #helper()} is a static method the emitter adds to the class). The conventions at kinks
 * are the README's ("The language"): abs'(0) = 0, relu'(0) = 0, min/max ties choose a.
 */
public enum Fn {
    SIN("sin", 1, "Math.sin($1L)") {
        public double eval(double[] a) {
            return Math.sin(a[0]);
        }

        public Node partial(Graph g, List<Node> a, Node self, int i) {
            return g.apply(COS, a.get(0));
        }
    },
    COS("cos", 1, "Math.cos($1L)") {
        public double eval(double[] a) {
            return Math.cos(a[0]);
        }

        public Node partial(Graph g, List<Node> a, Node self, int i) {
            return g.neg(g.apply(SIN, a.get(0)));
        }
    },
    TAN("tan", 1, "Math.tan($1L)") {
        public double eval(double[] a) {
            return Math.tan(a[0]);
        }

        public Node partial(Graph g, List<Node> a, Node self, int i) {
            return g.add(g.constant(1), g.square(self));
        }
    },
    ASIN("asin", 1, "Math.asin($1L)") {
        public double eval(double[] a) {
            return Math.asin(a[0]);
        }

        public Node partial(Graph g, List<Node> a, Node self, int i) {
            return g.reciprocal(g.apply(SQRT, oneMinusSquare(g, a.get(0))));
        }
    },
    ACOS("acos", 1, "Math.acos($1L)") {
        public double eval(double[] a) {
            return Math.acos(a[0]);
        }

        public Node partial(Graph g, List<Node> a, Node self, int i) {
            return g.neg(g.reciprocal(g.apply(SQRT, oneMinusSquare(g, a.get(0)))));
        }
    },
    ATAN("atan", 1, "Math.atan($1L)") {
        public double eval(double[] a) {
            return Math.atan(a[0]);
        }

        public Node partial(Graph g, List<Node> a, Node self, int i) {
            // 1/(1 + x^2), whose x^2 would overflow where the result is still a normal number
            return g.apply(ONE_OVER_ONE_PLUS_SQUARE, a.get(0));
        }
    },
    SINH("sinh", 1, "Math.sinh($1L)") {
        public double eval(double[] a) {
            return Math.sinh(a[0]);
        }

        public Node partial(Graph g, List<Node> a, Node self, int i) {
            return g.apply(COSH, a.get(0));
        }
    },
    COSH("cosh", 1, "Math.cosh($1L)") {
        public double eval(double[] a) {
            return Math.cosh(a[0]);
        }

        public Node partial(Graph g, List<Node> a, Node self, int i) {
            return g.apply(SINH, a.get(0));
        }
    },
    TANH("tanh", 1, "tanh($1L)", "tanh") {
        public double eval(double[] a) {
            return MathFunctions.tanh(a[0]);
        }

        public Node partial(Graph g, List<Node> a, Node self, int i) {
            // 1 - t^2 from the stored t where that is accurate, and without cancellation beyond
            // (see ONE_MINUS_TANH_SQUARED)
            return g.apply(ONE_MINUS_TANH_SQUARED, a.get(0), self);
        }
    },
    ASINH("asinh", 1, "asinh($1L)", "asinh") {
        public double eval(double[] a) {
            return MathFunctions.asinh(a[0]);
        }

        public Node partial(Graph g, List<Node> a, Node self, int i) {
            // 1/sqrt(x^2 + 1) as 1/hypot(x, 1): x^2 overflows from 1e154 on
            return g.reciprocal(g.apply(HYPOT, a.get(0), g.constant(1)));
        }
    },
    ACOSH("acosh", 1, "acosh($1L)", "acosh") {
        public double eval(double[] a) {
            return MathFunctions.acosh(a[0]);
        }

        public Node partial(Graph g, List<Node> a, Node self, int i) {
            // 1/sqrt(x^2 - 1) as 1/(sqrt(x - 1) sqrt(x + 1)): no overflow of x^2, and x - 1 is
            // exact near 1
            Node x = a.get(0);
            return g.reciprocal(
                    g.mul(
                            g.apply(SQRT, g.sub(x, g.constant(1))),
                            g.apply(SQRT, g.add(x, g.constant(1)))));
        }
    },
    ATANH("atanh", 1, "atanh($1L)", "atanh") {
        public double eval(double[] a) {
            return MathFunctions.atanh(a[0]);
        }

        public Node partial(Graph g, List<Node> a, Node self, int i) {
            return g.reciprocal(oneMinusSquare(g, a.get(0)));
        }
    },
    EXP("exp", 1, "Math.exp($1L)") {
        public double eval(double[] a) {
            return Math.exp(a[0]);
        }

        public Node partial(Graph g, List<Node> a, Node self, int i) {
            return self;
        }
    },
    EXPM1("expm1", 1, "Math.expm1($1L)") {
        public double eval(double[] a) {
            return Math.expm1(a[0]);
        }

        public Node partial(Graph g, List<Node> a, Node self, int i) {
            return g.apply(EXP, a.get(0));
        }
    },
    LOG("log", 1, "Math.log($1L)") {
        public double eval(double[] a) {
            return Math.log(a[0]);
        }

        public Node partial(Graph g, List<Node> a, Node self, int i) {
            return g.reciprocal(a.get(0));
        }
    },
    LOG1P("log1p", 1, "Math.log1p($1L)") {
        public double eval(double[] a) {
            return Math.log1p(a[0]);
        }

        public Node partial(Graph g, List<Node> a, Node self, int i) {
            return g.reciprocal(g.add(g.constant(1), a.get(0)));
        }
    },
    LOG2("log2", 1, "log2($1L)", "log2") {
        public double eval(double[] a) {
            return MathFunctions.log2(a[0]);
        }

        public Node partial(Graph g, List<Node> a, Node self, int i) {
            return g.scale(1 / Math.log(2), g.reciprocal(a.get(0)));
        }
    },
    LOG10("log10", 1, "Math.log10($1L)") {
        public double eval(double[] a) {
            return Math.log10(a[0]);
        }

        public Node partial(Graph g, List<Node> a, Node self, int i) {
            return g.scale(1 / Math.log(10), g.reciprocal(a.get(0)));
        }
    },
    SQRT("sqrt", 1, "Math.sqrt($1L)") {
        public double eval(double[] a) {
            return Math.sqrt(a[0]);
        }

        public Node partial(Graph g, List<Node> a, Node self, int i) {
            return g.scale(0.5, g.reciprocal(self));
        }
    },
    CBRT("cbrt", 1, "Math.cbrt($1L)") {
        public double eval(double[] a) {
            return Math.cbrt(a[0]);
        }

        public Node partial(Graph g, List<Node> a, Node self, int i) {
            return g.scale(1.0 / 3, g.reciprocal(g.square(self)));
        }
    },
    ABS("abs", 1, "Math.abs($1L)") {
        public double eval(double[] a) {
            return Math.abs(a[0]);
        }

        public Node partial(Graph g, List<Node> a, Node self, int i) {
            return g.apply(SIGN, a.get(0));
        }
    },
    SIGN("sign", 1, "Math.signum($1L)") {
        public double eval(double[] a) {
            return Math.signum(a[0]);
        }

        public Node partial(Graph g, List<Node> a, Node self, int i) {
            return g.constant(0);
        }
    },
    FLOOR("floor", 1, "Math.floor($1L)") {
        public double eval(double[] a) {
            return Math.floor(a[0]);
        }

        public Node partial(Graph g, List<Node> a, Node self, int i) {
            return g.constant(0);
        }
    },
    CEIL("ceil", 1, "Math.ceil($1L)") {
        public double eval(double[] a) {
            return Math.ceil(a[0]);
        }

        public Node partial(Graph g, List<Node> a, Node self, int i) {
            return g.constant(0);
        }
    },
    SIGMOID("sigmoid", 1, "sigmoid($1L)", "sigmoid") {
        public double eval(double[] a) {
            return MathFunctions.sigmoid(a[0]);
        }

        public Node partial(Graph g, List<Node> a, Node self, int i) {
            // s*(1 - s), with 1 - s from the stored s where that is accurate and as sigmoid(-x)
            // beyond (see ONE_MINUS_SIGMOID)
            return g.mul(self, g.apply(ONE_MINUS_SIGMOID, a.get(0), self));
        }
    },
    SOFTPLUS("softplus", 1, "softplus($1L)", "softplus") {
        public double eval(double[] a) {
            return MathFunctions.softplus(a[0]);
        }

        public Node partial(Graph g, List<Node> a, Node self, int i) {
            // softplus(-v)' = sigmoid(-v) = 1 - sigmoid(v): a loss with softplus(v) and
            // softplus(-v) (the rewritten logistic loss) computes one sigmoid for both
            if (a.get(0) instanceof Node.Product p && p.coefficient() < 0) {
                Node v = g.neg(p);
                return g.apply(ONE_MINUS_SIGMOID, v, g.apply(SIGMOID, v));
            }
            return g.apply(SIGMOID, a.get(0));
        }
    },
    RELU("relu", 1, "Math.max($1L, 0.0)") {
        public double eval(double[] a) {
            return Math.max(a[0], 0.0);
        }

        public Node partial(Graph g, List<Node> a, Node self, int i) {
            return g.select(
                    g.compare(Cmp.GT, a.get(0), g.constant(0)), g.constant(1), g.constant(0));
        }
    },
    ERF("erf", 1, "erf($1L)", "erf") {
        public double eval(double[] a) {
            return MathFunctions.erf(a[0]);
        }

        public Node partial(Graph g, List<Node> a, Node self, int i) {
            return g.scale(2 / Math.sqrt(Math.PI), g.apply(EXP, g.neg(g.square(a.get(0)))));
        }
    },
    ERFC("erfc", 1, "erfc($1L)", "erfc") {
        public double eval(double[] a) {
            return MathFunctions.erfc(a[0]);
        }

        public Node partial(Graph g, List<Node> a, Node self, int i) {
            return g.scale(-2 / Math.sqrt(Math.PI), g.apply(EXP, g.neg(g.square(a.get(0)))));
        }
    },
    ATAN2("atan2", 2, "Math.atan2($1L, $2L)") {
        public double eval(double[] a) {
            return Math.atan2(a[0], a[1]);
        }

        public Node partial(Graph g, List<Node> a, Node self, int i) {
            Node y = a.get(0);
            Node x = a.get(1);
            // x/(x^2 + y^2) as (x/r)/r with r = hypot(x, y): the squares overflow at 1e200 and
            // underflow at 1e-200
            Node r = g.apply(HYPOT, y, x);
            Node ratio = g.div(i == 0 ? x : y, r);
            g.keepWhole(ratio);
            Node partial = g.div(ratio, r);
            return i == 0 ? partial : g.neg(partial);
        }
    },
    HYPOT("hypot", 2, "hypot($1L, $2L)", "hypot") {
        public double eval(double[] a) {
            return MathFunctions.hypot(a[0], a[1]);
        }

        public Node partial(Graph g, List<Node> a, Node self, int i) {
            return g.div(a.get(i), self);
        }
    },
    /**
     * log(e^a + e^b) as max(a, b) + log1p(e^-|a - b|), which neither overflows nor underflows; the
     * stable form a log-sum-exp written by hand is rewritten into (see {@link Rewrites}).
     */
    LOGSUMEXP("logsumexp", 2, "logsumexp($1L, $2L)", "logsumexp") {
        public double eval(double[] a) {
            return MathFunctions.logsumexp(a[0], a[1]);
        }

        public Node partial(Graph g, List<Node> a, Node self, int i) {
            // e^a / (e^a + e^b) = sigmoid(a - b): never 0/0 or inf/inf
            return g.apply(SIGMOID, i == 0 ? g.sub(a.get(0), a.get(1)) : g.sub(a.get(1), a.get(0)));
        }
    },
    /** log(1 - e^x) for x < 0 without cancellation (Mächler's log1mexp). */
    LOG1MEXP("log1mexp", 1, "log1mexp($1L)", "log1mexp") {
        public double eval(double[] a) {
            return MathFunctions.log1mexp(a[0]);
        }

        public Node partial(Graph g, List<Node> a, Node self, int i) {
            // -e^x / (1 - e^x) = -1/expm1(-x): no cancellation near 0 or overflow far below
            return g.neg(g.reciprocal(g.apply(EXPM1, g.neg(a.get(0)))));
        }
    },
    /**
     * Not callable by users: log1p(e) for 0 <= e <= 1 as log(u)·e/(u - 1), u = 1 + e, the tail of
     * softplus (see {@link MathFunctions#softplus}); the Java back end writes softplus out with it
     * where several logistic functions share one e = exp(-|u|). Prints as {@code log1p(e)}.
     */
    LOG1P_BY_LOG("log1p", 1, "log1pByLog($1L)", "log1pByLog") {
        public double eval(double[] a) {
            return MathFunctions.log1pByLog(a[0]);
        }

        public Node partial(Graph g, List<Node> a, Node self, int i) {
            return g.reciprocal(g.add(g.constant(1), a.get(0)));
        }
    },
    /**
     * Not callable by users: log1p(u^2), what log(1 + u^2) is rewritten into (see {@link
     * Rewrites}). u^2 overflows from |u| = 1.3e154 on while the value is finite, so from 1e150 on
     * it is 2 log|u| (1 + u^2 rounds to u^2 there); below, log1p(e) of e = u^2 as log(w)·e/(w - 1),
     * w = 1 + e, as in softplus: the intrinsic log instead of JDK 17's native log1p. Prints as
     * {@code log1p(u^2)}.
     */
    LOG1P_SQUARE("log1p_square", 1, "log1pSquare($1L)", "log1pSquare") {
        public double eval(double[] a) {
            return MathFunctions.log1pSquare(a[0]);
        }

        public Node partial(Graph g, List<Node> a, Node self, int i) {
            return g.scale(2, g.apply(U_OVER_ONE_PLUS_SQUARE, a.get(0)));
        }
    },
    /**
     * Not callable by users: 1/(1 + u^2) (atan' and the like), as (1/u)^2 from |u| = 1e150 on,
     * where u^2 would overflow. Prints as {@code 1/(1 + u^2)}.
     */
    ONE_OVER_ONE_PLUS_SQUARE(
            "one_over_one_plus_square", 1, "oneOverOnePlusSquare($1L)", "oneOverOnePlusSquare") {
        public double eval(double[] a) {
            return MathFunctions.oneOverOnePlusSquare(a[0]);
        }

        public Node partial(Graph g, List<Node> a, Node self, int i) {
            // -2u/(1 + u^2)^2
            return g.scale(-2, g.mul(g.apply(U_OVER_ONE_PLUS_SQUARE, a.get(0)), self));
        }
    },
    /**
     * Not callable by users: u/(1 + u^2) (log1p(u^2)' / 2), as 1/u from |u| = 1e150 on, where u^2
     * would overflow to a wrong 0. Prints as {@code u/(1 + u^2)}.
     */
    U_OVER_ONE_PLUS_SQUARE(
            "u_over_one_plus_square", 1, "uOverOnePlusSquare($1L)", "uOverOnePlusSquare") {
        public double eval(double[] a) {
            return MathFunctions.uOverOnePlusSquare(a[0]);
        }

        public Node partial(Graph g, List<Node> a, Node self, int i) {
            // (1 - u^2)/(1 + u^2)^2 = 1/(1 + u^2) - 2 (u/(1 + u^2))^2
            return g.sub(g.apply(ONE_OVER_ONE_PLUS_SQUARE, a.get(0)), g.scale(2, g.square(self)));
        }
    },
    /**
     * Not callable by users: {@code a*b}, but 0 where a is exactly 0, whatever b is: the limit of a
     * product whose factor b is infinite only where a vanishes faster. The partials of x^y are such
     * products: x^y·log x at x = 0, y > 0 is 0·(-inf), and x^y is 0 for every exponent near y, so
     * the limit is 0; y·x^(y-1) at y = 0 is 0·inf, and x^0 is 1 for every x, so it is 0. Unlike
     * {@link #MASKED_TIMES}, which only a condition's choice creates, the graph keeps it whatever
     * the first factor is. Prints as the product.
     */
    ZERO_TIMES("zero_times", 2, "($1L == 0.0 ? 0.0 : $1L * $2L)") {
        public double eval(double[] a) {
            return a[0] == 0.0 ? 0.0 : a[0] * a[1];
        }

        public Node partial(Graph g, List<Node> a, Node self, int i) {
            return a.get(1 - i);
        }
    },
    /**
     * Not callable by users: {@code 1 - s} for {@code s = sigmoid(x)} (the arguments are x and s),
     * part of sigmoid' = s*(1 - s). It prints as {@code 1 - s} and is computed so from the stored s
     * while x < {@link MathFunctions#SIGMOID_STORED_BELOW}, where that is within a few ulps;
     * beyond, s is so close to 1 that 1 - s cancels (a wrong 0 from x = 37 on), and it is computed
     * as sigmoid(-x) = e^-x/(1 + e^-x).
     */
    ONE_MINUS_SIGMOID("one_minus_sigmoid", 2, "oneMinusSigmoid($1L, $2L)", "oneMinusSigmoid") {
        public double eval(double[] a) {
            return MathFunctions.oneMinusSigmoid(a[0], a[1]);
        }

        public Node partial(Graph g, List<Node> a, Node self, int i) {
            // as the function 1 - s of s, which it is wherever s = sigmoid(x)
            return g.constant(i == 0 ? 0 : -1);
        }
    },
    /**
     * Not callable by users: {@code 1 - t^2} for {@code t = tanh(x)} (the arguments are x and t),
     * tanh'. It prints as {@code 1 - t^2} and is computed as (1 - t)(1 + t) from the stored t while
     * |x| < {@link MathFunctions#TANH_STORED_BELOW}, where that is within a few ulps; beyond, t is
     * so close to ±1 that 1 - |t| cancels (a wrong 0 from |x| = 19 on), and it is computed as sech²
     * = 4e/(1 + e)² with e = e^-2|x|.
     */
    ONE_MINUS_TANH_SQUARED(
            "one_minus_tanh_squared", 2, "oneMinusTanhSquared($1L, $2L)", "oneMinusTanhSquared") {
        public double eval(double[] a) {
            return MathFunctions.oneMinusTanhSquared(a[0], a[1]);
        }

        public Node partial(Graph g, List<Node> a, Node self, int i) {
            // as the function 1 - t^2 of t, which it is wherever t = tanh(x)
            return i == 0 ? g.constant(0) : g.scale(-2, a.get(1));
        }
    },
    MIN("min", 2, "Math.min($1L, $2L)") {
        public double eval(double[] a) {
            return a[0] <= a[1] ? a[0] : a[1];
        }

        public Node partial(Graph g, List<Node> a, Node self, int i) {
            return chosen(g, g.compare(Cmp.LE, a.get(0), a.get(1)), i);
        }
    },
    MAX("max", 2, "Math.max($1L, $2L)") {
        public double eval(double[] a) {
            return a[0] >= a[1] ? a[0] : a[1];
        }

        public Node partial(Graph g, List<Node> a, Node self, int i) {
            return chosen(g, g.compare(Cmp.GE, a.get(0), a.get(1)), i);
        }
    },
    /**
     * Not callable by users: the chain rule's product of an adjoint that may be zero because an
     * {@code if} (or relu, min, max) chose the other way, with a partial that may be NaN there.
     * Zero wins, so an untaken branch never leaks a NaN into a derivative.
     */
    MASKED_TIMES("masked_times", 2, "($1L == 0.0 ? 0.0 : $1L * $2L)") {
        public double eval(double[] a) {
            return a[0] == 0.0 ? 0.0 : a[0] * a[1];
        }

        public Node partial(Graph g, List<Node> a, Node self, int i) {
            return a.get(1 - i);
        }
    };

    private final String label;
    private final int arity;
    private final String javaFormat;
    private final String helper;

    Fn(String label, int arity, String javaFormat) {
        this(label, arity, javaFormat, null);
    }

    Fn(String label, int arity, String javaFormat, String helper) {
        this.label = label;
        this.arity = arity;
        this.javaFormat = javaFormat;
        this.helper = helper;
    }

    public abstract double eval(double[] args);

    /**
     * The partial derivative of this function at {@code args} with respect to argument {@code i}.
     */
    public abstract Node partial(Graph g, List<Node> args, Node self, int i);

    public String label() {
        return label;
    }

    public int arity() {
        return arity;
    }

    /** A JavaPoet format: {@code $1L} … are the arguments, already emitted as Java expressions. */
    public String javaFormat() {
        return javaFormat;
    }

    /** The static helper method the emitted class must carry for this function, if any. */
    public Optional<String> helper() {
        return Optional.ofNullable(helper);
    }

    public boolean userCallable() {
        return this != MASKED_TIMES
                && this != ZERO_TIMES
                && this != LOG1P_BY_LOG
                && this != LOG1P_SQUARE
                && this != ONE_OVER_ONE_PLUS_SQUARE
                && this != U_OVER_ONE_PLUS_SQUARE
                && this != ONE_MINUS_SIGMOID
                && this != ONE_MINUS_TANH_SQUARED;
    }

    public static Optional<Fn> byName(String name) {
        return Arrays.stream(values())
                .filter(f -> f.userCallable() && f.label.equals(name))
                .findFirst();
    }

    /** 1 - x^2 as (1 - x)(1 + x): exact factors near |x| = 1, where 1 - x^2 cancels. */
    private static Node oneMinusSquare(Graph g, Node x) {
        return g.mul(g.sub(g.constant(1), x), g.add(g.constant(1), x));
    }

    private static Node chosen(Graph g, Node firstChosen, int i) {
        Node one = g.constant(1);
        Node zero = g.constant(0);
        return i == 0 ? g.select(firstChosen, one, zero) : g.select(firstChosen, zero, one);
    }
}
