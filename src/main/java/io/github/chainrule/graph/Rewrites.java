package io.github.chainrule.graph;

import java.util.ArrayList;
import java.util.List;

/**
 * The rewrites toward numerically stable forms, in one table (the README's "Numerical robustness"
 * shows it): each turns a form that overflows, underflows or cancels where its true value is finite
 * into one that does not, and is exact in real arithmetic wherever the original is defined. They
 * apply to a program before it is differentiated ({@link Rewriter}), so its value and every
 * derivative are computed from the same, rewritten, form. The order matters: the first rule that
 * applies to a node wins, and the rules are tried again at the result.
 */
public enum Rewrites {
    LOG_EXP("log(exp(x))", "x", "always", "exp overflows to inf or underflows to 0") {
        Node apply(Rewriter r, Node n) {
            Node x = arg(n, Fn.LOG);
            Node e = x == null ? null : arg(r.see(x), Fn.EXP);
            return e;
        }
    },
    LOG_SIGMOID(
            "log(sigmoid(z))",
            "-softplus(-z)",
            "always",
            "sigmoid underflows to 0 below z = -745") {
        Node apply(Rewriter r, Node n) {
            Node x = arg(n, Fn.LOG);
            Node z = x == null ? null : arg(r.see(x), Fn.SIGMOID);
            Graph g = r.graph();
            return z == null ? null : g.neg(g.apply(Fn.SOFTPLUS, g.neg(z)));
        }
    },
    LOG_ONE_MINUS_SIGMOID(
            "log(1 - sigmoid(z))",
            "-softplus(z)",
            "always",
            "1 - sigmoid(z) rounds to 0 from z = 37 on") {
        Node apply(Rewriter r, Node n) {
            Node z = onePlus(r, n, -1, Fn.SIGMOID);
            Graph g = r.graph();
            return z == null ? null : g.neg(g.apply(Fn.SOFTPLUS, z));
        }
    },
    SOFTPLUS_BY_HAND(
            "log(1 + exp(x)); log1p(exp(x))",
            "softplus(x)",
            "always",
            "exp overflows from 710 on") {
        Node apply(Rewriter r, Node n) {
            Node x = onePlus(r, n, 1, Fn.EXP);
            return x == null ? null : r.graph().apply(Fn.SOFTPLUS, x);
        }
    },
    LOG1MEXP_BY_HAND(
            "log(1 - exp(x)); log1p(-exp(x)); log(-expm1(x))",
            "log1mexp(x)",
            "x < 0 (where the original is defined)",
            "1 - exp(x) rounds to 1 below -37, or cancels near 0") {
        Node apply(Rewriter r, Node n) {
            Node x = onePlus(r, n, -1, Fn.EXP);
            if (x == null) {
                Node inner = arg(n, Fn.LOG);
                Lin l = inner == null ? null : linear(r.see(inner));
                if (l != null && l.constant == 0 && l.terms.size() == 1 && l.coefs[0] == -1) {
                    x = arg(r.see(l.terms.get(0)), Fn.EXPM1);
                }
            }
            return x == null ? null : r.graph().apply(Fn.LOG1MEXP, x);
        }
    },
    LOG_ONE_PLUS("log(1 + x)", "log1p(x)", "always", "1 + x rounds away the digits of a small x") {
        Node apply(Rewriter r, Node n) {
            Node x = arg(n, Fn.LOG);
            if (x == null || !(r.see(x) instanceof Node.Sum s) || s.constant() != 1) {
                return null;
            }
            Graph g = r.graph();
            return g.apply(Fn.LOG1P, g.sub(s, g.constant(1)));
        }
    },
    LOG1P_OF_SQUARE(
            "log1p(u^2)",
            "log1p(u^2), computed as 2*log(abs(u)) from abs(u) = 1e150 on",
            "always",
            "u^2 overflows from 1e154 on") {
        Node apply(Rewriter r, Node n) {
            Node x = arg(n, Fn.LOG1P);
            if (x == null
                    || !(r.see(x) instanceof Node.Product p)
                    || p.coefficient() != 1
                    || !allEven(p.exponents())) {
                return null;
            }
            Graph g = r.graph();
            List<Node> root = new ArrayList<>();
            for (int i = 0; i < p.factors().size(); i++) {
                root.add(g.powInt(p.factors().get(i), p.exponents()[i] / 2));
            }
            Node u = g.product(root);
            g.keepWhole(u); // u itself, then its logarithm: u^2 is what overflows
            return g.apply(Fn.LOG1P_SQUARE, u);
        }
    },
    LOG_SUM_EXP(
            "log(exp(a) + exp(b) + ...)",
            "logsumexp(logsumexp(a, b), ...)",
            "always",
            "exp overflows (inf/inf) or every term underflows (log 0)") {
        Node apply(Rewriter r, Node n) {
            Node x = arg(n, Fn.LOG);
            if (x == null || !(r.see(x) instanceof Node.Sum s) || s.constant() != 0) {
                return null;
            }
            Graph g = r.graph();
            List<Node> exponents = new ArrayList<>();
            for (int i = 0; i < s.terms().size(); i++) {
                Node a = arg(r.see(s.terms().get(i)), Fn.EXP);
                double c = s.coefficients()[i];
                if (a == null || !(c > 0)) {
                    return null;
                }
                exponents.add(c == 1 ? a : g.add(a, g.constant(Math.log(c))));
            }
            Node out = exponents.get(0);
            for (int i = 1; i < exponents.size(); i++) {
                out = g.apply(Fn.LOGSUMEXP, out, exponents.get(i));
            }
            return out;
        }
    },
    LOG_OF_HAND_ACOSH(
            "log(x + sqrt(x^2 - 1)); log(x + sqrt(x^2 + 1))",
            "acosh(x); asinh(x)",
            "always (acosh: x >= 1, where the original is defined)",
            "x^2 overflows from 1e154 on") {
        Node apply(Rewriter r, Node n) {
            Node x = arg(n, Fn.LOG);
            if (x == null
                    || !(r.see(x) instanceof Node.Sum s)
                    || s.constant() != 0
                    || s.terms().size() != 2
                    || s.coefficients()[0] != 1
                    || s.coefficients()[1] != 1) {
                return null;
            }
            Graph g = r.graph();
            for (int k = 0; k < 2; k++) {
                Node a = s.terms().get(k);
                Node root = r.see(s.terms().get(1 - k));
                Node inside = arg(root, Fn.SQRT);
                if (inside != null) {
                    Node d = g.sub(inside, g.square(a));
                    if (d instanceof Node.Const c && (c.is(1) || c.is(-1))) {
                        return g.apply(c.is(1) ? Fn.ASINH : Fn.ACOSH, a);
                    }
                }
                if (root instanceof Node.Apply h
                        && h.fn() == Fn.HYPOT
                        && h.args().contains(a)
                        && h.args().contains(g.constant(1))) {
                    return g.apply(Fn.ASINH, a);
                }
            }
            return null;
        }
    },
    LOG_OF_POWER(
            "log(x^y)",
            "y*log(x); y*log(abs(x)) unless x > 0 is known",
            "where x^y > 0",
            "x^y overflows or underflows") {
        Node apply(Rewriter r, Node n) {
            Node x = arg(n, Fn.LOG);
            if (x == null || !(r.see(x) instanceof Node.Power p)) {
                return null;
            }
            Graph g = r.graph();
            return g.mul(p.exponent(), r.again(g.apply(Fn.LOG, positivePart(r, p.base()))));
        }
    },
    LOG_OF_PRODUCT(
            "log(c * a^j * b^k ...)",
            "log(c) + j*log(a) + k*log(b) + ...",
            "every factor but one known to be positive (an even power: log(abs(a)))",
            "the product overflows or underflows while its logarithm is finite") {
        Node apply(Rewriter r, Node n) {
            Node x = arg(n, Fn.LOG);
            if (x == null || !(r.see(x) instanceof Node.Product p) || !(p.coefficient() > 0)) {
                return null;
            }
            boolean gains = p.factors().size() > 1 || Math.abs(p.exponents()[0]) > 1;
            int unknown = 0;
            for (int i = 0; i < p.factors().size(); i++) {
                Node f = r.peek(p.factors().get(i));
                gains |= f instanceof Node.Power || arg(f, Fn.EXP) != null;
                if (p.exponents()[i] % 2 != 0 && !positive(r, f)) {
                    unknown++;
                }
            }
            if (!gains || unknown > 1) {
                return null;
            }
            Graph g = r.graph();
            List<Node> terms = new ArrayList<>();
            terms.add(g.constant(Math.log(p.coefficient())));
            for (int i = 0; i < p.factors().size(); i++) {
                Node f = p.factors().get(i);
                int e = p.exponents()[i];
                Node base = e % 2 == 0 ? positivePart(r, f) : f;
                terms.add(g.scale(e, r.again(g.apply(Fn.LOG, base))));
            }
            return g.sum(terms);
        }
    },
    LOG_OF_RATIO(
            "log(a/b)",
            "if(abs(a - b) < abs(b)/2, log1p((a - b)/b), log(a/b))",
            "always",
            "a/b rounds near 1, where the logarithm is small") {
        Node apply(Rewriter r, Node n) {
            Node x = arg(n, Fn.LOG);
            if (x == null
                    || !(r.see(x) instanceof Node.Product p)
                    || p.coefficient() != 1
                    || p.factors().size() != 2
                    || p.exponents()[0] * p.exponents()[1] != -1) {
                return null;
            }
            Graph g = r.graph();
            Node a = p.factors().get(p.exponents()[0] == 1 ? 0 : 1);
            Node b = p.factors().get(p.exponents()[0] == 1 ? 1 : 0);
            Node diff = g.sub(a, b);
            Node absB = g.apply(Fn.ABS, b);
            return g.select(
                    g.compare(Cmp.LT, g.apply(Fn.ABS, diff), g.scale(0.5, absB)),
                    g.apply(Fn.LOG1P, g.div(diff, b)),
                    n);
        }
    },
    EXP_PRODUCT(
            "exp(a) * exp(b) / exp(c)",
            "exp(a + b - c)",
            "always",
            "each factor overflows or underflows (0/0, inf*0) while the product is finite") {
        Node apply(Rewriter r, Node n) {
            if (!(n instanceof Node.Product p)) {
                return null;
            }
            Graph g = r.graph();
            List<Node> exponent = new ArrayList<>();
            List<Node> rest = new ArrayList<>();
            rest.add(g.constant(p.coefficient()));
            for (int i = 0; i < p.factors().size(); i++) {
                Node a = arg(r.peek(p.factors().get(i)), Fn.EXP);
                if (a != null) {
                    exponent.add(g.scale(p.exponents()[i], a));
                } else {
                    rest.add(g.powInt(p.factors().get(i), p.exponents()[i]));
                }
            }
            if (exponent.size() < 2) {
                return null;
            }
            for (int i = 0; i < p.factors().size(); i++) {
                r.see(p.factors().get(i));
            }
            rest.add(g.apply(Fn.EXP, g.sum(exponent)));
            return g.product(rest);
        }
    },
    SIGMOID_BY_HAND(
            "1/(1 + exp(-x)); exp(x)/(1 + exp(x))",
            "sigmoid(x)",
            "always",
            "exp overflows (1/inf is fine, inf/inf is not)") {
        Node apply(Rewriter r, Node n) {
            if (!(n instanceof Node.Product p)) {
                return null;
            }
            Graph g = r.graph();
            int den = -1;
            for (int i = 0; i < p.factors().size(); i++) {
                if (p.exponents()[i] == -1 && onePlusTerm(r, p.factors().get(i), Fn.EXP) != null) {
                    den = i;
                }
            }
            if (den < 0) {
                return null;
            }
            Node u = onePlusTerm(r, p.factors().get(den), Fn.EXP);
            if (p.factors().size() == 1) {
                return g.scale(p.coefficient(), g.apply(Fn.SIGMOID, g.neg(u)));
            }
            int other = 1 - den;
            if (p.factors().size() == 2
                    && p.exponents()[other] == 1
                    && arg(r.see(p.factors().get(other)), Fn.EXP) == u) {
                return g.scale(p.coefficient(), g.apply(Fn.SIGMOID, u));
            }
            return null;
        }
    },
    TANH_BY_HAND(
            "(exp(x) - exp(-x))/(exp(x) + exp(-x))",
            "tanh(x)",
            "always",
            "exp overflows (inf/inf)") {
        Node apply(Rewriter r, Node n) {
            if (!(n instanceof Node.Product p)
                    || p.factors().size() != 2
                    || p.exponents()[0] * p.exponents()[1] != -1) {
                return null;
            }
            int num = p.exponents()[0] == 1 ? 0 : 1;
            Node u = expPair(r, p.factors().get(num), -1);
            Node v = expPair(r, p.factors().get(1 - num), 1);
            Graph g = r.graph();
            if (u == null || v == null || (v != u && v != g.neg(u))) {
                return null;
            }
            r.see(p.factors().get(0));
            r.see(p.factors().get(1));
            return g.scale(p.coefficient(), g.apply(Fn.TANH, u));
        }
    },
    SQRT_OF_SQUARES(
            "sqrt(x^2 + y^2 + ...)",
            "hypot(hypot(x, y), ...)",
            "always",
            "the squares overflow (from 1e154) or underflow (below 1e-154)") {
        Node apply(Rewriter r, Node n) {
            Node x = arg(n, Fn.SQRT);
            if (x == null || !(r.see(x) instanceof Node.Sum s) || s.constant() < 0) {
                return null;
            }
            Graph g = r.graph();
            List<Node> legs = new ArrayList<>();
            for (int i = 0; i < s.terms().size(); i++) {
                Node t = r.see(s.terms().get(i));
                double c = s.coefficients()[i];
                double root = Math.sqrt(c);
                if (!(t instanceof Node.Product q)
                        || q.coefficient() != 1
                        || q.factors().size() != 1
                        || q.exponents()[0] != 2
                        || !(c > 0)
                        || root * root != c) {
                    return null;
                }
                legs.add(g.scale(root, q.factors().get(0)));
            }
            if (s.constant() > 0) {
                legs.add(g.constant(Math.sqrt(s.constant())));
            }
            if (legs.size() < 2) {
                return null;
            }
            Node out = legs.get(0);
            for (int i = 1; i < legs.size(); i++) {
                out = g.apply(Fn.HYPOT, out, legs.get(i));
            }
            return out;
        }
    },
    SQRT_OF_PRODUCT(
            "sqrt(x*y)",
            "sqrt(abs(x))*sqrt(abs(y))",
            "where x*y >= 0 (where the original is defined)",
            "the product overflows or underflows while its root is finite") {
        Node apply(Rewriter r, Node n) {
            Node x = arg(n, Fn.SQRT);
            if (x == null
                    || !(r.see(x) instanceof Node.Product p)
                    || !(p.coefficient() > 0)
                    || p.factors().size() < 2) {
                return null;
            }
            Graph g = r.graph();
            List<Node> factors = new ArrayList<>();
            factors.add(g.constant(Math.sqrt(p.coefficient())));
            for (int i = 0; i < p.factors().size(); i++) {
                int e = p.exponents()[i];
                Node base = positivePart(r, p.factors().get(i));
                factors.add(
                        e % 2 == 0
                                ? g.powInt(base, e / 2)
                                : g.powInt(r.again(g.apply(Fn.SQRT, base)), e));
            }
            return g.product(factors);
        }
    },
    POWER_OF_RATIO(
            "x^k / y^k",
            "(x/y)^k",
            "always",
            "x^k and y^k overflow or underflow (inf/inf, 0/0) while the ratio is finite") {
        Node apply(Rewriter r, Node n) {
            if (!(n instanceof Node.Product p) || p.factors().size() < 2) {
                return null;
            }
            int gcd = 0;
            boolean up = false;
            boolean down = false;
            for (int e : p.exponents()) {
                gcd = gcd(gcd, Math.abs(e));
                up |= e > 0;
                down |= e < 0;
            }
            if (gcd < 2 || !up || !down) {
                return null;
            }
            Graph g = r.graph();
            List<Node> inner = new ArrayList<>();
            for (int i = 0; i < p.factors().size(); i++) {
                inner.add(g.powInt(p.factors().get(i), p.exponents()[i] / gcd));
            }
            Node base = g.product(inner);
            g.keepWhole(base);
            return g.scale(p.coefficient(), g.powInt(base, gcd));
        }
    },
    EXPM1_BY_HAND("exp(x) - 1", "expm1(x)", "always", "cancels for small x") {
        Node apply(Rewriter r, Node n) {
            return minusOne(r, n, Fn.EXP);
        }
    },
    COSH_MINUS_ONE("cosh(x) - 1", "2*sinh(x/2)^2", "always", "cancels for small x") {
        Node apply(Rewriter r, Node n) {
            return minusOne(r, n, Fn.COSH);
        }
    },
    ONE_MINUS_COS("1 - cos(x)", "2*sin(x/2)^2", "always", "cancels for small x") {
        Node apply(Rewriter r, Node n) {
            return minusOne(r, n, Fn.COS);
        }
    },
    DIFFERENCE_OF_ROOTS(
            "sqrt(a) - sqrt(b); 1/sqrt(a) - 1/sqrt(b)",
            "(a - b)/(sqrt(a) + sqrt(b)); (b - a)/(sqrt(a)*sqrt(b)*(sqrt(a) + sqrt(b)))",
            "a - b simplifies to a constant",
            "cancels when a is close to b") {
        Node apply(Rewriter r, Node n) {
            Node[] pair = pair(n);
            if (pair == null) {
                return null;
            }
            Graph g = r.graph();
            double c = ((Node.Sum) n).coefficients()[0];
            if (((Node.Sum) n).coefficients()[1] != -c) {
                return null;
            }
            Node first = pair[0];
            Node second = pair[1];
            Node a = arg(r.see(first), Fn.SQRT);
            Node b = arg(r.see(second), Fn.SQRT);
            if (a != null && b != null && g.sub(a, b) instanceof Node.Const) {
                Node sum = g.add(first, second);
                return g.scale(c, g.div(g.sub(a, b), sum));
            }
            Node ra = reciprocalRoot(r, first);
            Node rb = reciprocalRoot(r, second);
            if (ra != null && rb != null && g.sub(ra, rb) instanceof Node.Const) {
                Node sa = g.apply(Fn.SQRT, ra);
                Node sb = g.apply(Fn.SQRT, rb);
                Node den = g.mul(g.mul(sa, sb), g.add(sa, sb));
                return g.scale(c, g.div(g.sub(rb, ra), den));
            }
            return null;
        }
    },
    ROOT_MINUS(
            "sqrt(a) - b; hypot(u, b) - b",
            "if(b > 0, (a - b^2)/(sqrt(a) + b), sqrt(a) - b); the same with a = u^2 + b^2",
            "a - b^2 is shorter than a",
            "cancels when sqrt(a) is close to b > 0") {
        Node apply(Rewriter r, Node n) {
            Node[] pair = pair(n);
            if (pair == null) {
                return null;
            }
            Graph g = r.graph();
            Node.Sum s = (Node.Sum) n;
            for (int k = 0; k < 2; k++) {
                double c = s.coefficients()[k];
                if (s.coefficients()[1 - k] != -c) {
                    return null;
                }
                Node root = r.see(pair[k]);
                Node b = pair[1 - k];
                Node a = arg(root, Fn.SQRT);
                Node numerator = null;
                if (a != null) {
                    Node d = g.sub(a, g.square(b));
                    if (size(d) < size(a)) {
                        numerator = d;
                    }
                } else if (root instanceof Node.Apply h && h.fn() == Fn.HYPOT) {
                    int at = h.args().indexOf(b);
                    if (at >= 0) {
                        numerator = g.square(h.args().get(1 - at));
                    }
                }
                if (numerator != null) {
                    Node stable = g.scale(c, g.div(numerator, g.add(pair[k], b)));
                    return g.select(g.compare(Cmp.GT, b, g.constant(0)), stable, n);
                }
            }
            return null;
        }
    },
    ERF_COMPLEMENT(
            "1 - erf(x); 1 + erf(x) (times any constant)",
            "erfc(x); erfc(-x)",
            "always",
            "erf rounds to 1 from x = 6 on and 1 - erf(x) cancels from x = 1 on (the normal"
                    + " distribution's tail)") {
        Node apply(Rewriter r, Node n) {
            if (!(n instanceof Node.Sum s) || s.constant() == 0) {
                return null;
            }
            Graph g = r.graph();
            for (int i = 0; i < s.terms().size(); i++) {
                double k = s.coefficients()[i];
                Node u = arg(r.peek(s.terms().get(i)), Fn.ERF);
                if (u == null || Math.abs(k) != Math.abs(s.constant())) {
                    continue;
                }
                r.see(s.terms().get(i));
                List<Node> terms = new ArrayList<>();
                for (int j = 0; j < s.terms().size(); j++) {
                    if (j != i) {
                        terms.add(g.scale(s.coefficients()[j], s.terms().get(j)));
                    }
                }
                Node tail = g.apply(Fn.ERFC, k == s.constant() ? g.neg(u) : u);
                terms.add(g.scale(s.constant(), tail));
                return g.sum(terms);
            }
            return null;
        }
    },
    FACTOR_INTO_CHOICE(
            "if(c, x*u, y)/u",
            "if(c, x, y/u)",
            "always",
            "u and 1/u, one inside a choice, do not cancel; their derivatives then cancel"
                    + " numerically") {
        Node apply(Rewriter r, Node n) {
            if (!(n instanceof Node.Product p)) {
                return null;
            }
            int at = -1;
            for (int i = 0; i < p.factors().size(); i++) {
                if (p.factors().get(i) instanceof Node.Select && p.exponents()[i] == 1) {
                    if (at >= 0) {
                        return null; // two choices: which to multiply into is a guess
                    }
                    at = i;
                }
            }
            if (at < 0) {
                return null;
            }
            Node.Select choice = (Node.Select) p.factors().get(at);
            if (!cancelsWith(choice.ifTrue(), p, at) && !cancelsWith(choice.ifFalse(), p, at)) {
                return null;
            }
            Graph g = r.graph();
            List<Node> others = new ArrayList<>();
            for (int i = 0; i < p.factors().size(); i++) {
                if (i != at) {
                    others.add(g.powInt(p.factors().get(i), p.exponents()[i]));
                }
            }
            Node rest = g.scale(p.coefficient(), g.product(others));
            return g.select(
                    choice.condition(),
                    g.mul(choice.ifTrue(), rest),
                    g.mul(choice.ifFalse(), rest));
        }
    },
    SHIFT_INVARIANT_QUADRATIC(
            "(x^2 + y^2)/2 - ((x + y)/2)^2: a quadratic form in 2 to 8 terms, unchanged by adding"
                    + " one number to all",
            "Σ c_ij*(x_i - x_j)^2: ((x - y)/2)^2",
            "always",
            "the squares of large, nearly equal terms cancel (a variance as E[x^2] - E[x]^2)") {
        Node apply(Rewriter r, Node n) {
            return QuadraticForms.asDifferences(r, n);
        }
    },
    DIFFERENCE_OF_COSINES(
            "cos(a) - cos(b); sin(a) - sin(b)",
            "-2*sin((a + b)/2)*sin((a - b)/2); 2*cos((a + b)/2)*sin((a - b)/2)",
            "a - b is shorter than a",
            "cancels when a is close to b") {
        Node apply(Rewriter r, Node n) {
            Node[] pair = pair(n);
            if (pair == null) {
                return null;
            }
            Node.Sum s = (Node.Sum) n;
            double c = s.coefficients()[0];
            if (s.coefficients()[1] != -c) {
                return null;
            }
            Graph g = r.graph();
            for (Fn fn : new Fn[] {Fn.COS, Fn.SIN}) {
                Node a = arg(r.peek(pair[0]), fn);
                Node b = arg(r.peek(pair[1]), fn);
                if (a == null || b == null) {
                    continue;
                }
                Node half = g.scale(0.5, g.sub(a, b));
                if (size(half) >= size(a)) {
                    continue;
                }
                r.see(pair[0]);
                r.see(pair[1]);
                Node mean = g.scale(0.5, g.add(a, b));
                Node out =
                        fn == Fn.COS
                                ? g.scale(
                                        -2 * c, g.mul(g.apply(Fn.SIN, mean), g.apply(Fn.SIN, half)))
                                : g.scale(
                                        2 * c, g.mul(g.apply(Fn.COS, mean), g.apply(Fn.SIN, half)));
                return out;
            }
            return null;
        }
    },
    SERIES_NEAR_ZERO(
            "n/d with n = d = 0 where an input x is 0; h*expm1((a + b)*h)/(expm1(a*h)*expm1(b*h))",
            "if(abs(c_j*x^j) + abs(c_k*x^k) < τ*abs(c_0), c_0 + c_1*x + … + c_N*x^N, n/d)",
            "where the Taylor polynomial is 1000 times more accurate than n/d, value and"
                    + " derivative in x, at fixed sample points against 100-digit arithmetic"
                    + " (N and τ chosen so; c_j, c_k the first terms left out)",
            "0/0 near x = 0: the value loses digits, and its derivative in x always does (terms"
                    + " of order 1/x cancel)") {
        Node apply(Rewriter r, Node n) {
            return SeriesNearZero.rewrite(r, n);
        }
    };

