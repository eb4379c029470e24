package io.github.chainrule.diff;

import io.github.chainrule.graph.Graph;
import io.github.chainrule.graph.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The gradient that generated code computes, in the mode that suits it. Reverse mode costs one
 * backward sweep whatever the number of variables, but the sweep reads the forward pass's values in
 * reverse, so they must all be kept (a tape). Forward mode costs one tangent sweep per variable and
 * keeps nothing: each tangent is computed beside its value and dropped with it. For one or two
 * variables, forward mode does about the same arithmetic with no tape, which is what a careful
 * human writes for, say, a long recurrence in two inputs; from three on, reverse mode. Both are the
 * chain rule, exactly; they differ in rounding only.
 */
public final class Gradient {
    /** Gradients with respect to at most this many variables are computed in forward mode. */
    private static final int FORWARD_MODE_MAX = 2;

    private Gradient() {}

    /** Whether a gradient in {@code variables} variables is computed in forward mode. */
    public static boolean inForwardMode(int variables) {
        return variables <= FORWARD_MODE_MAX;
    }

    /** d output / d each variable, zero where the output does not depend on it. */
    public static List<Node> of(Graph g, Node output, List<Node> variables) {
        if (!inForwardMode(variables.size())) {
            return Reverse.gradient(g, output, variables);
        }
        List<Map<Node, Node>> seedings = new ArrayList<>(variables.size());
        for (Node v : variables) {
            seedings.add(Map.of(v, g.constant(1)));
        }
        List<Node> out = new ArrayList<>(variables.size());
        for (List<Node> tangents : Forward.tangents(g, List.of(output), seedings)) {
            out.add(tangents.get(0));
        }
        return out;
    }
}
