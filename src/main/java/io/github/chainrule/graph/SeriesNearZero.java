package io.github.chainrule.graph;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * A quotient whose numerator and denominator both vanish where an input x is 0 (a removable
 * singularity: {@code h*expm1((a + b)*h)/(expm1(a*h)*expm1(b*h))}) loses digits near x = 0 in its
 * value or, always, in its derivative in x (the quotient rule subtracts terms of order 1/x that
 * cancel). Near 0 it is written as its Taylor polynomial in x instead ({@link PowerSeries}), as
 * Herbie does: {@code if(|c_j x^j| + |c_k x^k| < τ|c_0|, polynomial, original)}, the condition the
 * first two terms left out, relative to the first kept, so the threshold follows the other
 * variables' magnitude. The order and τ are chosen by the error measured at fixed sample points
 * against a 100-digit evaluation ({@link HighPrecision}), value and derivative in x both; the
 * rewrite is kept only where it is far more accurate than the original.
 */
final class SeriesNearZero {
    /** The orders tried: terms kept past the leading one. */
    private static final int[] ORDERS = {2, 4, 6, 8};

    /** The bounds tried on the first terms left out, relative to the leading term. */
    private static final double[] TAUS = {1e-17, 1e-15, 1e-13};

    /** Terms computed: the largest order, then room for the two left out (zeros between). */
    private static final int TERMS = 16;

    /** At most this many nodes in the expression, names seen through (kept cheap). */
    private static final int MAX_NODES = 200;

    private static final int SAMPLES = 4;
    private static final long SEED = 14;

    private SeriesNearZero() {}

    static Node rewrite(Rewriter r, Node n) {
        if (!(n instanceof Node.Product p) || !hasDenominator(p)) {
            return null;
        }
        // first the inputs at which a numerator factor and a denominator factor both vanish by
        // their form: empty for almost every quotient, and cheaper than collecting the inputs
        java.util.Set<Node> candidates = vanishingVariables(r, p);
        if (candidates.isEmpty()) {
            return null;
        }
        TreeSet<String> inputs = new TreeSet<>();
        if (!inputs(r, n, inputs, new java.util.HashSet<>())) {
            return null;
        }
        for (String x : inputs) {
            Node xv = r.graph().variable(x);
            if (candidates.contains(xv)) {
                Node out = rewrite(r, p, x, inputs);
                if (out != null) {
                    return out;
                }
            }
        }
        return null;
    }

    /**
     * The variables at which both a numerator factor and a denominator factor of {@code p} vanish
     * by their form ({@link #zerosOf}): the only inputs worth a series.
     */
    private static java.util.Set<Node> vanishingVariables(Rewriter r, Node.Product p) {
        java.util.Set<Node> up = new java.util.HashSet<>();
        java.util.Set<Node> down = new java.util.HashSet<>();
        Map<Node, java.util.Set<Node>> memo = new HashMap<>();
        int[] budget = {PREFILTER_NODES};
        for (int i = 0; i < p.factors().size(); i++) {
            java.util.Set<Node> z = zerosOf(r, p.factors().get(i), 0, memo, budget);
            (p.exponents()[i] > 0 ? up : down).addAll(z);
        }
        if (budget[0] < 0) {
            return java.util.Set.of(); // too large to look at cheaply: left as it is
        }
        up.retainAll(down);
        return up;
    }

    /**
     * The nodes the first test looks at, at most, per quotient: every quotient of a program is
     * tested, so the test must stay a few dozen steps (a deep one is left as written).
     */
    private static final int PREFILTER_NODES = 64;

    /**
     * The variables where {@code n} vanishes by its form: a variable itself, a product where a
     * factor does, a sum without constant where every term does, an odd function of such (expm1,
     * sin, sinh, log1p, tanh, atan, asinh, atanh, asin); names seen through.
     */
    private static java.util.Set<Node> zerosOf(
            Rewriter r, Node n, int depth, Map<Node, java.util.Set<Node>> memo, int[] budget) {
        java.util.Set<Node> known = memo.get(n);
        if (known != null) {
            return known;
        }
        if (--budget[0] < 0) {
            return java.util.Set.of();
        }
        java.util.Set<Node> out = zerosOfNode(r, n, depth, memo, budget);
        memo.put(n, out);
        return out;
    }