    private final String pattern;
    private final String result;
    private final String condition;
    private final String hazard;

    Rewrites(String pattern, String result, String condition, String hazard) {
        this.pattern = pattern;
        this.result = result;
        this.condition = condition;
        this.hazard = hazard;
    }

    /** The rewritten node, or null when the rule does not apply to {@code n}. */
    abstract Node apply(Rewriter r, Node n);

    public String pattern() {
        return pattern;
    }

    public String result() {
        return result;
    }

    public String condition() {
        return condition;
    }

    public String hazard() {
        return hazard;
    }

    // ---- matching -------------------------------------------------------------------------------

    /** The argument of {@code n} if it is {@code fn} applied to one argument, else null. */
    static Node arg(Node n, Fn fn) {
        return n instanceof Node.Apply a && a.fn() == fn && a.args().size() == 1
                ? a.args().get(0)
                : null;
    }

    /** A node as {@code constant + Σ coefs[i]·terms[i]}, whatever its kind. */
    record Lin(double constant, List<Node> terms, double[] coefs) {}

    static Lin linear(Node n) {
        if (n instanceof Node.Sum s) {
            return new Lin(s.constant(), s.terms(), s.coefficients());
        }
        if (n instanceof Node.Product p
                && p.factors().size() == 1
                && p.exponents()[0] == 1
                && p.coefficient() != 1) {
            return new Lin(0, p.factors(), new double[] {p.coefficient()});
        }
        if (n instanceof Node.Const k) {
            return new Lin(k.value(), List.of(), new double[0]);
        }
        return new Lin(0, List.of(n), new double[] {1});
    }

