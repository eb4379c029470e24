package io.github.chainrule.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The expression DAG and the only factory of its nodes. Every factory method simplifies locally
 * (folds constants, drops identities, flattens and collects sums and products) and then interns on
 * the operation and the children's ids, so an expression built twice is one node. Children exist
 * before parents: ascending id is a topological order.
 */
public final class Graph {
    /** Integer powers up to this are products (multiplications); larger ones call Math.pow. */
    static final int MAX_PRODUCT_EXPONENT = 64;

    private final List<Node> nodes = new ArrayList<>();
    private final Map<Key, Node> interned = new HashMap<>();

    /**
     * Nodes whose value may be an exact zero chosen by a condition (see {@link Fn#MASKED_TIMES}).
     */
    private final BitSet selected = new BitSet();

    /**
     * Nodes that sums and products take as one term or factor, never flattening them (see {@link
     * #keepWhole}).
     */
    private final BitSet whole = new BitSet();

    public int size() {
        return nodes.size();
    }

    public Node node(int id) {
        return nodes.get(id);
    }

    /**
     * Whether an {@code if} (or relu, min, max) chose this value, or part of it, by a condition.
     */
    public boolean dependsOnChoice(Node n) {
        return selected.get(n.id());
    }

    /**
     * Makes later sums and products use {@code n} as one term or factor instead of flattening it.
     * The value of a named statement and a completed adjoint are used many times; flattening copies
     * them into every user, which loses the sharing and grows a chain of n steps into n² terms.
     * Within one statement, flattening is free and makes like terms meet.
     */
    public void keepWhole(Node n) {
        if (n instanceof Node.Sum || n instanceof Node.Product) {
            whole.set(n.id());
        }
    }

    /**
     * A sum or product larger than this is kept whole even when used once (see {@link
     * #keepWholeIfShared}).
     */
    static final int FLATTEN_LIMIT = 16;

    /**
     * Keeps {@code n} whole if it will be used more than once, or if it is large: flattening a
     * value into its only user costs nothing, but repeated along a chain of n steps it builds
     * products of n factors, n² in all.
     */
    public void keepWholeIfShared(Node n, int uses) {
        int size =
                n instanceof Node.Sum s
                        ? s.terms().size()
                        : n instanceof Node.Product p ? p.factors().size() : 0;
        if (uses > 1 || size > FLATTEN_LIMIT) {
            keepWhole(n);
        }
    }

    private boolean flattens(Node n) {
        return !whole.get(n.id());
    }

    // ---- leaves -------------------------------------------------------------------------------

    public Node.Const constant(double value) {
        double v = value == 0 ? 0.0 : value; // one zero: -0.0 would print and intern apart
        return (Node.Const)
                intern(
                        new Key(0, 0, new long[] {Double.doubleToLongBits(v)}),
                        id -> new Node.Const(id, v));
    }

    public Node.Var variable(String name) {
        return (Node.Var) intern(new Key(1, 0, new long[0], name), id -> new Node.Var(id, name));
    }

    // ---- arithmetic ---------------------------------------------------------------------------

    public Node add(Node a, Node b) {
        SumBuilder s = new SumBuilder();
        s.add(a, 1);
        s.add(b, 1);
        return s.build();
    }

    public Node sub(Node a, Node b) {
        SumBuilder s = new SumBuilder();
        s.add(a, 1);
        s.add(b, -1);
        return s.build();
    }

    public Node sum(List<Node> terms) {
        SumBuilder s = new SumBuilder();
        for (Node t : terms) {
            s.add(t, 1);
        }
        return s.build();
    }

    public Node neg(Node a) {
        return scale(-1, a);
    }

    public Node scale(double c, Node a) {
        SumBuilder s = new SumBuilder();
        s.add(a, c);
        return s.build();
    }

    public Node mul(Node a, Node b) {
        ProductBuilder p = new ProductBuilder();
        p.multiply(a, 1);
        p.multiply(b, 1);
        return p.build();
    }

    public Node product(List<Node> factors) {
        ProductBuilder p = new ProductBuilder();
        for (Node f : factors) {
            p.multiply(f, 1);
        }
        return p.build();
    }

    public Node div(Node a, Node b) {
        ProductBuilder p = new ProductBuilder();
        p.multiply(a, 1);
        p.multiply(b, -1);
        return p.build();
    }