    private static java.util.Set<Node> zerosOfNode(
            Rewriter r, Node n, int depth, Map<Node, java.util.Set<Node>> memo, int[] budget) {
        Node m = r.peek(n);
        if (n instanceof Node.Var && m != n) {
            // a name: zero where it is, or where its definition is
            java.util.Set<Node> out =
                    new java.util.HashSet<>(zerosOf(r, m, depth + 1, memo, budget));
            out.add(n);
            return out;
        }
        if (m instanceof Node.Var || depth > 32) {
            return m instanceof Node.Var ? java.util.Set.of(m) : java.util.Set.of();
        }
        if (m instanceof Node.Product q) {
            java.util.Set<Node> out = new java.util.HashSet<>();
            for (int i = 0; i < q.factors().size(); i++) {
                if (q.exponents()[i] > 0) {
                    out.addAll(zerosOf(r, q.factors().get(i), depth + 1, memo, budget));
                }
            }
            return out;
        }
        if (m instanceof Node.Sum s) {
            if (s.constant() != 0) {
                return java.util.Set.of();
            }
            java.util.Set<Node> out = null;
            for (Node t : s.terms()) {
                java.util.Set<Node> z = zerosOf(r, t, depth + 1, memo, budget);
                if (out == null) {
                    out = new java.util.HashSet<>(z);
                } else {
                    out.retainAll(z);
                }
                if (out.isEmpty()) {
                    return java.util.Set.of();
                }
            }
            return out == null ? java.util.Set.of() : out;
        }
        if (m instanceof Node.Apply a && a.args().size() == 1) {
            return switch (a.fn()) {
                case EXPM1, SIN, SINH, LOG1P, TANH, ATAN, ASINH, ATANH, ASIN ->
                        zerosOf(r, a.args().get(0), depth + 1, memo, budget);
                default -> java.util.Set.of();
            };
        }
        return java.util.Set.of();
    }

    private static boolean hasDenominator(Node.Product p) {
        for (int e : p.exponents()) {
            if (e < 0) {
                return true;
            }
        }
        return false;
    }

    /** The inputs {@code n} reads, names seen through; false when it is too large. */
    private static boolean inputs(
            Rewriter r, Node n, TreeSet<String> out, java.util.Set<Node> seen) {
        if (!seen.add(n) || seen.size() > MAX_NODES) {
            return seen.size() <= MAX_NODES;
        }
        Node m = r.peek(n);
        if (m instanceof Node.Var v) {
            out.add(v.name());
            return true;
        }
        for (Node c : m.children()) {
            if (!inputs(r, c, out, seen)) {
                return false;
            }
        }
        return true;
    }