    /**
     * The argument u of {@code log(1 + sign*fn(u))} or {@code log1p(sign*fn(u))} at {@code n}, else
     * null.
     */
    static Node onePlus(Rewriter r, Node n, int sign, Fn fn) {
        Node x = arg(n, Fn.LOG);
        double constant = 1;
        if (x == null) {
            x = arg(n, Fn.LOG1P);
            constant = 0;
        }
        if (x == null) {
            return null;
        }
        Lin l = linear(r.see(x));
        if (l.constant != constant || l.terms.size() != 1 || l.coefs[0] != sign) {
            return null;
        }
        return arg(r.see(l.terms.get(0)), fn);
    }

    /** The argument u of {@code 1 + fn(u)} at {@code n}, else null. */
    static Node onePlusTerm(Rewriter r, Node n, Fn fn) {
        Lin l = linear(r.peek(n));
        if (l.constant != 1 || l.terms.size() != 1 || l.coefs[0] != 1) {
            return null;
        }
        Node u = arg(r.peek(l.terms.get(0)), fn);
        if (u != null) {
            r.see(n);
            r.see(l.terms.get(0));
        }
        return u;
    }

    /** u, for {@code exp(u) + sign*exp(-u)} at {@code n}; else null. */
    static Node expPair(Rewriter r, Node n, int sign) {
        Lin l = linear(r.peek(n));
        if (l.constant != 0 || l.terms.size() != 2) {
            return null;
        }
        Node a = arg(r.peek(l.terms.get(0)), Fn.EXP);
        Node b = arg(r.peek(l.terms.get(1)), Fn.EXP);
        if (a == null || b == null || !(r.graph().add(a, b) instanceof Node.Const z && z.is(0))) {
            return null;
        }
        for (int k = 0; k < 2; k++) {
            if (l.coefs[k] == 1 && l.coefs[1 - k] == sign) {
                return k == 0 ? a : b;
            }
        }
        return null;
    }

