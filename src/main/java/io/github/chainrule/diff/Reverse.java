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
 * Reverse mode: one descending sweep over the nodes the outputs depend on. When a node is reached,
 * every node that reads it (all have larger ids) has already added its share, so its adjoint is
 * complete; it then hands each child upstream × local partial. The cost is a constant times the
 * size of the program, whatever the number of wrt variables.
 */
public final class Reverse {
    private Reverse() {}

    /**
     * The adjoints, seeded with {@code seeds.get(j)} on {@code outputs.get(j)}, keyed by node id.
     */
    public static Map<Integer, Node> adjoints(Graph g, List<Node> outputs, List<Node> seeds) {
        Map<Integer, List<Node>> contributions = new HashMap<>();
        for (int j = 0; j < outputs.size(); j++) {
            contributions
                    .computeIfAbsent(outputs.get(j).id(), k -> new ArrayList<>())
                    .add(seeds.get(j));
        }
        Map<Integer, Node> adjoint = new HashMap<>();
        int[] ids = Evaluator.reachableIds(outputs);
        for (int k = ids.length - 1; k >= 0; k--) {
            Node n = g.node(ids[k]);
            List<Node> parts = contributions.remove(n.id());
            if (parts == null) {
                continue;
            }
            Node adj = parts.size() == 1 ? parts.get(0) : g.sum(parts);
            if (adj instanceof Node.Const c && c.is(0)) {
                continue;
            }
            adjoint.put(n.id(), adj);
            List<Node> children = n.children();
            g.keepWholeIfShared(adj, differentiableChildren(children));
            for (int i = 0; i < children.size(); i++) {
                Node child = children.get(i);
                if (child instanceof Node.Const || Node.isCondition(child)) {
                    continue;
                }
                Optional<Node> local = Partials.partial(g, n, i);
                if (local.isPresent()) {
                    Node contribution = Partials.chain(g, adj, local.get());
                    contributions
                            .computeIfAbsent(child.id(), x -> new ArrayList<>())
                            .add(contribution);
                }
            }
        }
        return adjoint;
    }

    /**
     * How many contributions a node's adjoint feeds: one per child that is neither constant nor a
     * condition.
     */
    static int differentiableChildren(List<Node> children) {
        int count = 0;
        for (Node c : children) {
            if (!(c instanceof Node.Const) && !Node.isCondition(c)) {
                count++;
            }
        }
        return count;
    }

    /** d output / d each variable, zero where the output does not depend on it. */
    public static List<Node> gradient(Graph g, Node output, List<Node> variables) {
        return gradient(g, List.of(output), List.of(g.constant(1)), variables);
    }

    /** Σ_j seeds[j] · d outputs[j] / d each variable: the backward pass, in one sweep. */
    public static List<Node> gradient(
            Graph g, List<Node> outputs, List<Node> seeds, List<Node> variables) {
        Map<Integer, Node> adjoint = adjoints(g, outputs, seeds);
        List<Node> out = new ArrayList<>(variables.size());
        for (Node v : variables) {
            out.add(adjoint.getOrDefault(v.id(), g.constant(0)));
        }
        return out;
    }
}