    public Node square(Node a) {
        return powInt(a, 2);
    }

    public Node reciprocal(Node a) {
        return powInt(a, -1);
    }

    public Node powInt(Node a, int k) {
        ProductBuilder p = new ProductBuilder();
        p.multiply(a, k);
        return p.build();
    }

    public Node pow(Node base, Node exponent) {
        if (exponent instanceof Node.Const e) {
            double k = e.value();
            if (base instanceof Node.Const b) {
                return constant(Math.pow(b.value(), k));
            }
            if (k == Math.rint(k) && Math.abs(k) <= MAX_PRODUCT_EXPONENT) {
                return powInt(base, (int) k);
            }
        }
        if (base instanceof Node.Const b && b.value() == Math.E) {
            return apply(Fn.EXP, exponent);
        }
        return powerNode(base, exponent);
    }

    private Node powerNode(Node base, Node exponent) {
        return intern(new Key(4, 0, ids(base, exponent)), id -> new Node.Power(id, base, exponent));
    }

    // ---- functions and conditions ---------------------------------------------------------------

    public Node apply(Fn fn, Node... args) {
        return apply(fn, List.of(args));
    }

    public Node apply(Fn fn, List<Node> args) {
        if (args.size() != fn.arity()) {
            throw new IllegalArgumentException(fn.label() + " takes " + fn.arity() + " arguments");
        }
        if (args.stream().allMatch(a -> a instanceof Node.Const)) {
            double[] values = args.stream().mapToDouble(a -> ((Node.Const) a).value()).toArray();
            return constant(fn.eval(values));
        }
        if (fn == Fn.ZERO_TIMES
                && (args.get(0) instanceof Node.Const || args.get(1) instanceof Node.Const)) {
            // a constant first factor is 0 (then so is the product) or not (then it is the
            // product); a constant second factor is finite
            return args.get(0) instanceof Node.Const z && z.is(0)
                    ? constant(0)
                    : mul(args.get(0), args.get(1));
        }
        if (fn == Fn.MASKED_TIMES) {
            if (args.get(0) instanceof Node.Const z && z.is(0)) {
                return constant(0);
            }
            if (!dependsOnChoice(args.get(0)) || args.get(1) instanceof Node.Const) {
                return mul(args.get(0), args.get(1));
            }
        }
        List<Node> copy = List.copyOf(args);
        Node n = intern(new Key(5, fn.ordinal(), ids(copy)), id -> new Node.Apply(id, fn, copy));
        if (fn == Fn.MASKED_TIMES) {
            selected.set(n.id());
        }
        return n;
    }

    public Node select(Node condition, Node ifTrue, Node ifFalse) {
        if (condition instanceof Node.Const c) {
            return c.is(0) ? ifFalse : ifTrue;
        }
        if (ifTrue == ifFalse) {
            return ifTrue;
        }
        Node n =
                intern(
                        new Key(6, 0, ids(condition, ifTrue, ifFalse)),
                        id -> new Node.Select(id, condition, ifTrue, ifFalse));
        selected.set(n.id());
        return n;
    }

    public Node compare(Cmp op, Node left, Node right) {
        if (left instanceof Node.Const a && right instanceof Node.Const b) {
            return constant(op.test(a.value(), b.value()) ? 1 : 0);
        }
        return intern(
                new Key(7, op.ordinal(), ids(left, right)),
                id -> new Node.Compare(id, op, left, right));
    }

    public Node and(Node a, Node b) {
        if (a instanceof Node.Const c) {
            return c.is(0) ? c : b;
        }
        if (b instanceof Node.Const c) {
            return c.is(0) ? c : a;
        }
        return logic(LogicOp.AND, List.of(a, b));
    }

    public Node or(Node a, Node b) {
        if (a instanceof Node.Const c) {
            return c.is(0) ? b : c;
        }
        if (b instanceof Node.Const c) {
            return c.is(0) ? a : c;
        }
        return logic(LogicOp.OR, List.of(a, b));
    }

    public Node not(Node a) {
        if (a instanceof Node.Const c) {
            return constant(c.is(0) ? 1 : 0);
        }
        return logic(LogicOp.NOT, List.of(a));
    }