    /**
     * {@code c·fn(x) - c} at {@code n} (with other terms beside) as {@code c·fn'(x)}: expm1 for
     * exp, 2 sinh(x/2)^2 for cosh, and -2 sin(x/2)^2 for cos; else null.
     */
    static Node minusOne(Rewriter r, Node n, Fn fn) {
        if (!(n instanceof Node.Sum s) || s.constant() == 0) {
            return null;
        }
        Graph g = r.graph();
        for (int i = 0; i < s.terms().size(); i++) {
            double c = s.coefficients()[i];
            if (c != -s.constant()) {
                continue;
            }
            Node x = arg(r.see(s.terms().get(i)), fn);
            if (x == null) {
                continue;
            }
            List<Node> rest = new ArrayList<>();
            for (int j = 0; j < s.terms().size(); j++) {
                if (j != i) {
                    rest.add(g.scale(s.coefficients()[j], s.terms().get(j)));
                }
            }
            Node replaced =
                    switch (fn) {
                        case EXP -> g.apply(Fn.EXPM1, x);
                        case COSH -> g.scale(2, g.square(g.apply(Fn.SINH, g.scale(0.5, x))));
                        case COS -> g.scale(-2, g.square(g.apply(Fn.SIN, g.scale(0.5, x))));
                        default -> throw new AssertionError(fn);
                    };
            rest.add(g.scale(c, replaced));
            return g.sum(rest);
        }
        return null;
    }

