package io.github.chainrule.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sum that is a quadratic form in a few terms and does not change when the same number is added
 * to every term (a variance written as E[x^2] - E[x]^2: {@code (x^2 + y^2)/2 - ((x + y)/2)^2}) is Σ
 * c_ij (x_i - x_j)^2 with c_ij = -A_ij, A the form's symmetric matrix, whose rows then sum to zero:
 * the squares of large, nearly equal numbers cancel, the differences do not.
 */
final class QuadraticForms {
    /** At most this many distinct terms (the result has n(n-1)/2 squares). */
    static final int MAX_TERMS = 8;

    /** At most this many monomials while multiplying out. */
    private static final int MAX_MONOMIALS = 64;

    /** At most this many nodes visited while multiplying out (a DAG unfolds into a tree). */
    private static final int MAX_VISITS = 256;

    private QuadraticForms() {}

    /** A monomial of degree 0, 1 or 2: the ids of its atoms, -1 where absent, a <= b. */
    private record Mono(int a, int b) {
        static final Mono ONE = new Mono(-1, -1);

        Mono times(Mono o) {
            int[] ids = {a, b, o.a, o.b};
            java.util.Arrays.sort(ids);
            if (ids[1] >= 0) {
                return null; // degree above 2
            }
            return new Mono(ids[2], ids[3]);
        }

        int degree() {
            return (a >= 0 ? 1 : 0) + (b >= 0 ? 1 : 0);
        }
    }

    /** The form as differences, or null when {@code n} is not such a form. */
    static Node asDifferences(Rewriter r, Node n) {
        if (!(n instanceof Node.Sum)) {
            return null;
        }
        Map<Integer, Node> atoms = new LinkedHashMap<>();
        Map<Mono, Double> poly = expand(r, n, atoms, new int[1]);
        if (poly == null || atoms.size() < 2 || atoms.size() > MAX_TERMS) {
            return null;
        }
        List<Integer> ids = new ArrayList<>(atoms.keySet());
        int k = ids.size();
        double[][] a = new double[k][k];
        double scale = 0;
        for (Map.Entry<Mono, Double> e : poly.entrySet()) {
            Mono m = e.getKey();
            double c = e.getValue();
            if (c == 0) {
                continue;
            }
            if (m.degree() != 2) {
                return null; // not homogeneous of degree 2
            }
            int i = ids.indexOf(m.a());
            int j = ids.indexOf(m.b());
            if (i == j) {
                a[i][i] += c;
            } else {
                a[i][j] += c / 2;
                a[j][i] += c / 2;
            }
            scale = Math.max(scale, Math.abs(c));
        }
        for (double[] row : a) {
            double sum = 0;
            for (double v : row) {
                sum += v;
            }
            if (Math.abs(sum) > 1e-12 * scale) {
                return null; // changes under a common shift: no difference form
            }
        }
        Graph g = r.graph();
        List<Node> squares = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            for (int j = i + 1; j < k; j++) {
                if (a[i][j] != 0) {
                    Node d = g.sub(atoms.get(ids.get(i)), atoms.get(ids.get(j)));
                    squares.add(g.scale(-a[i][j], g.square(d)));
                }
            }
        }
        return squares.isEmpty() ? null : g.sum(squares);
    }

    /**
     * {@code n} multiplied out as a polynomial of degree at most 2 in its atoms (anything but a
     * sum, a product or a constant; a name is seen through when its definition is a sum or a
     * product), or null when it is not one or grows too large.
     */
    private static Map<Mono, Double> expand(
            Rewriter r, Node n, Map<Integer, Node> atoms, int[] visits) {
        if (++visits[0] > MAX_VISITS) {
            return null;
        }
        Node seen = n instanceof Node.Var ? r.peek(n) : n;
        if (seen instanceof Node.Sum || seen instanceof Node.Product) {
            n = r.see(n);
        }
        Map<Mono, Double> out = new HashMap<>();
        if (n instanceof Node.Const c) {
            out.put(Mono.ONE, c.value());
        } else if (n instanceof Node.Sum s) {
            out.put(Mono.ONE, s.constant());
            for (int i = 0; i < s.terms().size(); i++) {
                Map<Mono, Double> t = expand(r, s.terms().get(i), atoms, visits);
                if (t == null) {
                    return null;
                }
                double c = s.coefficients()[i];
                t.forEach((m, v) -> out.merge(m, c * v, Double::sum));
            }
        } else if (n instanceof Node.Product p) {
            Map<Mono, Double> acc = new HashMap<>(Map.of(Mono.ONE, p.coefficient()));
            for (int i = 0; i < p.factors().size(); i++) {
                int e = p.exponents()[i];
                if (e < 1 || e > 2) {
                    return null;
                }
                Map<Mono, Double> f = expand(r, p.factors().get(i), atoms, visits);
                for (int k = 0; k < e && acc != null; k++) {
                    acc = f == null ? null : times(acc, f);
                }
                if (acc == null) {
                    return null;
                }
            }
            out.putAll(acc);
        } else {
            atoms.putIfAbsent(n.id(), n);
            out.put(new Mono(-1, n.id()), 1.0);
        }
        return out.size() > MAX_MONOMIALS ? null : out;
    }

    private static Map<Mono, Double> times(Map<Mono, Double> x, Map<Mono, Double> y) {
        Map<Mono, Double> out = new HashMap<>();
        for (Map.Entry<Mono, Double> a : x.entrySet()) {
            for (Map.Entry<Mono, Double> b : y.entrySet()) {
                if (a.getValue() == 0 || b.getValue() == 0) {
                    continue;
                }
                Mono m = a.getKey().times(b.getKey());
                if (m == null) {
                    return null;
                }
                out.merge(m, a.getValue() * b.getValue(), Double::sum);
            }
        }
        return out.size() > MAX_MONOMIALS ? null : out;
    }
}
