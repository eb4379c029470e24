package io.github.chainrule.graph;

import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * Evaluates nodes at a point in {@code double}, in ascending id (a topological order), with no
 * recursion. Every needed node is computed, but an {@code if} passes on only its chosen value, so a
 * NaN in an untaken branch never reaches a result. This is the oracle generated code is checked
 * against.
 */
public final class Evaluator {
    private Evaluator() {}

    /** Values of every node reachable from {@code roots}, indexed by id; NaN elsewhere. */
    public static double[] evaluate(Graph g, List<Node> roots, Map<String, Double> variables) {
        BitSet needed = reachable(g, roots);
        double[] v = new double[g.size()];
        for (int id = needed.nextSetBit(0); id >= 0; id = needed.nextSetBit(id + 1)) {
            v[id] = value(g.node(id), v, variables);
        }
        return v;
    }

    /** The nodes {@code roots} depend on: one descending sweep, since children have smaller ids. */
    public static BitSet reachable(Graph g, List<Node> roots) {
        BitSet needed = new BitSet(g.size());
        int max = -1;
        for (Node r : roots) {
            needed.set(r.id());
            max = Math.max(max, r.id());
        }
        for (int id = max; id >= 0; id = needed.previousSetBit(id - 1)) {
            if (needed.get(id)) {
                for (Node c : g.node(id).children()) {
                    needed.set(c.id());
                }
            }
            if (id == 0) {
                break;
            }
        }
        return needed;
    }

    /**
     * The ids {@code roots} depend on, ascending; proportional to their number, not to the graph's
     * size (a statement's expression is small, the graph around it may be huge).
     */
    public static int[] reachableIds(List<Node> roots) {
        java.util.HashSet<Integer> seen = new java.util.HashSet<>();
        java.util.ArrayDeque<Node> work = new java.util.ArrayDeque<>(roots);
        while (!work.isEmpty()) {
            Node n = work.pop();
            if (seen.add(n.id())) {
                work.addAll(n.children());
            }
        }
        return seen.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    private static double value(Node n, double[] v, Map<String, Double> variables) {
        if (n instanceof Node.Var x) {
            Double value = variables.get(x.name());
            return value == null ? Double.NaN : value;
        }
        return value(n, v);
    }

    /**
     * The value of a node that is not a {@link Node.Var}, from its children's values in {@code v}
     * (indexed by id): the one per-node arithmetic that every evaluator shares (the indexed
     * evaluator gives its leaves their values itself), so they agree bit for bit.
     *
     * @throws IllegalArgumentException for a {@link Node.Var}, whose value only the caller knows
     */
    public static double value(Node n, double[] v) {
        if (n instanceof Node.Const c) {
            return c.value();
        } else if (n instanceof Node.Var x) {
            throw new IllegalArgumentException("a variable's value comes from the point: " + x);
        } else if (n instanceof Node.Sum s) {
            return sumValue(s, v);
        } else if (n instanceof Node.Product p) {
            return productValue(p, v);
        } else if (n instanceof Node.Power p) {
            return Math.pow(v[p.base().id()], v[p.exponent().id()]);
        } else if (n instanceof Node.Apply a) {
            double[] args = new double[a.args().size()];
            for (int i = 0; i < args.length; i++) {
                args[i] = v[a.args().get(i).id()];
            }
            return a.fn().eval(args);
        } else if (n instanceof Node.Select s) {
            return v[s.condition().id()] != 0 ? v[s.ifTrue().id()] : v[s.ifFalse().id()];
        } else if (n instanceof Node.Compare c) {
            return c.op().test(v[c.left().id()], v[c.right().id()]) ? 1 : 0;
        } else if (n instanceof Node.Logic l) {
            return switch (l.op()) {
                case AND -> v[l.args().get(0).id()] != 0 && v[l.args().get(1).id()] != 0 ? 1 : 0;
                case OR -> v[l.args().get(0).id()] != 0 || v[l.args().get(1).id()] != 0 ? 1 : 0;
                case NOT -> v[l.args().get(0).id()] != 0 ? 0 : 1;
            };
        }
        throw new AssertionError(n);
    }

    /**
     * The constant (when it is not 0) and then each coefficient times its term, added in {@link
     * Arithmetic}'s pairwise order: the same operations, in the same order, as the generated code.
     */
    static double sumValue(Node.Sum s, double[] v) {
        int offset = s.constant() != 0 ? 1 : 0;
        int n = s.terms().size() + offset;
        return n == 0 ? 0 : sumRange(s, v, offset, 0, n);
    }

    /** Terms {@code [lo, hi)}; the recursion is as deep as log₂ of the number of terms. */
    private static double sumRange(Node.Sum s, double[] v, int offset, int lo, int hi) {
        int mid = Arithmetic.split(lo, hi);
        if (mid >= 0) {
            return sumRange(s, v, offset, lo, mid) + sumRange(s, v, offset, mid, hi);
        }
        double total = term(s, v, offset, lo);
        for (int i = lo + 1; i < hi; i++) {
            total += term(s, v, offset, i);
        }
        return total;
    }

    private static double term(Node.Sum s, double[] v, int offset, int i) {
        return i < offset
                ? s.constant()
                : s.coefficients()[i - offset] * v[s.terms().get(i - offset).id()];
    }

    /**
     * c · (Π of positive powers, and of reciprocals' powers) / (Π of the factors with exponent -1),
     * each power by repeated multiplication ({@link Arithmetic#byReciprocal}): the same operations,
     * in the same order, as the generated code.
     */
    static double productValue(Node.Product p, double[] v) {
        double numerator = p.coefficient();
        double denominator = 1;
        boolean hasDenominator = false;
        for (int i = 0; i < p.factors().size(); i++) {
            int e = p.exponents()[i];
            double x = v[p.factors().get(i).id()];
            if (e > 0) {
                numerator *= IntPow.pow(x, e);
            } else if (Arithmetic.byReciprocal(e)) {
                numerator *= IntPow.pow(1 / x, -e);
            } else {
                double power = IntPow.pow(x, -e);
                denominator = hasDenominator ? denominator * power : power;
                hasDenominator = true;
            }
        }
        return hasDenominator ? numerator / denominator : numerator;
    }
}
