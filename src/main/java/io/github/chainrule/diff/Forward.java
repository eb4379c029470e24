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
 * Forward mode: tangents in one ascending sweep, each node's tangent the sum over its children
 * of local partial × the child's tangent. One sweep gives a Jacobian-vector product; it is also
 * the independent check of reverse mode in the tests.
 */
public final class Forward {
    private Forward() {}

    /** The tangents of {@code roots} given the tangents of some variables (others are constant). */
    public static List<Node> tangents(Graph g, List<Node> roots, Map<Node, Node> seeds) {
        Map<Integer, Node> tangent = new HashMap<>();
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
            if (n instanceof Node.Var) {
                tangent.put(id, seeds.getOrDefault(n, zero));
                continue;
            }
            if (n instanceof Node.Select s) {
                tangent.put(id, g.select(s.condition(), tangent.get(s.ifTrue().id()), tangent.get(s.ifFalse().id())));
                continue;
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
            g.keepWholeIfShared(t, uses.getOrDefault(id, 0));
            tangent.put(id, t);
        }
        List<Node> out = new ArrayList<>(roots.size());
        for (Node r : roots) {
            out.add(tangent.get(r.id()));
        }
        return out;
    }
}