    /** The rewrite in {@code x}, or null when there is no series or it does not pay. */
    private static Node rewrite(Rewriter r, Node.Product p, String x, TreeSet<String> inputs) {
        Graph s = new Graph();
        Map<Node, Node> copies = new HashMap<>();
        Node original = copy(r, p, s, copies, true);
        Node.Var xs = s.variable(x);
        PowerSeries ps = new PowerSeries(s, xs, TERMS);
        PowerSeries.Series num = ps.constant(RationalFunction.ONE);
        PowerSeries.Series den = ps.constant(RationalFunction.ONE);
        if (!(original instanceof Node.Product q)) {
            return null;
        }
        for (int i = 0; i < q.factors().size(); i++) {
            PowerSeries.Series f = ps.of(q.factors().get(i));
            if (f == null) {
                return null;
            }
            int e = q.exponents()[i];
            try {
                if (e > 0) {
                    num = ps.multiply(num, ps.pow(f, e));
                } else {
                    den = ps.multiply(den, ps.pow(f, -e));
                }
            } catch (ArithmeticException ex) {
                return null;
            }
        }
        if (num.v() <= 0 || den.v() <= 0 || den.c().isEmpty()) {
            return null; // not 0/0 at x = 0
        }
        PowerSeries.Series quotient;
        try {
            quotient =
                    ps.scale(
                            ps.multiply(num, ps.reciprocal(den)),
                            RationalFunction.constant(Rational.of(q.coefficient())));
        } catch (ArithmeticException ex) {
            return null;
        }
        if (quotient.c().isEmpty()) {
            return null;
        }
        List<Node> candidates = new ArrayList<>();
        for (int order : ORDERS) {
            int[] left = leftOut(quotient, order);
            if (left == null) {
                continue;
            }
            Node poly = ps.polynomial(quotient, quotient.v() + order + 1);
            Node lead = s.apply(Fn.ABS, ps.toNode(quotient.c().get(0)));
            Node bound =
                    s.add(
                            s.apply(
                                    Fn.ABS,
                                    s.mul(
                                            ps.toNode(quotient.c().get(left[0])),
                                            s.powInt(xs, left[0]))),
                            s.apply(
                                    Fn.ABS,
                                    s.mul(
                                            ps.toNode(quotient.c().get(left[1])),
                                            s.powInt(xs, left[1]))));
            for (double tau : TAUS) {
                Node cond = s.compare(Cmp.LT, bound, s.scale(tau, lead));
                candidates.add(s.select(cond, poly, original));
            }
        }
        if (candidates.isEmpty()) {
            return null;
        }
        double[] errors;
        try {
            errors = measuredErrors(s, xs, original, candidates, inputs);
        } catch (UnsupportedOperationException e) {
            return null;
        }
        if (errors == null) {
            return null;
        }
        int best = -1;
        for (int i = 0; i < candidates.size(); i++) {
            // the first (lowest order, tightest bound) within a factor 2 of the best wins
            if (best < 0 || errors[i + 1] < errors[best + 1] / 2) {
                best = i;
            }
        }
        if (!(errors[best + 1] < 1e-3 * errors[0]) || !(errors[best + 1] < 1e-9)) {
            return null;
        }
        Node.Select chosen = (Node.Select) candidates.get(best);
        Graph g = r.graph();
        Map<Node, Node> back = new HashMap<>();
        Node cond = copy(null, chosen.condition(), g, back, false);
        Node poly = copy(null, chosen.ifTrue(), g, back, false);
        return g.select(cond, poly, p);
    }

    /**
     * The relative indices of the first two nonzero coefficients past {@code order}, or null when
     * the series is not known that far.
     */
    private static int[] leftOut(PowerSeries.Series q, int order) {
        int[] out = new int[2];
        int found = 0;
        for (int k = order + 1; k < q.c().size() && found < 2; k++) {
            if (!q.c().get(k).isZero()) {
                out[found++] = k;
            }
        }
        return found == 2 ? out : null;
    }

    /**
     * The largest relative error, value and derivative in x, of the original (element 0) and of
     * each candidate, over fixed sample points: the other inputs at magnitudes 0.1 to 10 of either
     * sign, x at ±10^-12 … 1 by half decades. Null when no point has a reference.
     */
    private static double[] measuredErrors(
            Graph s, Node.Var x, Node original, List<Node> candidates, TreeSet<String> inputs) {
        List<Node> roots = new ArrayList<>();
        roots.add(original);
        roots.addAll(candidates);
        List<Node> slopes = new ArrayList<>();
        Map<Node, Node> tangents = new HashMap<>();
        for (Node root : roots) {
            slopes.add(tangent(s, root, x, tangents));
        }
        List<Node> all = new ArrayList<>(roots);
        all.addAll(slopes);
        double[] worst = new double[roots.size()];
        boolean any = false;
        SplittableRandom random = new SplittableRandom(SEED);
        for (int sample = 0; sample < SAMPLES; sample++) {
            Map<String, Double> point = new HashMap<>();
            for (String name : inputs) {
                double magnitude = Math.pow(10, random.nextDouble(-1, 1));
                point.put(name, random.nextBoolean() ? magnitude : -magnitude);
            }
            for (int k = 0; k <= 24; k++) {
                for (int sign = -1; sign <= 1; sign += 2) {
                    point.put(x.name(), sign * Math.pow(10, -12 + k / 2.0));
                    BigDecimal[] ref;
                    try {
                        ref = HighPrecision.evaluate(s, List.of(original, slopes.get(0)), point);
                    } catch (ArithmeticException | UnsupportedOperationException e) {
                        continue;
                    }
                    if (ref[0].signum() == 0 || ref[1].signum() == 0) {
                        continue;
                    }
                    any = true;
                    double[] v = Evaluator.evaluate(s, all, point);
                    for (int i = 0; i < roots.size(); i++) {
                        double e =
                                Math.max(
                                        relative(v[roots.get(i).id()], ref[0]),
                                        relative(v[slopes.get(i).id()], ref[1]));
                        worst[i] = Math.max(worst[i], e);
                    }
                }
            }
        }
        return any ? worst : null;
    }

