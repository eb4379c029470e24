package io.github.chainrule.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Truncated power series of expressions in one variable x around 0, whose coefficients are exact
 * rational functions of the other variables and of the subexpressions free of x (the atoms): sums,
 * products, integer powers and quotients (a denominator's leading terms that vanish exactly are
 * dropped, so 0/0 forms such as x/expm1(x) have their limit), and exp, expm1, log, log1p, sin, cos,
 * sinh, cosh and sqrt of a series. An expression with anything else in x has no series here.
 */
final class PowerSeries {
    /**
     * {@code x^v · Σ c[k] x^k}, known up to (not including) the absolute order {@code v +
     * c.size()}; {@code c[0]} is not zero unless {@code c} is empty (zero to that order).
     */
    record Series(int v, List<RationalFunction> c) {
        int known() {
            return v + c.size();
        }

        /** The coefficient of x^p (absolute), zero below the valuation. */
        RationalFunction at(int p) {
            int k = p - v;
            if (k >= c.size()) {
                throw new IllegalStateException("x^" + p + " is beyond the known order");
            }
            return k < 0 ? RationalFunction.ZERO : c.get(k);
        }
    }

    private final Graph g;
    private final Node x;
    private final int cap;
    private final List<Node> atoms = new ArrayList<>();
    private final Map<Node, Integer> atomIndex = new HashMap<>();
    private final Map<Node, Series> memo = new HashMap<>();
    private final Map<Node, Boolean> inX = new HashMap<>();

    /** Series in {@code x} of expressions of {@code g}, each truncated at x^cap. */
    PowerSeries(Graph g, Node.Var x, int cap) {
        this.g = g;
        this.x = x;
        this.cap = cap;
    }

    List<Node> atoms() {
        return atoms;
    }

    /** The series of {@code n}, or null when it has none here (or a pole of x^-cap or worse). */
    Series of(Node n) {
        if (memo.containsKey(n)) {
            return memo.get(n);
        }
        Series s;
        try {
            s = compute(n);
        } catch (ArithmeticException e) {
            s = null;
        }
        memo.put(n, s);
        return s;
    }

    boolean dependsOnX(Node n) {
        Boolean known = inX.get(n);
        if (known != null) {
            return known;
        }
        boolean d = n == x;
        for (Node c : n.children()) {
            d |= dependsOnX(c);
        }
        inX.put(n, d);
        return d;
    }

    private Series compute(Node n) {
        if (!dependsOnX(n)) {
            RationalFunction c = coefficient(n);
            return c == null ? null : constant(c);
        }
        if (n == x) {
            List<RationalFunction> c = new ArrayList<>();
            c.add(RationalFunction.ONE);
            while (c.size() < cap - 1) {
                c.add(RationalFunction.ZERO);
            }
            return normalized(1, c);
        }
        if (n instanceof Node.Sum s) {
            Series out = constant(RationalFunction.constant(Rational.of(s.constant())));
            for (int i = 0; i < s.terms().size(); i++) {
                Series t = of(s.terms().get(i));
                if (t == null) {
                    return null;
                }
                out =
                        add(
                                out,
                                scale(
                                        t,
                                        RationalFunction.constant(
                                                Rational.of(s.coefficients()[i]))));
            }
            return out;
        }
        if (n instanceof Node.Product p) {
            Series out = constant(RationalFunction.constant(Rational.of(p.coefficient())));
            for (int i = 0; i < p.factors().size(); i++) {
                Series f = of(p.factors().get(i));
                if (f == null) {
                    return null;
                }
                out = multiply(out, pow(f, p.exponents()[i]));
            }
            return out;
        }
        if (n instanceof Node.Apply a && a.args().size() == 1) {
            Series arg = of(a.args().get(0));
            return arg == null ? null : apply(a.fn(), arg);
        }
        return null;
    }

    /** {@code n}, free of x, as a rational function of atoms. */
    RationalFunction coefficient(Node n) {
        if (n instanceof Node.Const k) {
            return RationalFunction.constant(Rational.of(k.value()));
        }
        if (n instanceof Node.Sum s) {
            RationalFunction out = RationalFunction.constant(Rational.of(s.constant()));
            for (int i = 0; i < s.terms().size(); i++) {
                out =
                        out.add(
                                coefficient(s.terms().get(i))
                                        .scale(Rational.of(s.coefficients()[i])));
            }
            return out;
        }
        if (n instanceof Node.Product p) {
            RationalFunction out = RationalFunction.constant(Rational.of(p.coefficient()));
            for (int i = 0; i < p.factors().size(); i++) {
                RationalFunction f = coefficient(p.factors().get(i));
                int e = p.exponents()[i];
                for (int k = 0; k < Math.abs(e); k++) {
                    out = e > 0 ? out.multiply(f) : out.divide(f);
                }
            }
            return out;
        }
        Integer index = atomIndex.get(n);
        if (index == null) {
            index = atoms.size();
            atoms.add(n);
            atomIndex.put(n, index);
        }
        return RationalFunction.of(Polynomial.monomial(Polynomial.Mono.atom(index), Rational.ONE));
    }

