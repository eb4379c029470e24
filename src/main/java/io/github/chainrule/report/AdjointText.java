package io.github.chainrule.report;

import io.github.chainrule.graph.Evaluator;
import io.github.chainrule.graph.Graph;
import io.github.chainrule.graph.Node;
import io.github.chainrule.graph.Printer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An adjoint's name has a slash in it ({@code dL/dL}), so in a quotient it would not parse: {@code
 * dL/dL/sum2}. Such a name is printed in parentheses where it is a factor of a product that divides
 * ({@code (dL/dL)/sum2}), and as it is everywhere else.
 */
final class AdjointText {
    private AdjointText() {}

    /** A printer for {@code roots}: {@code names}, and the adjoints in quotients parenthesised. */
    static Printer inQuotients(Map<Integer, String> names, List<Node> roots, Graph g) {
        Map<Integer, String> out = null;
        for (int id : Evaluator.reachableIds(roots)) {
            if (!(g.node(id) instanceof Node.Product p) || !divides(p, names)) {
                continue;
            }
            Deque<Node> factors = new ArrayDeque<>(p.factors());
            while (!factors.isEmpty()) {
                Node f = factors.pop();
                if (f instanceof Node.Product inner && !names.containsKey(inner.id())) {
                    factors.addAll(inner.factors());
                } else if (f instanceof Node.Var) {
                    String name = names.getOrDefault(f.id(), ((Node.Var) f).name());
                    if (name.contains("/")) {
                        if (out == null) {
                            out = new HashMap<>(names);
                        }
                        out.put(f.id(), "(" + name + ")");
                    }
                }
            }
        }
        return out == null ? null : new Printer(out);
    }

    /**
     * Whether {@code p} prints as a quotient: a negative exponent, in it or in a product it holds
     * unnamed (printed inline: {@code x * (1/cosh(u))^2} prints {@code x/cosh(u)^2}), or a power
     * with a negative constant exponent.
     */
    private static boolean divides(Node.Product p, Map<Integer, String> names) {
        Deque<Node.Product> work = new ArrayDeque<>(List.of(p));
        while (!work.isEmpty()) {
            Node.Product next = work.pop();
            for (int i = 0; i < next.factors().size(); i++) {
                Node f = next.factors().get(i);
                if (next.exponents()[i] < 0) {
                    return true;
                }
                if (f instanceof Node.Product inner && !names.containsKey(inner.id())) {
                    work.push(inner);
                } else if (f instanceof Node.Power pow
                        && pow.exponent() instanceof Node.Const c
                        && c.value() < 0) {
                    return true;
                } else if (Printer.printsAsQuotient(f) && !names.containsKey(f.id())) {
                    return true;
                }
            }
        }
        return false;
    }
}