    /** The two terms of a sum with no constant and exactly two terms, else null. */
    static Node[] pair(Node n) {
        if (!(n instanceof Node.Sum s) || s.constant() != 0 || s.terms().size() != 2) {
            return null;
        }
        return new Node[] {s.terms().get(0), s.terms().get(1)};
    }

    /** a, for a term that is {@code 1/sqrt(a)}; else null. */
    static Node reciprocalRoot(Rewriter r, Node n) {
        if (n instanceof Node.Product p
                && p.coefficient() == 1
                && p.factors().size() == 1
                && p.exponents()[0] == -1) {
            return arg(r.see(p.factors().get(0)), Fn.SQRT);
        }
        return null;
    }

    /**
     * Whether {@code n} is positive wherever it is defined, as far as its form shows: a positive
     * constant, exp, sigmoid, softplus, cosh, and sums and products of those with positive
     * coefficients (a sum may add squares to a positive constant).
     */
    static boolean positive(Rewriter r, Node n) {
        Node m = r.peek(n);
        if (m instanceof Node.Const k) {
            return k.value() > 0;
        }
        if (m instanceof Node.Apply a) {
            return switch (a.fn()) {
                case EXP, SIGMOID, SOFTPLUS, COSH -> true;
                default -> false;
            };
        }
        if (m instanceof Node.Power p) {
            return positive(r, p.base());
        }
        if (m instanceof Node.Product p) {
            if (!(p.coefficient() > 0)) {
                return false;
            }
            for (Node f : p.factors()) {
                if (!positive(r, f)) {
                    return false;
                }
            }
            return true;
        }
        if (m instanceof Node.Sum s) {
            if (s.constant() < 0) {
                return false;
            }
            boolean strict = s.constant() > 0;
            for (int i = 0; i < s.terms().size(); i++) {
                Node t = r.peek(s.terms().get(i));
                if (!(s.coefficients()[i] > 0)) {
                    return false;
                }
                boolean square =
                        t instanceof Node.Product q
                                && q.coefficient() > 0
                                && allEven(q.exponents());
                if (positive(r, t)) {
                    strict = true;
                } else if (!square) {
                    return false;
                }
            }
            return strict;
        }
        return false;
    }