    // ---- series arithmetic ------------------------------------------------------------------

    Series constant(RationalFunction c) {
        List<RationalFunction> out = new ArrayList<>();
        out.add(c);
        while (out.size() < cap) {
            out.add(RationalFunction.ZERO);
        }
        return normalized(0, out);
    }

    /** Leading zeros dropped (they raise the valuation), truncated at the cap. */
    private Series normalized(int v, List<RationalFunction> c) {
        int k = 0;
        while (k < c.size() && c.get(k).isZero()) {
            k++;
        }
        int known = v + c.size();
        int start = v + k;
        List<RationalFunction> out = new ArrayList<>(c.subList(k, c.size()));
        int keep = Math.max(0, Math.min(known, cap) - start);
        if (keep < out.size()) {
            out = new ArrayList<>(out.subList(0, keep));
        }
        return new Series(start, List.copyOf(out));
    }

    Series add(Series a, Series b) {
        int known = Math.min(a.known(), b.known());
        int v = Math.min(a.v(), b.v());
        List<RationalFunction> c = new ArrayList<>();
        for (int p = v; p < known; p++) {
            c.add(a.at(p).add(b.at(p)));
        }
        return normalized(v, c);
    }

    Series scale(Series a, RationalFunction k) {
        List<RationalFunction> c = new ArrayList<>();
        for (RationalFunction r : a.c()) {
            c.add(r.multiply(k));
        }
        return k.isZero() ? normalized(a.known(), List.of()) : normalized(a.v(), c);
    }

