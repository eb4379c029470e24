package io.github.chainrule.diff;

import io.github.chainrule.graph.Evaluator;
import io.github.chainrule.graph.Graph;
import io.github.chainrule.graph.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Forward mode: tangents in one ascending sweep, each node's tangent the sum over its children of
 * local partial × the child's tangent. One sweep gives a Jacobian-vector product; it is also the
 * independent check of reverse mode in the tests.
 */
public final class Forward {
    private Forward() {}

    /** The tangents of {@code roots} given the tangents of some variables (others are constant). */
    public static List<Node> tangents(Graph g, List<Node> roots, Map<Node, Node> seeds) {
        return tangents(g, roots, List.of(seeds)).get(0);
    }

    /**
     * One sweep for several seedings at once: element k of the result is the tangents of {@code
     * roots} under {@code seedings.get(k)}. A node's tangents are made together, so they sit
     * together in the graph's order (generated code then computes them side by side).
     */
    public static List<List<Node>> tangents(
            Graph g, List<Node> roots, List<Map<Node, Node>> seedings) {
        int k = seedings.size();
        List<Map<Integer, Node>> tangent = new ArrayList<>(k);
        for (int j = 0; j < k; j++) {
            tangent.add(new HashMap<>());
        }
        Node zero = g.constant(0);
        int[] ids = Evaluator.reachableIds(roots);
        Map<Integer, Integer> uses = new HashMap<>();
        for (int id : ids) {
            for (Node c : g.node(id).children()) {
                uses.merge(c.id(), 1, Integer::sum);
            }
        }
        for (int id : ids) {
            Node n = g.node(id);
            for (int j = 0; j < k; j++) {
                tangent.get(j)
                        .put(
                                id,
                                tangent(
                                        g,
                                        n,
                                        tangent.get(j),
                                        seedings.get(j),
                                        zero,
                                        uses.getOrDefault(id, 0)));
            }
        }
        List<List<Node>> out = new ArrayList<>(k);
        for (int j = 0; j < k; j++) {
            List<Node> rootTangents = new ArrayList<>(roots.size());
            for (Node r : roots) {
                rootTangents.add(tangent.get(j).get(r.id()));
            }
            out.add(rootTangents);
        }
        return out;
    }

    /**
     * The tangent of {@code n}: the sum over its children of local partial × the child's tangent.
     */
    private static Node tangent(
            Graph g,
            Node n,
            Map<Integer, Node> tangent,
            Map<Node, Node> seeds,
            Node zero,
            int uses) {
        if (n instanceof Node.Var) {
            return seeds.getOrDefault(n, zero);
        }
        if (n instanceof Node.Select s) {
            return g.select(
                    s.condition(), tangent.get(s.ifTrue().id()), tangent.get(s.ifFalse().id()));
        }
        List<Node> parts = new ArrayList<>();
        List<Node> children = n.children();
        for (int i = 0; i < children.size(); i++) {
            Node t = tangent.get(children.get(i).id());
            if (t == null || (t instanceof Node.Const c && c.is(0))) {
                continue;
            }
            Optional<Node> local = Partials.partial(g, n, i);
            local.ifPresent(l -> parts.add(Partials.chain(g, t, l)));
        }
        Node t = parts.isEmpty() ? zero : g.sum(parts);
        g.keepWholeIfShared(t, uses);
        return t;
    }
}