    private Node logic(LogicOp op, List<Node> args) {
        return intern(new Key(8, op.ordinal(), ids(args)), id -> new Node.Logic(id, op, args));
    }

    // ---- interning ------------------------------------------------------------------------------

    private interface Maker {
        Node make(int id);
    }

    private Node intern(Key key, Maker maker) {
        Node existing = interned.get(key);
        if (existing != null) {
            return existing;
        }
        Node n = maker.make(nodes.size());
        nodes.add(n);
        interned.put(key, n);
        for (Node child : n.children()) {
            if (selected.get(child.id()) && !Node.isCondition(n)) {
                selected.set(n.id());
                break;
            }
        }
        return n;
    }

    private static long[] ids(Node... ns) {
        long[] out = new long[ns.length];
        for (int i = 0; i < ns.length; i++) {
            out[i] = ns[i].id();
        }
        return out;
    }

    private static long[] ids(List<Node> ns) {
        long[] out = new long[ns.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ns.get(i).id();
        }
        return out;
    }

    private record Key(int kind, int tag, long[] data, String name) {
        Key(int kind, int tag, long[] data) {
            this(kind, tag, data, null);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k
                    && k.kind == kind
                    && k.tag == tag
                    && Arrays.equals(k.data, data)
                    && (name == null ? k.name == null : name.equals(k.name));
        }

        @Override
        public int hashCode() {
            return (kind * 31 + tag) * 31
                    + Arrays.hashCode(data)
                    + (name == null ? 0 : name.hashCode());
        }
    }

    // ---- canonical sums -------------------------------------------------------------------------

    /**
     * Accumulates {@code constant + Σ c·term}, flattening sums and splitting coefficients off
     * products.
     */
    private final class SumBuilder {
        private double constant;
        private final TreeMap<Integer, Double> coefficients = new TreeMap<>();

        void add(Node n, double c) {
            if (c == 0) {
                return;
            }
            if (n instanceof Node.Const k) {
                constant += c * k.value();
            } else if (n instanceof Node.Sum s && flattens(s)) {
                constant += c * s.constant();
                for (int i = 0; i < s.terms().size(); i++) {
                    addTerm(s.terms().get(i), c * s.coefficients()[i]);
                }
            } else if (n instanceof Node.Product p && p.coefficient() != 1 && flattens(p)) {
                addTerm(unitProduct(p), c * p.coefficient());
            } else {
                addTerm(n, c);
            }
        }

        private void addTerm(Node term, double c) {
            coefficients.merge(term.id(), c, Double::sum);
        }

        Node build() {
            coefficients.values().removeIf(c -> c == 0);
            mergeSelects();
            if (coefficients.isEmpty()) {
                return constant(constant);
            }
            if (constant == 0 && coefficients.size() == 1) {
                Map.Entry<Integer, Double> only = coefficients.firstEntry();
                return scaled(node(only.getKey()), only.getValue());
            }
            List<Node> terms = new ArrayList<>(coefficients.size());
            double[] cs = new double[coefficients.size()];
            long[] key = new long[1 + 2 * coefficients.size()];
            key[0] = Double.doubleToLongBits(constant == 0 ? 0.0 : constant);
            int i = 0;
            for (Map.Entry<Integer, Double> e : coefficients.entrySet()) {
                terms.add(node(e.getKey()));
                cs[i] = e.getValue();
                key[1 + 2 * i] = e.getKey();
                key[2 + 2 * i] = Double.doubleToLongBits(cs[i]);
                i++;
            }
            double k = constant == 0 ? 0.0 : constant;
            List<Node> frozen = List.copyOf(terms);
            return intern(new Key(2, 0, key), id -> new Node.Sum(id, k, frozen, cs));
        }

        /**
         * {@code if(c, a, b) + if(c, d, e)} is {@code if(c, a + d, b + e)}: one choice, not two.
         */
        private void mergeSelects() {
            Map<Integer, List<Integer>> byCondition = new LinkedHashMap<>();
            for (int id : coefficients.keySet()) {
                if (node(id) instanceof Node.Select s) {
                    byCondition.computeIfAbsent(s.condition().id(), k -> new ArrayList<>()).add(id);
                }
            }
            for (List<Integer> group : byCondition.values()) {
                if (group.size() < 2) {
                    continue;
                }
                List<Node> whenTrue = new ArrayList<>();
                List<Node> whenFalse = new ArrayList<>();
                Node condition = null;
                for (int id : group) {
                    Node.Select s = (Node.Select) node(id);
                    double c = coefficients.remove(id);
                    condition = s.condition();
                    whenTrue.add(scale(c, s.ifTrue()));
                    whenFalse.add(scale(c, s.ifFalse()));
                }
                Node merged = select(condition, sum(whenTrue), sum(whenFalse));
                add(merged, 1);
            }
            coefficients.values().removeIf(c -> c == 0);
        }
    }

