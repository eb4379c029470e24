package io.github.chainrule.graph;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates nodes in 100-digit decimal arithmetic: the reference a rewrite chosen by measured error
 * is measured against. Sums, products, integer powers, choices, comparisons and exp, expm1, log,
 * log1p, sin, cos, sinh, cosh, sqrt and abs; anything else throws {@link
 * UnsupportedOperationException}.
 */
final class HighPrecision {
    static final MathContext MC = new MathContext(100, RoundingMode.HALF_EVEN);
    private static final BigDecimal TINY = new BigDecimal("1e-110");
    private static final BigDecimal PI = pi();

    private HighPrecision() {}

    /** The values of {@code roots} at the point (doubles taken as exact). */
    static BigDecimal[] evaluate(Graph g, List<Node> roots, Map<String, Double> point) {
        Map<Integer, BigDecimal> v = new HashMap<>();
        for (int id : Evaluator.reachableIds(roots)) {
            // ids ascend, so children are done first
            v.put(id, value(g.node(id), v, point));
        }
        BigDecimal[] out = new BigDecimal[roots.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.get(roots.get(i).id());
        }
        return out;
    }

    private static BigDecimal value(Node n, Map<Integer, BigDecimal> v, Map<String, Double> point) {
        if (n instanceof Node.Const c) {
            return new BigDecimal(c.value());
        } else if (n instanceof Node.Var x) {
            return new BigDecimal(point.get(x.name()));
        } else if (n instanceof Node.Sum s) {
            BigDecimal out = new BigDecimal(s.constant());
            for (int i = 0; i < s.terms().size(); i++) {
                out =
                        out.add(
                                new BigDecimal(s.coefficients()[i])
                                        .multiply(v.get(s.terms().get(i).id())),
                                MC);
            }
            return out;
        } else if (n instanceof Node.Product p) {
            BigDecimal out = new BigDecimal(p.coefficient());
            for (int i = 0; i < p.factors().size(); i++) {
                BigDecimal f = v.get(p.factors().get(i).id());
                int e = p.exponents()[i];
                BigDecimal power = f.pow(Math.abs(e), MC);
                out = e > 0 ? out.multiply(power, MC) : out.divide(power, MC);
            }
            return out;
        } else if (n instanceof Node.Select s) {
            return v.get(s.condition().id()).signum() != 0
                    ? v.get(s.ifTrue().id())
                    : v.get(s.ifFalse().id());
        } else if (n instanceof Node.Compare c) {
            int cmp = v.get(c.left().id()).compareTo(v.get(c.right().id()));
            boolean t =
                    switch (c.op()) {
                        case LT -> cmp < 0;
                        case LE -> cmp <= 0;
                        case GT -> cmp > 0;
                        case GE -> cmp >= 0;
                        case EQ -> cmp == 0;
                        case NE -> cmp != 0;
                    };
            return t ? BigDecimal.ONE : BigDecimal.ZERO;
        } else if (n instanceof Node.Apply a && a.args().size() == 1) {
            BigDecimal x = v.get(a.args().get(0).id());
            return switch (a.fn()) {
                case EXP -> exp(x);
                case EXPM1 -> exp(x).subtract(BigDecimal.ONE, MC);
                case LOG -> log(x);
                case LOG1P -> log(BigDecimal.ONE.add(x, MC));
                case SIN -> sin(x);
                case COS -> sin(PI.divide(BigDecimal.valueOf(2), MC).subtract(x, MC));
                case SINH -> exp(x).subtract(exp(x.negate()), MC).divide(BigDecimal.valueOf(2), MC);
                case COSH -> exp(x).add(exp(x.negate()), MC).divide(BigDecimal.valueOf(2), MC);
                case SQRT -> x.sqrt(MC);
                case ABS -> x.abs();
                default -> throw new UnsupportedOperationException(a.fn().label());
            };
        }
        throw new UnsupportedOperationException(n.toString());
    }

    static BigDecimal exp(BigDecimal x) {
        int halvings = 0;
        BigDecimal r = x;
        while (r.abs().compareTo(new BigDecimal("0.001")) > 0) {
            r = r.divide(BigDecimal.valueOf(2), MC);
            halvings++;
        }
        BigDecimal sum = BigDecimal.ONE;
        BigDecimal term = BigDecimal.ONE;
        for (int k = 1; term.abs().compareTo(TINY) > 0; k++) {
            term = term.multiply(r, MC).divide(BigDecimal.valueOf(k), MC);
            sum = sum.add(term, MC);
        }
        for (int i = 0; i < halvings; i++) {
            sum = sum.multiply(sum, MC);
        }
        return sum;
    }

    static BigDecimal log(BigDecimal x) {
        if (x.signum() <= 0) {
            throw new ArithmeticException("log of " + x);
        }
        // Halley's iteration from the double logarithm: 16 digits, then 48, then 144
        BigDecimal y = new BigDecimal(Math.log(x.doubleValue()));
        for (int i = 0; i < 4; i++) {
            BigDecimal e = exp(y);
            y =
                    y.add(
                            BigDecimal.valueOf(2)
                                    .multiply(x.subtract(e, MC), MC)
                                    .divide(x.add(e, MC), MC),
                            MC);
        }
        return y;
    }

    static BigDecimal sin(BigDecimal x) {
        BigDecimal twoPi = PI.multiply(BigDecimal.valueOf(2), MC);
        BigDecimal turns = x.divide(twoPi, MC).setScale(0, RoundingMode.HALF_EVEN);
        BigDecimal r = x.subtract(turns.multiply(twoPi, MC), MC);
        BigDecimal sum = r;
        BigDecimal term = r;
        BigDecimal r2 = r.multiply(r, MC);
        for (int k = 1; term.abs().compareTo(TINY) > 0; k++) {
            term =
                    term.multiply(r2, MC)
                            .divide(BigDecimal.valueOf((2L * k) * (2L * k + 1)), MC)
                            .negate();
            sum = sum.add(term, MC);
        }
        return sum;
    }

    /** π by Machin's formula, 16 atan(1/5) - 4 atan(1/239). */
    private static BigDecimal pi() {
        return atanInverse(5)
                .multiply(BigDecimal.valueOf(16), MC)
                .subtract(atanInverse(239).multiply(BigDecimal.valueOf(4), MC), MC);
    }

    private static BigDecimal atanInverse(int n) {
        BigDecimal x = BigDecimal.ONE.divide(BigDecimal.valueOf(n), MC);
        BigDecimal x2 = x.multiply(x, MC);
        BigDecimal power = x;
        BigDecimal sum = x;
        for (int k = 1; power.compareTo(TINY) > 0; k++) {
            power = power.multiply(x2, MC);
            BigDecimal term = power.divide(BigDecimal.valueOf(2L * k + 1), MC);
            sum = k % 2 == 1 ? sum.subtract(term, MC) : sum.add(term, MC);
        }
        return sum;
    }
}
