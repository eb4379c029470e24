package io.github.chainrule.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Re-expresses a printed formula in the program's own names: where a sum holds a named sum's terms
 * (in proportion) or a product holds a named product's factors, they are folded back into the name.
 * The chain rule builds {@code ds/dm} of {@code s = exp(z1 - m) + exp(z2 - m)} as {@code -exp(z1 -
 * m) - exp(z2 - m)}, a sum of its own, and {@code d/dsigma} of {@code r = (x - mu)/sigma} as {@code
 * -(x - mu)/sigma^2}; folded, they read {@code -s} and {@code -r/sigma}, which {@link Tidy} can
 * then cancel with the {@code s} and {@code r} beside them.
 *
 * <p>It is for display, like {@link Tidy}: each fold replaces a sub-expression by a name equal to
 * it in real arithmetic, and generated code still computes the graph as the chain rule built it.
 * Folds are exact in the coefficients (a fold that would need a rounded coefficient is not made).
 */
public final class Refold {
    /** A statement's value: its name (a variable) and its body over earlier names. */
    public record Named(Node name, Node body) {}

    /** How many nodes one sum or product looks through (as the printer does). */
    private static final int FLATTEN = 64;

    /**
     * Formulas of more nodes than this are left as they are: rebuilding one costs its size, again
     * for every wrt variable, and it prints too long to read anyway (a random 10,000-statement
     * program's gradient took twice as long to derive, and four times the memory, when folded).
     */
    static final int MAX_NODES = 2_000;

    private final Graph g;
    private final List<Named> named;
    private final Map<Integer, Integer> exact = new HashMap<>();

    /** Named sums by each of their terms, named products by each of their factors. */
    private final Map<Integer, List<Integer>> sumsByTerm = new HashMap<>();

    private final Map<Integer, List<Integer>> productsByFactor = new HashMap<>();

    /**
     * {@code named} in statement order; bodies that are a constant or a single name are not folded
     * (a copy {@code y = x} would print every {@code x} as {@code y}).
     */
    public Refold(Graph g, List<Named> named) {
        this.g = g;
        this.named = List.copyOf(named);
        for (int i = 0; i < this.named.size(); i++) {
            Node body = this.named.get(i).body();
            if (body instanceof Node.Const || body instanceof Node.Var) {
                continue;
            }
            exact.putIfAbsent(body.id(), i);
            if (body instanceof Node.Sum s && s.terms().size() >= 2) {
                for (Node t : s.terms()) {
                    sumsByTerm.computeIfAbsent(t.id(), k -> new ArrayList<>()).add(i);
                }
            } else if (body instanceof Node.Product p && p.factors().size() >= 2) {
                for (Node f : p.factors()) {
                    productsByFactor.computeIfAbsent(f.id(), k -> new ArrayList<>()).add(i);
                }
            }
        }
    }

    /** {@code root} with every named sub-expression folded into its name. */
    public Node fold(Node root) {
        return fold(root, named.size());
    }

    /** The same with only the first {@code upTo} names: a statement's partial uses no later one. */
    public Node fold(Node root, int upTo) {
        if (exact.isEmpty() || larger(root, MAX_NODES)) {
            return root;
        }
        Map<Integer, Node> done = new HashMap<>();
        for (int id : Evaluator.reachableIds(List.of(root))) {
            Node n = g.node(id);
            Integer whole = exact.get(id);
            if (whole != null && whole < upTo) {
                done.put(id, named.get(whole).name());
                continue;
            }
            List<Node> kids = new ArrayList<>(n.children().size());
            for (Node c : n.children()) {
                kids.add(done.get(c.id()));
            }
            Node rebuilt = n.children().isEmpty() ? n : Rebuild.rebuild(g, n, kids);
            done.put(id, foldInto(rebuilt, upTo, rebuilt != n));
        }
        return done.get(root.id());
    }

