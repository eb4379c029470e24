package io.github.chainrule.javagen;

import io.github.chainrule.graph.Cmp;
import io.github.chainrule.graph.Fn;
import io.github.chainrule.graph.Graph;
import io.github.chainrule.graph.MathFunctions;
import io.github.chainrule.graph.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * sigmoid(u), softplus(u), softplus(-u) and sigmoid'(u)'s 1 - s each compute e = exp(-|u|) in their
 * helpers: a logistic loss and its gradient ({@code y*softplus(-z) + (1 - y)*softplus(z)}, {@code
 * sigmoid(z)}, {@code 1 - sigmoid(z)}) call exp four times and log twice on the same number. Where
 * two or more of them share |u|, each is written out in terms of one e = exp(-|u|) and one
 * log1p(e), with the helpers' operations in the helpers' order, so the values are their bits:
 * softplus(±u) = max(±u, 0) + log1p(e); sigmoid(u) = u >= 0 ? 1/(1 + e) : e/(1 + e); 1 - s = u <
 * 1.5 ? 1 - s : e/(1 + e).
 */
final class LogisticForms {
    private LogisticForms() {}

    /**
     * The written-out form of each such node among {@code ids} (not {@code given}), by node id; new
     * nodes are added to the graph.
     */
    static Map<Integer, Node> expansions(Graph g, int[] ids, Set<Integer> given) {
        Map<Integer, List<Node.Apply>> byMagnitude = new HashMap<>();
        for (int id : ids) {
            if (!given.contains(id) && g.node(id) instanceof Node.Apply a && logistic(a.fn())) {
                byMagnitude
                        .computeIfAbsent(magnitude(a.args().get(0)), k -> new ArrayList<>())
                        .add(a);
            }
        }
        Map<Integer, Node> out = new HashMap<>();
        for (List<Node.Apply> users : byMagnitude.values()) {
            if (users.size() < 2) {
                continue; // one helper call computes what it needs once
            }
            Node x = users.get(0).args().get(0);
            Node e = g.apply(Fn.EXP, g.neg(g.apply(Fn.ABS, x)));
            Node onePlusE = g.add(g.constant(1), e);
            Node eOverOnePlusE = g.div(e, onePlusE);
            for (Node.Apply a : users) {
                Node u = a.args().get(0);
                Node written =
                        switch (a.fn()) {
                            case SOFTPLUS ->
                                    g.add(g.apply(Fn.RELU, u), g.apply(Fn.LOG1P_BY_LOG, e));
                            case SIGMOID ->
                                    g.select(
                                            g.compare(Cmp.GE, u, g.constant(0)),
                                            g.reciprocal(onePlusE),
                                            eOverOnePlusE);
                            default -> // ONE_MINUS_SIGMOID(u, s)
                                    g.select(
                                            g.compare(
                                                    Cmp.LT,
                                                    u,
                                                    g.constant(MathFunctions.SIGMOID_STORED_BELOW)),
                                            g.sub(g.constant(1), a.args().get(1)),
                                            eOverOnePlusE);
                        };
                out.put(a.id(), written);
            }
        }
        return out;
    }

    /** The same number for u and -u (as the graph writes -u for a value u: -1·u). */
    private static int magnitude(Node u) {
        return u instanceof Node.Product p
                        && p.coefficient() == -1
                        && p.factors().size() == 1
                        && p.exponents()[0] == 1
                ? p.factors().get(0).id()
                : u.id();
    }

    private static boolean logistic(Fn fn) {
        return fn == Fn.SIGMOID || fn == Fn.SOFTPLUS || fn == Fn.ONE_MINUS_SIGMOID;
    }
}