    /**
     * Whether {@code branch} holds a factor that {@code p} (but for its factor {@code at}) holds
     * with an exponent of the other sign.
     */
    private static boolean cancelsWith(Node branch, Node.Product p, int at) {
        List<Node> factors = branch instanceof Node.Product q ? q.factors() : List.of(branch);
        for (int k = 0; k < factors.size(); k++) {
            int e = branch instanceof Node.Product q ? q.exponents()[k] : 1;
            for (int i = 0; i < p.factors().size(); i++) {
                if (i != at && p.factors().get(i) == factors.get(k) && p.exponents()[i] * e < 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean allEven(int[] exponents) {
        for (int e : exponents) {
            if (e % 2 != 0) {
                return false;
            }
        }
        return true;
    }

    /** {@code n} if it is known positive, else {@code abs(n)}. */
    static Node positivePart(Rewriter r, Node n) {
        return positive(r, n) ? n : r.graph().apply(Fn.ABS, n);
    }

    /** The node's size as a tree, counted up to 64. */
    static int size(Node root) {
        int count = 0;
        java.util.ArrayDeque<Node> work = new java.util.ArrayDeque<>();
        work.push(root);
        while (!work.isEmpty() && count < 64) {
            Node n = work.pop();
            count++;
            n.children().forEach(work::push);
        }
        return count;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
