package io.github.chainrule.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Substitution: rebuilds the part of a graph that {@code root} depends on with some nodes replaced,
 * through the factory (so the result is simplified again), in one ascending sweep. Inlining a
 * user's function and expanding names into inputs are both this.
 */
public final class Rebuild {
    private Rebuild() {}

    public static Node substitute(Graph g, Node root, Map<Node, Node> replacements) {
        return substituteAll(g, List.of(root), replacements).get(0);
    }

    public static List<Node> substituteAll(
            Graph g, List<Node> roots, Map<Node, Node> replacements) {
        Map<Integer, Node> done = new HashMap<>();
        for (int id : Evaluator.reachableIds(roots)) {
            Node n = g.node(id);
            Node replacement = replacements.get(n);
            done.put(id, replacement != null ? replacement : rebuild(g, n, done));
        }
        List<Node> out = new ArrayList<>(roots.size());
        for (Node r : roots) {
            out.add(done.get(r.id()));
        }
        return out;
    }

    private static Node rebuild(Graph g, Node n, Map<Integer, Node> done) {
        List<Node> kids = new ArrayList<>(n.children().size());
        for (Node c : n.children()) {
            kids.add(done.get(c.id()));
        }
        return rebuild(g, n, kids);
    }

    /** {@code n} with its children replaced by {@code kids}, through the factory. */
    static Node rebuild(Graph g, Node n, List<Node> kids) {
        boolean same = true;
        for (int i = 0; i < kids.size(); i++) {
            same &= kids.get(i) == n.children().get(i);
        }
        if (same) {
            return n;
        }
        if (n instanceof Node.Sum s) {
            List<Node> terms = new ArrayList<>(kids.size() + 1);
            terms.add(g.constant(s.constant()));
            for (int i = 0; i < kids.size(); i++) {
                terms.add(g.scale(s.coefficients()[i], kids.get(i)));
            }
            return g.sum(terms);
        } else if (n instanceof Node.Product p) {
            List<Node> factors = new ArrayList<>(kids.size() + 1);
            factors.add(g.constant(p.coefficient()));
            for (int i = 0; i < kids.size(); i++) {
                factors.add(g.powInt(kids.get(i), p.exponents()[i]));
            }
            return g.product(factors);
        } else if (n instanceof Node.Power) {
            return g.pow(kids.get(0), kids.get(1));
        } else if (n instanceof Node.Apply a) {
            return g.apply(a.fn(), kids);
        } else if (n instanceof Node.Select) {
            return g.select(kids.get(0), kids.get(1), kids.get(2));
        } else if (n instanceof Node.Compare c) {
            return g.compare(c.op(), kids.get(0), kids.get(1));
        } else if (n instanceof Node.Logic l) {
            return switch (l.op()) {
                case AND -> g.and(kids.get(0), kids.get(1));
                case OR -> g.or(kids.get(0), kids.get(1));
                case NOT -> g.not(kids.get(0));
            };
        }
        throw new AssertionError(n); // leaves have no children, so they are never rebuilt
    }
}
