package io.github.chainrule.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A shorter form of a derivative for people to read: multiply out, cancel, and take the common
 * factor out. The factory's local rules cannot see that {@code x1*a*(1 - a)*((1 - y)/(1 - a) -
 * y/a)} is {@code x1*(a - y)}: that needs the sum distributed over the factors it cancels with, the
 * remaining sums multiplied out, like terms met, and x1 factored out again. This does exactly that,
 * within a budget, and keeps the result only when it prints shorter. It is for display: generated
 * code uses the graph as it is. It reads no function as another (it once read {@code sigmoid(-u)}
 * as {@code 1 - sigmoid(u)}, which printed the logistic loss's gradient as {@code a - y} while the
 * code computed {@code a*(1 - y) - y*sigmoid(-z)}): the stable forms print as they are computed.
 */
public final class Tidy {
    /** Expressions larger than this (as trees) are left alone. */
    private static final int MAX_TREE = 400;

    /** Expansion stops (and the original stays) past this many monomials. */
    private static final int MAX_MONOMIALS = 48;

    /** Sums raised to a higher power are atoms, not multiplied out. */
    private static final int MAX_EXPANDED_POWER = 3;

    private final Graph g;

    private Tidy(Graph g) {
        this.g = g;
    }

    /**
     * The shortest of {@code n} and its expanded, cancelled and factored form, as {@code printer}
     * prints them.
     */
    public static Node tidy(Graph g, Node n, Printer printer) {
        if (n instanceof Node.Select s && treeSize(n) <= MAX_TREE) {
            Node t =
                    g.select(
                            s.condition(),
                            tidy(g, s.ifTrue(), printer),
                            tidy(g, s.ifFalse(), printer));
            return shorter(n, t, printer);
        }
        if (!(n instanceof Node.Sum || n instanceof Node.Product) || treeSize(n) > MAX_TREE) {
            return n;
        }
        List<Monomial> expanded = new Tidy(g).expand(n);
        if (expanded == null) {
            return n;
        }
        return shorter(n, new Tidy(g).rebuild(expanded), printer);
    }

    /**
     * The candidate when it prints shorter and is smaller as a tree: rearranging the same
     * operations (a*(1 - y) - y*(1 - a) as a - y*(1 - a) - a*y) is not a simplification, and would
     * print a formula the code does not compute.
     */
    private static Node shorter(Node original, Node candidate, Printer printer) {
        String a = printer.toText(original, 0, 100_000);
        String b = printer.toText(candidate, 0, 100_000);
        return a != null
                        && b != null
                        && b.length() < a.length()
                        && treeSize(candidate) < treeSize(original)
                ? candidate
                : original;
    }

    /** coefficient · Π atom^exponent, atoms by node id. */
    private record Monomial(double coefficient, TreeMap<Integer, Integer> powers) {
        Monomial times(Monomial o) {
            TreeMap<Integer, Integer> p = new TreeMap<>(powers);
            o.powers.forEach((id, e) -> p.merge(id, e, Integer::sum));
            p.values().removeIf(e -> e == 0);
            return new Monomial(coefficient * o.coefficient, p);
        }
    }

    /**
     * The node as a sum of monomials whose atoms are not sums (except sums under a denominator or a
     * high power).
     */
    private List<Monomial> expand(Node root) {
        List<Monomial> done = new ArrayList<>();
        List<Monomial> todo = new ArrayList<>(asMonomials(root));
        while (!todo.isEmpty()) {
            Monomial m = todo.remove(todo.size() - 1);
            Integer pick = sumToExpand(m);
            if (pick == null) {
                done.add(m);
                continue;
            }
            TreeMap<Integer, Integer> rest = new TreeMap<>(m.powers);
            rest.merge(pick, -1, Integer::sum);
            rest.values().removeIf(e -> e == 0);
            Monomial others = new Monomial(m.coefficient, rest);
            for (Monomial term : asMonomials(g.node(pick))) {
                todo.add(others.times(term));
            }
            if (todo.size() + done.size() > MAX_MONOMIALS) {
                return null;
            }
        }
        return collect(done);
    }