    private Node scaled(Node term, double c) {
        if (c == 1) {
            return term;
        }
        if (term instanceof Node.Product p && flattens(p)) {
            return makeProduct(c * p.coefficient(), p.factors(), p.exponents());
        }
        return makeProduct(c, List.of(term), new int[] {1});
    }

    private Node unitProduct(Node.Product p) {
        return makeProduct(1, p.factors(), p.exponents());
    }

    // ---- canonical products ---------------------------------------------------------------------

    /**
     * Accumulates {@code coefficient · Π factor^exponent}, flattening products and folding
     * constants.
     */
    private final class ProductBuilder {
        private double coefficient = 1;
        private final TreeMap<Integer, Integer> exponents = new TreeMap<>();

        void multiply(Node n, int e) {
            if (n instanceof Node.Const k) {
                coefficient *= intPow(k.value(), e);
            } else if (n instanceof Node.Product p && flattens(p)) {
                coefficient *= intPow(p.coefficient(), e);
                for (int i = 0; i < p.factors().size(); i++) {
                    exponents.merge(p.factors().get(i).id(), p.exponents()[i] * e, Integer::sum);
                }
            } else {
                exponents.merge(n.id(), e, Integer::sum);
            }
        }

        Node build() {
            exponents.values().removeIf(e -> e == 0);
            if (coefficient == 0) {
                return constant(
                        0); // 0 · anything is 0: the convention that keeps derivatives clean
            }
            List<Node> factors = new ArrayList<>(exponents.size());
            int[] es = new int[exponents.size()];
            int i = 0;
            for (Map.Entry<Integer, Integer> e : exponents.entrySet()) {
                factors.add(node(e.getKey()));
                es[i++] = e.getValue();
            }
            return makeProduct(coefficient, factors, es);
        }
    }

    private Node makeProduct(double coefficient, List<Node> factors, int[] exponents) {
        if (factors.isEmpty() || coefficient == 0) {
            return constant(coefficient);
        }
        if (factors.size() == 1 && exponents[0] == 1) {
            Node only = factors.get(0);
            if (coefficient == 1) {
                return only;
            }
            // 2·(x - y) stays a product: distributed, it would not reuse the x - y the forward
            // pass computed (three operations instead of one in every derivative of a square);
            // what is printed is multiplied out where that reads shorter (Tidy)
        }
        for (int e : exponents) {
            if (Math.abs(e) > MAX_PRODUCT_EXPONENT) {
                return splitLargePowers(coefficient, factors, exponents);
            }
        }
        long[] key = new long[1 + 2 * factors.size()];
        key[0] = Double.doubleToLongBits(coefficient);
        for (int i = 0; i < factors.size(); i++) {
            key[1 + 2 * i] = factors.get(i).id();
            key[2 + 2 * i] = exponents[i];
        }
        List<Node> frozen = List.copyOf(factors);
        int[] es = exponents.clone();
        return intern(new Key(3, 0, key), id -> new Node.Product(id, coefficient, frozen, es));
    }

    /** x^100 is Math.pow(x, 100), not a hundred multiplications. */
    private Node splitLargePowers(double coefficient, List<Node> factors, int[] exponents) {
        ProductBuilder p = new ProductBuilder();
        p.multiply(constant(coefficient), 1);
        for (int i = 0; i < factors.size(); i++) {
            if (Math.abs(exponents[i]) > MAX_PRODUCT_EXPONENT) {
                p.multiply(powerNode(factors.get(i), constant(exponents[i])), 1);
            } else {
                p.multiply(factors.get(i), exponents[i]);
            }
        }
        return p.build();
    }

    private static double intPow(double v, int e) {
        return e == 1 ? v : e == -1 ? 1 / v : Math.pow(v, e);
    }
}
