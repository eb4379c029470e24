package io.github.chainrule.diff;

import io.github.chainrule.graph.Fn;
import io.github.chainrule.graph.Graph;
import io.github.chainrule.graph.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The local partial derivative of a node with respect to one of its children: the label on a
 * backward edge of the diagram. Functions own theirs ({@link Fn#partial}); sums, products, powers
 * and choices are here. Conditions have none: they are not differentiated.
 */
public final class Partials {
    private Partials() {}

    /** ∂node/∂child(i), or empty when the child is a condition. */
    public static Optional<Node> partial(Graph g, Node n, int i) {
        if (n instanceof Node.Sum s) {
            return Optional.of(g.constant(s.coefficients()[i]));
        } else if (n instanceof Node.Product p) {
            return Optional.of(productPartial(g, p, i));
        } else if (n instanceof Node.Power p) {
            // each partial is 0 where its first factor is exactly 0: the limit where the other
            // factor is infinite, at x = 0 (x^y log x) and y = 0 (y x^(y-1)); see Fn.ZERO_TIMES
            if (i == 0) {
                Node e = p.exponent();
                return Optional.of(
                        g.apply(Fn.ZERO_TIMES, e, g.pow(p.base(), g.sub(e, g.constant(1)))));
            }
            return Optional.of(g.apply(Fn.ZERO_TIMES, n, g.apply(Fn.LOG, p.base())));
        } else if (n instanceof Node.Apply a) {
            return Optional.of(a.fn().partial(g, a.args(), n, i));
        } else if (n instanceof Node.Select s) {
            if (i == 0) {
                return Optional.empty();
            }
            Node one = g.constant(1);
            Node zero = g.constant(0);
            return Optional.of(
                    i == 1
                            ? g.select(s.condition(), one, zero)
                            : g.select(s.condition(), zero, one));
        }
        return Optional.empty(); // leaves, comparisons and logic
    }

    /**
     * ∂(c · Π f^k)/∂f_i = c · k_i · f_i^(k_i - 1) · Π_{j≠i} f_j^k_j: no division by f_i, which may
     * be 0.
     */
    private static Node productPartial(Graph g, Node.Product p, int i) {
        List<Node> factors = new ArrayList<>(p.factors().size() + 1);
        int k = p.exponents()[i];
        factors.add(g.constant(p.coefficient() * k));
        for (int j = 0; j < p.factors().size(); j++) {
            int e = j == i ? k - 1 : p.exponents()[j];
            factors.add(g.powInt(p.factors().get(j), e));
        }
        return g.product(factors);
    }

    /**
     * upstream × local, the chain rule's product, kept free of NaN from untaken branches: where the
     * upstream adjoint is zero because a condition chose another way, the product is zero even when
     * the local partial is NaN or infinite there (the derivative of sqrt at -1, say).
     */
    public static Node chain(Graph g, Node upstream, Node local) {
        if (local instanceof Node.Const || !g.dependsOnChoice(upstream)) {
            if (local instanceof Node.Select s
                    && s.ifTrue() instanceof Node.Const
                    && s.ifFalse() instanceof Node.Const) {
                return g.select(
                        s.condition(), g.mul(upstream, s.ifTrue()), g.mul(upstream, s.ifFalse()));
            }
            return g.mul(upstream, local);
        }
        if (local instanceof Node.Select s
                && s.ifTrue() instanceof Node.Const
                && s.ifFalse() instanceof Node.Const) {
            return g.select(
                    s.condition(), g.mul(upstream, s.ifTrue()), g.mul(upstream, s.ifFalse()));
        }
        if (upstream instanceof Node.Select s) {
            if (isZero(s.ifFalse()) && !g.dependsOnChoice(s.ifTrue())) {
                return g.select(s.condition(), g.mul(s.ifTrue(), local), s.ifFalse());
            }
            if (isZero(s.ifTrue()) && !g.dependsOnChoice(s.ifFalse())) {
                return g.select(s.condition(), s.ifTrue(), g.mul(s.ifFalse(), local));
            }
        }
        return g.apply(Fn.MASKED_TIMES, upstream, local);
    }

    private static boolean isZero(Node n) {
        return n instanceof Node.Const c && c.is(0);
    }
}