    Series multiply(Series a, Series b) {
        int n = Math.min(a.c().size(), b.c().size());
        List<RationalFunction> c = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            RationalFunction s = RationalFunction.ZERO;
            for (int i = 0; i <= k; i++) {
                s = s.add(a.c().get(i).multiply(b.c().get(k - i)));
            }
            c.add(s);
        }
        return normalized(a.v() + b.v(), c);
    }

    Series reciprocal(Series a) {
        if (a.c().isEmpty()) {
            throw new ArithmeticException("the denominator vanishes to every known order");
        }
        RationalFunction lead = a.c().get(0);
        List<RationalFunction> r = new ArrayList<>();
        r.add(lead.reciprocal());
        for (int k = 1; k < a.c().size(); k++) {
            RationalFunction s = RationalFunction.ZERO;
            for (int j = 1; j <= k; j++) {
                s = s.add(a.c().get(j).multiply(r.get(k - j)));
            }
            r.add(s.negate().divide(lead));
        }
        return normalized(-a.v(), r);
    }

    Series pow(Series a, int e) {
        Series base = e < 0 ? reciprocal(a) : a;
        Series out = constant(RationalFunction.ONE);
        for (int k = 0; k < Math.abs(e); k++) {
            out = multiply(out, base);
        }
        return out;
    }

    private Series apply(Fn fn, Series arg) {
        if (arg.v() < 0) {
            return null; // a pole inside the function
        }
        RationalFunction a0 = arg.v() == 0 && !arg.c().isEmpty() ? arg.c().get(0) : null;
        Series r = a0 == null ? arg : add(arg, constant(a0.negate()));
        if (a0 == null) {
            return switch (fn) {
                case EXP, EXPM1, LOG1P, SIN, COS, SINH, COSH -> compose(r, fn);
                default -> null;
            };
        }
        return switch (fn) {
            case EXP -> scale(compose(r, Fn.EXP), atom(Fn.EXP, a0));
            case EXPM1 ->
                    add(
                            constant(atom(Fn.EXPM1, a0)),
                            scale(compose(r, Fn.EXPM1), atom(Fn.EXP, a0)));
            case LOG1P ->
                    add(
                            constant(atom(Fn.LOG1P, a0)),
                            compose(scale(r, RationalFunction.ONE.add(a0).reciprocal()), Fn.LOG1P));
            case LOG ->
                    add(constant(atom(Fn.LOG, a0)), compose(scale(r, a0.reciprocal()), Fn.LOG1P));
            case SQRT -> scale(compose(scale(r, a0.reciprocal()), Fn.SQRT), atom(Fn.SQRT, a0));
            case SIN ->
                    add(
                            scale(compose(r, Fn.COS), atom(Fn.SIN, a0)),
                            scale(compose(r, Fn.SIN), atom(Fn.COS, a0)));
            case COS ->
                    add(
                            scale(compose(r, Fn.COS), atom(Fn.COS, a0)),
                            scale(compose(r, Fn.SIN), atom(Fn.SIN, a0).negate()));
            case SINH ->
                    add(
                            scale(compose(r, Fn.COSH), atom(Fn.SINH, a0)),
                            scale(compose(r, Fn.SINH), atom(Fn.COSH, a0)));
            case COSH ->
                    add(
                            scale(compose(r, Fn.COSH), atom(Fn.COSH, a0)),
                            scale(compose(r, Fn.SINH), atom(Fn.SINH, a0)));
            default -> null;
        };
    }

    /**
     * {@code Σ w_k r^k} for r of positive valuation, with w the Taylor coefficients at 0 of exp,
     * expm1, log1p, sin, cos, sinh, cosh, or (for SQRT) of sqrt(1 + u).
     */
    private Series compose(Series r, Fn fn) {
        int known = r.known();
        Series power = constant(RationalFunction.ONE);
        Series out = constant(RationalFunction.ZERO);
        Rational factorial = Rational.ONE;
        Rational binomial = Rational.ONE;
        for (int k = 0; k < known; k++) {
            if (k > 0) {
                power = multiply(power, r);
                factorial = factorial.multiply(Rational.of(k, 1));
                binomial = binomial.multiply(Rational.of(3 - 2 * k, 2 * k));
            }
            Rational w = weight(fn, k, factorial, binomial);
            if (!w.isZero()) {
                out = add(out, scale(power, RationalFunction.constant(w)));
            }
        }
        return add(out, normalized(known, List.of())); // known only to r's order
    }

    private static Rational weight(Fn fn, int k, Rational factorial, Rational binomial) {
        Rational inverse = Rational.ONE.divide(factorial);
        boolean odd = k % 2 == 1;
        Rational sign = (k / 2) % 2 == 0 ? Rational.ONE : Rational.ONE.negate();
        return switch (fn) {
            case EXP -> inverse;
            case EXPM1 -> k == 0 ? Rational.ZERO : inverse;
            case LOG1P -> k == 0 ? Rational.ZERO : Rational.of(k % 2 == 1 ? 1 : -1, k);
            case SIN -> odd ? inverse.multiply(sign) : Rational.ZERO;
            case COS -> odd ? Rational.ZERO : inverse.multiply(sign);
            case SINH -> odd ? inverse : Rational.ZERO;
            case COSH -> odd ? Rational.ZERO : inverse;
            case SQRT -> binomial;
            default -> throw new AssertionError(fn);
        };
    }

    /** {@code fn} of an x-free coefficient, as a constant or as an atom. */
    private RationalFunction atom(Fn fn, RationalFunction a) {
        Rational k = a.constantValue();
        if (k != null) {
            return RationalFunction.constant(Rational.of(fn.eval(new double[] {k.toDouble()})));
        }
        return coefficient(g.apply(fn, toNode(a)));
    }

    // ---- back to expressions -------------------------------------------------------------------

    /** The coefficient as an expression over the atoms. */
    Node toNode(RationalFunction r) {
        Node top = toNode(r.num());
        List<Node> den = new ArrayList<>();
        den.add(monomial(r.denMono()));
        r.factors().entrySet().stream()
                .sorted(java.util.Comparator.comparing(e -> e.getKey().toString()))
                .forEach(e -> den.add(g.powInt(toNode(e.getKey()), e.getValue())));
        return g.div(top, g.product(den));
    }

    private Node toNode(Polynomial p) {
        List<Node> terms = new ArrayList<>();
        p.terms().forEach((m, c) -> terms.add(g.scale(c.toDouble(), monomial(m))));
        return g.sum(terms);
    }

    private Node monomial(Polynomial.Mono m) {
        List<Node> factors = new ArrayList<>();
        for (int i = 0; i < m.exponents().size(); i++) {
            if (m.exponent(i) != 0) {
                factors.add(g.powInt(atoms.get(i), m.exponent(i)));
            }
        }
        return g.product(factors);
    }

    /**
     * The series' polynomial up to (not including) x^order, in Horner's form: {@code x^v·(c0 +
     * x·(c1 + x·(…)))}, skipping zero coefficients by powers of x.
     */
    Node polynomial(Series s, int order) {
        Node acc = g.constant(0);
        int last = order;
        for (int p = order - 1; p >= s.v(); p--) {
            RationalFunction c = s.at(p);
            if (c.isZero() && p > s.v()) {
                continue;
            }
            acc = g.add(toNode(c), g.mul(g.powInt(x, last - p), acc));
            last = p;
        }
        return g.mul(g.powInt(x, s.v()), acc);
    }
}