    /**
     * {@code n} folded; with {@code flatten} (a child was folded) a sum or product is rebuilt flat,
     * so that a folded name meets its like through a product kept whole for sharing ({@code -s}
     * times {@code 1/s} is -1).
     */
    /** Whether more than {@code limit} nodes are reachable from {@code root}, counted up to it. */
    private static boolean larger(Node root, int limit) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        Deque<Node> work = new ArrayDeque<>(List.of(root));
        while (!work.isEmpty()) {
            Node n = work.pop();
            if (seen.add(n.id())) {
                if (seen.size() > limit) {
                    return true;
                }
                n.children().forEach(work::push);
            }
        }
        return false;
    }

    private Node foldInto(Node n, int upTo, boolean flatten) {
        Integer whole = exact.get(n.id());
        if (whole != null && whole < upTo) {
            return named.get(whole).name();
        }
        if (n instanceof Node.Sum s) {
            return foldSum(s, upTo, flatten);
        } else if (n instanceof Node.Product p) {
            return foldProduct(p, upTo, flatten);
        }
        return n;
    }

    // ---- sums
    // ------------------------------------------------------------------------------------

    /** constant + Σ coefficient·term, seen through nested sums. */
    private static final class Terms {
        double constant;
        final Map<Integer, Double> coefficients = new LinkedHashMap<>();
    }

    private Terms terms(Node.Sum root) {
        Terms out = new Terms();
        Deque<Object[]> work = new ArrayDeque<>();
        work.push(new Object[] {root, 1.0});
        int visited = 0;
        while (!work.isEmpty()) {
            Object[] next = work.pop();
            Node m = (Node) next[0];
            double c = (Double) next[1];
            if (m instanceof Node.Sum s && (m == root || ++visited <= FLATTEN)) {
                out.constant += c * s.constant();
                for (int i = s.terms().size() - 1; i >= 0; i--) {
                    work.push(new Object[] {s.terms().get(i), c * s.coefficients()[i]});
                }
            } else {
                out.coefficients.merge(m.id(), c, Double::sum);
            }
        }
        return out;
    }

    private Node foldSum(Node.Sum s, int upTo, boolean flatten) {
        Terms mine = terms(s);
        boolean any = flatten;
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Integer i : candidates(sumsByTerm, mine.coefficients.keySet(), upTo)) {
                Terms theirs = terms((Node.Sum) named.get(i).body());
                Double k = sumRatio(mine, theirs);
                if (k == null) {
                    continue;
                }
                theirs.coefficients.forEach((id, c) -> mine.coefficients.remove(id));
                mine.constant -= k * theirs.constant;
                mine.coefficients.merge(named.get(i).name().id(), k, Double::sum);
                any = changed = true;
                break;
            }
        }
        if (!any) {
            return s;
        }
        List<Node> parts = new ArrayList<>();
        parts.add(g.constant(mine.constant));
        mine.coefficients.forEach((id, c) -> parts.add(g.scale(c, g.node(id))));
        return g.sum(parts);
    }

    /**
     * k when {@code mine} holds k times each of {@code theirs}' terms, exactly, and k times their
     * constant; else null.
     */
    private static Double sumRatio(Terms mine, Terms theirs) {
        Double k = null;
        for (Map.Entry<Integer, Double> t : theirs.coefficients.entrySet()) {
            Double c = mine.coefficients.get(t.getKey());
            if (c == null || c == 0) {
                return null;
            }
            double ratio = c / t.getValue();
            if (ratio * t.getValue() != c || (k != null && ratio != k)) {
                return null;
            }
            k = ratio;
        }
        if (k == null || (theirs.constant != 0 && mine.constant != k * theirs.constant)) {
            return null;
        }
        return k;
    }

    // ---- products
    // --------------------------------------------------------------------------------

    /** coefficient · Π factor^exponent, seen through nested products. */
    private static final class Factors {
        double coefficient = 1;
        final Map<Integer, Integer> exponents = new LinkedHashMap<>();
    }

    private Factors factors(Node.Product root) {
        Factors out = new Factors();
        Deque<Object[]> work = new ArrayDeque<>();
        work.push(new Object[] {root, 1});
        int visited = 0;
        while (!work.isEmpty()) {
            Object[] next = work.pop();
            Node m = (Node) next[0];
            int e = (Integer) next[1];
            if (m instanceof Node.Product p && (m == root || ++visited <= FLATTEN)) {
                out.coefficient *= Math.pow(p.coefficient(), e);
                for (int i = p.factors().size() - 1; i >= 0; i--) {
                    work.push(new Object[] {p.factors().get(i), p.exponents()[i] * e});
                }
            } else {
                out.exponents.merge(m.id(), e, Integer::sum);
            }
        }
        out.exponents.values().removeIf(e -> e == 0);
        return out;
    }

    private Node foldProduct(Node.Product p, int upTo, boolean flatten) {
        Factors mine = factors(p);
        boolean any = flatten;
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Integer i : candidates(productsByFactor, mine.exponents.keySet(), upTo)) {
                Factors theirs = factors((Node.Product) named.get(i).body());
                int k = productPower(mine, theirs);
                double coefficient = mine.coefficient / Math.pow(theirs.coefficient, k);
                if (k == 0 || coefficient * Math.pow(theirs.coefficient, k) != mine.coefficient) {
                    continue;
                }
                int times = k;
                theirs.exponents.forEach(
                        (id, e) -> mine.exponents.merge(id, -e * times, Integer::sum));
                mine.exponents.values().removeIf(e -> e == 0);
                mine.exponents.merge(named.get(i).name().id(), k, Integer::sum);
                mine.coefficient = coefficient;
                any = changed = true;
                break;
            }
        }
        if (!any) {
            return p;
        }
        List<Node> parts = new ArrayList<>();
        parts.add(g.constant(mine.coefficient));
        mine.exponents.forEach((id, e) -> parts.add(g.powInt(g.node(id), e)));
        return g.product(parts);
    }

    /**
     * The largest k ≥ 1 such that {@code mine} holds each of {@code theirs}' factors to at least k
     * times its exponent (with the same sign), or 0.
     */
    private static int productPower(Factors mine, Factors theirs) {
        int k = Integer.MAX_VALUE;
        for (Map.Entry<Integer, Integer> t : theirs.exponents.entrySet()) {
            Integer e = mine.exponents.get(t.getKey());
            if (e == null || Integer.signum(e) != Integer.signum(t.getValue())) {
                return 0;
            }
            k = Math.min(k, e / t.getValue());
        }
        return k == Integer.MAX_VALUE ? 0 : k;
    }

    /** The named sums (or products) sharing a term (or factor) with these, largest first. */
    private List<Integer> candidates(
            Map<Integer, List<Integer>> by, Iterable<Integer> ids, int upTo) {
        List<Integer> out = new ArrayList<>();
        for (int id : ids) {
            for (int i : by.getOrDefault(id, List.of())) {
                if (i < upTo && !out.contains(i)) {
                    out.add(i);
                }
            }
        }
        out.sort((a, b) -> Integer.compare(size(b), size(a)));
        return out;
    }

    private int size(int i) {
        return named.get(i).body().children().size();
    }
}