    private static double relative(double got, BigDecimal expected) {
        if (!Double.isFinite(got)) {
            return 1;
        }
        double e =
                new BigDecimal(got)
                        .subtract(expected, HighPrecision.MC)
                        .divide(expected, HighPrecision.MC)
                        .abs()
                        .doubleValue();
        return Math.min(e, 1);
    }

    /** The derivative of {@code n} in {@code x}, forward mode with the built-ins' own partials. */
    static Node tangent(Graph g, Node n, Node.Var x, Map<Node, Node> memo) {
        Node known = memo.get(n);
        if (known != null) {
            return known;
        }
        Node t;
        if (n == x) {
            t = g.constant(1);
        } else if (n instanceof Node.Sum s) {
            List<Node> terms = new ArrayList<>();
            for (int i = 0; i < s.terms().size(); i++) {
                terms.add(g.scale(s.coefficients()[i], tangent(g, s.terms().get(i), x, memo)));
            }
            t = g.sum(terms);
        } else if (n instanceof Node.Product p) {
            List<Node> terms = new ArrayList<>();
            for (int i = 0; i < p.factors().size(); i++) {
                Node f = p.factors().get(i);
                Node df = tangent(g, f, x, memo);
                if (!(df instanceof Node.Const c && c.is(0))) {
                    terms.add(g.mul(g.scale(p.exponents()[i], df), g.div(p, f)));
                }
            }
            t = g.sum(terms);
        } else if (n instanceof Node.Apply a) {
            List<Node> terms = new ArrayList<>();
            for (int i = 0; i < a.args().size(); i++) {
                Node da = tangent(g, a.args().get(i), x, memo);
                if (!(da instanceof Node.Const c && c.is(0))) {
                    terms.add(g.mul(a.fn().partial(g, a.args(), a, i), da));
                }
            }
            t = g.sum(terms);
        } else if (n instanceof Node.Select s) {
            t =
                    g.select(
                            s.condition(),
                            tangent(g, s.ifTrue(), x, memo),
                            tangent(g, s.ifFalse(), x, memo));
        } else if (n instanceof Node.Power w) {
            if (!(tangent(g, w.base(), x, memo) instanceof Node.Const b && b.is(0))
                    || !(tangent(g, w.exponent(), x, memo) instanceof Node.Const e && e.is(0))) {
                throw new UnsupportedOperationException("a power in x");
            }
            t = g.constant(0);
        } else {
            t = g.constant(0);
        }
        memo.put(n, t);
        return t;
    }

    /**
     * {@code n} built again in {@code to}: names seen through to their definitions when {@code
     * expand} (so the copy reads inputs only), leaves as leaves of {@code to}.
     */
    private static Node copy(Rewriter r, Node n, Graph to, Map<Node, Node> done, boolean expand) {
        Node known = done.get(n);
        if (known != null) {
            return known;
        }
        Node out;
        if (n instanceof Node.Const c) {
            out = to.constant(c.value());
        } else if (n instanceof Node.Var v) {
            Node d = expand ? r.see(v) : v;
            out = d == v ? to.variable(v.name()) : copy(r, d, to, done, true);
        } else {
            List<Node> kids = new ArrayList<>();
            for (Node c : n.children()) {
                kids.add(copy(r, c, to, done, expand));
            }
            out = Rebuild.rebuild(to, n, kids);
        }
        done.put(n, out);
        return out;
    }
}