    /** A sum or a product, one level down: sums' terms, products' factors as atoms. */
    private List<Monomial> asMonomials(Node n) {
        List<Monomial> out = new ArrayList<>();
        if (n instanceof Node.Sum s) {
            if (s.constant() != 0) {
                out.add(new Monomial(s.constant(), new TreeMap<>()));
            }
            for (int i = 0; i < s.terms().size(); i++) {
                for (Monomial m : asMonomials(s.terms().get(i))) {
                    out.add(new Monomial(m.coefficient * s.coefficients()[i], m.powers));
                }
            }
        } else if (n instanceof Node.Product p) {
            TreeMap<Integer, Integer> powers = new TreeMap<>();
            double c = p.coefficient();
            for (int i = 0; i < p.factors().size(); i++) {
                Node f = p.factors().get(i);
                if (f instanceof Node.Product inner) { // kept whole for sharing: multiply it in
                    Monomial m = asMonomials(inner).get(0);
                    int e = p.exponents()[i];
                    c *= Math.pow(m.coefficient, e);
                    m.powers.forEach((id, k) -> powers.merge(id, k * e, Integer::sum));
                } else {
                    powers.merge(f.id(), p.exponents()[i], Integer::sum);
                }
            }
            powers.values().removeIf(e -> e == 0);
            out.add(new Monomial(c, powers));
        } else if (n instanceof Node.Const k) {
            out.add(new Monomial(k.value(), new TreeMap<>()));
        } else {
            TreeMap<Integer, Integer> powers = new TreeMap<>();
            powers.put(n.id(), 1);
            out.add(new Monomial(1, powers));
        }
        return out;
    }

    /**
     * Which sum of the monomial to multiply out next: first one whose terms cancel a factor of the
     * monomial (a denominator meeting its numerator), else the smallest; null when none is left.
     */
    private Integer sumToExpand(Monomial m) {
        Integer best = null;
        int bestScore = -1;
        int bestSize = Integer.MAX_VALUE;
        for (Map.Entry<Integer, Integer> e : m.powers.entrySet()) {
            if (!(g.node(e.getKey()) instanceof Node.Sum s)
                    || e.getValue() <= 0
                    || e.getValue() > MAX_EXPANDED_POWER) {
                continue;
            }
            int score = 0;
            for (Monomial term : asMonomials(s)) {
                for (Map.Entry<Integer, Integer> t : term.powers.entrySet()) {
                    Integer mine = m.powers.get(t.getKey());
                    if (t.getValue() < 0 && mine != null && mine > 0) {
                        score++;
                    }
                }
            }
            int size = s.terms().size();
            if (score > bestScore || (score == bestScore && size < bestSize)) {
                best = e.getKey();
                bestScore = score;
                bestSize = size;
            }
        }
        return best;
    }

    private static List<Monomial> collect(List<Monomial> monomials) {
        Map<TreeMap<Integer, Integer>, Double> byPowers = new java.util.LinkedHashMap<>();
        for (Monomial m : monomials) {
            byPowers.merge(m.powers, m.coefficient, Double::sum);
        }
        List<Monomial> out = new ArrayList<>();
        byPowers.forEach(
                (p, c) -> {
                    if (c != 0) {
                        out.add(new Monomial(c, p));
                    }
                });
        return out;
    }

    /** Σ monomials, with the factor common to all of them taken out front. */
    private Node rebuild(List<Monomial> monomials) {
        if (monomials.isEmpty()) {
            return g.constant(0);
        }
        TreeMap<Integer, Integer> common = new TreeMap<>(monomials.get(0).powers);
        for (Monomial m : monomials) {
            common.entrySet().removeIf(e -> !m.powers.containsKey(e.getKey()));
            for (Map.Entry<Integer, Integer> e : common.entrySet()) {
                int mine = m.powers.get(e.getKey());
                int shared =
                        Integer.signum(mine) == Integer.signum(e.getValue())
                                ? (mine > 0
                                        ? Math.min(mine, e.getValue())
                                        : Math.max(mine, e.getValue()))
                                : 0;
                e.setValue(shared);
            }
            common.values().removeIf(v -> v == 0);
        }
        List<Node> terms = new ArrayList<>();
        for (Monomial m : monomials) {
            TreeMap<Integer, Integer> rest = new TreeMap<>(m.powers);
            common.forEach((id, e) -> rest.merge(id, -e, Integer::sum));
            terms.add(product(m.coefficient, rest));
        }
        return g.mul(product(1, common), g.sum(terms));
    }

    private Node product(double c, TreeMap<Integer, Integer> powers) {
        List<Node> factors = new ArrayList<>();
        factors.add(g.constant(c));
        powers.forEach(
                (id, e) -> {
                    if (e != 0) {
                        factors.add(g.powInt(g.node(id), e));
                    }
                });
        return g.product(factors);
    }

    /**
     * The size of the node written out as a tree, counting up to a little past {@link #MAX_TREE}.
     */
    private static int treeSize(Node root) {
        int count = 0;
        java.util.ArrayDeque<Node> work = new java.util.ArrayDeque<>();
        work.push(root);
        while (!work.isEmpty() && count <= MAX_TREE) {
            Node n = work.pop();
            count++;
            n.children().forEach(work::push);
        }
        return count;
    }
}
