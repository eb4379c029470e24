package io.github.chainrule.javagen;

import io.github.chainrule.graph.Arithmetic;
import io.github.chainrule.graph.Cmp;
import io.github.chainrule.graph.Evaluator;
import io.github.chainrule.graph.Graph;
import io.github.chainrule.graph.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * The graph nodes some results need, lowered into flat single-assignment statements ({@link
 * Statement}s over {@link Code}) in an order that keeps values short-lived ({@link
 * StatementOrder}): only what the results depend on (dead code is never reached), each shared node
 * computed once into a temporary, and a node used once folded into its user's statement while that
 * statement stays small. Sums, products and integer powers become the operations {@link
 * io.github.chainrule.graph.Evaluator} performs, in the same order ({@link Arithmetic}), so
 * generated code and evaluator agree to the last bit; long sums become trees of partial sums and
 * long products chains of partial products, so no statement is long.
 *
 * <p>Values are numbered: the inputs first, then the seeds (the backward pass's {@code dL/do}),
 * then the temporaries in the order their statements run.
 */
final class FlatStatements {
    /**
     * A statement holds at most this many operations once its single-use operands are folded in.
     */
    static final int MAX_WEIGHT = 8;

    /** …and nests them at most this deep. */
    static final int MAX_DEPTH = 6;

    /**
     * A sum with more terms is split into partial sums, a product with more factors into a chain of
     * partial products.
     */
    static final int CHAIN = 16;

    enum Kind {
        INPUT,
        SEED,
        TEMP
    }

    /** A value of the generated code; {@code bool} for conditions. */
    record Value(Kind kind, int index, boolean bool) {}

    private final Graph graph;
    private final Map<String, Integer> leaves = new HashMap<>();

    /** Nodes whose values are given (by id), as values of their own: a loop body's outer values. */
    private final Map<Integer, Integer> given = new HashMap<>();

    private final List<Value> values = new ArrayList<>();
    private final List<Statement> stmts = new ArrayList<>();
    private final List<Code> sinks = new ArrayList<>();

    /**
     * For a value x, the temporaries holding x^2, x^4, … by level (null where none is kept yet).
     */
    private final Map<Integer, List<Code.Ref>> squares = new HashMap<>();

    /** For a value x, the temporary holding 1/x, once a product needs it. */
    private final Map<Integer, Code.Ref> reciprocals = new HashMap<>();

    private final int inputCount;
    private final int seedCount;
    private int temps;

    private FlatStatements(Graph graph, List<String> inputs, List<String> seeds) {
        this.graph = graph;
        this.inputCount = inputs.size();
        this.seedCount = seeds.size();
        for (int i = 0; i < inputs.size(); i++) {
            leaves.put(inputs.get(i), values.size());
            values.add(new Value(Kind.INPUT, i, false));
        }
        for (int j = 0; j < seeds.size(); j++) {
            leaves.put(seeds.get(j), values.size());
            values.add(new Value(Kind.SEED, j, false));
        }
    }

    /**
     * Lowers {@code results}, which may read the variables named in {@code inputs} (the program's
     * inputs, value i is input i) and {@code seeds} (variables of the graph standing for the
     * backward pass's seeds). With {@code inlineResults}, a result that nothing else reads may stay
     * an expression (written straight into {@code return} or {@code grad[i] =}), which only
     * statements written into one method can use.
     */
    static FlatStatements of(
            Graph graph,
            List<Node> results,
            List<String> inputs,
            List<String> seeds,
            boolean inlineResults) {
        FlatStatements s = new FlatStatements(graph, inputs, seeds);
        s.lower(results, inlineResults);
        return s;
    }

    /**
     * Lowers {@code results} where the nodes {@code givenNodes} are already computed (value i is
     * given node i; a condition among them is a boolean value): nothing they depend on is lowered.
     * A loop body computes this way what its inner loop needs from the outer one ({@link
     * LoopBody}).
     */
    static FlatStatements given(
            Graph graph, List<Node> results, List<Node> givenNodes, boolean inlineResults) {
        FlatStatements s = new FlatStatements(graph, List.of(), List.of());
        for (int i = 0; i < givenNodes.size(); i++) {
            Node n = givenNodes.get(i);
            if (s.given.putIfAbsent(n.id(), s.values.size()) == null) {
                s.values.add(new Value(Kind.INPUT, i, Node.isCondition(n)));
            } else {
                throw new IllegalArgumentException("node " + n + " is given twice");
            }
        }
        s.lower(results, inlineResults);
        return s;
    }

    List<Value> values() {
        return values;
    }

    List<Statement> stmts() {
        return stmts;
    }

    /**
     * What each result is: a {@link Code.Ref} to a value or a {@link Code.Literal}, or any
     * expression when results are inlined.
     */
    List<Code> sinks() {
        return sinks;
    }

    int inputCount() {
        return inputCount;
    }

    int seedCount() {
        return seedCount;
    }

    /**
     * Which inputs and seeds (values {@code 0 .. inputCount + seedCount - 1}) the statements and
     * results read.
     */
    boolean[] leavesRead() {
        int leaves = inputCount + seedCount;
        boolean[] read = new boolean[leaves];
        IntConsumer mark =
                v -> {
                    if (v < leaves) {
                        read[v] = true;
                    }
                };
        for (Statement s : stmts) {
            s.expr().forEachRef(mark);
        }
        for (Code c : sinks) {
            c.forEachRef(mark);
        }
        return read;
    }

    // ---- lowering
    // ---------------------------------------------------------------------------------

    private void lower(List<Node> results, boolean inlineResults) {
        int[] ids = given.isEmpty() ? Evaluator.reachableIds(results) : reachableToGiven(results);
        // logistic functions sharing one exp(-|u|), written out (their values are the same bits)
        Map<Integer, Node> writtenOut = LogisticForms.expansions(graph, ids, given.keySet());
        if (!writtenOut.isEmpty()) {
            ids = withWrittenOut(ids, writtenOut);
        }
        Map<Integer, Integer> uses = new HashMap<>();
        Set<Integer> mustBeAtom = new HashSet<>();
        for (int id : ids) {
            Node n = graph.node(id);
            List<Node> children =
                    writtenOut.containsKey(id) ? List.of(writtenOut.get(id)) : n.children();
            for (int i = 0; i < children.size(); i++) {
                uses.merge(children.get(i).id(), 1, Integer::sum);
                if (!writtenOut.containsKey(id) && repeatsChild(n, i)) {
                    mustBeAtom.add(children.get(i).id());
                }
            }
        }
        Set<Integer> results0 = new HashSet<>();
        for (Node r : results) {
            if (inlineResults && !Node.isCondition(r)) {
                uses.merge(r.id(), 1, Integer::sum);
            } else {
                results0.add(r.id());
            }
        }
        for (Map.Entry<Integer, Node> w : writtenOut.entrySet()) {
            // a written-out node is read wherever the node it stands for is
            int as = w.getValue().id();
            uses.merge(as, uses.getOrDefault(w.getKey(), 0) - 1, Integer::sum);
            if (results0.contains(w.getKey())) {
                results0.add(as);
            }
        }
        Map<Integer, Code> ready = new HashMap<>();
        for (int id : ids) {
            Node n = graph.node(id);
            Node as = writtenOut.get(id);
            if (as != null) {
                ready.put(id, ready.get(as.id()));
                continue;
            }
            Code code = lowerNode(n, ready);
            boolean inline =
                    uses.getOrDefault(id, 0) == 1
                            && !results0.contains(id)
                            && !mustBeAtom.contains(id)
                            && code.weight() <= MAX_WEIGHT
                            && code.depth() <= MAX_DEPTH;
            ready.put(id, inline || code.isAtom() ? code : materialize(code, Node.isCondition(n)));
        }
        for (Node r : results) {
            Code c = ready.get(r.id());
            sinks.add(Node.isCondition(r) ? materialize(asNumber(c), false) : c);
        }
        List<Statement> ordered = StatementOrder.forLocality(stmts, values.size());
        stmts.clear();
        stmts.addAll(ordered);
        // temporaries are numbered in the order they run: t0, t1, … down the method
        int next = 0;
        for (Statement st : stmts) {
            Value v = values.get(st.value());
            values.set(st.value(), new Value(v.kind(), next++, v.bool()));
        }
    }

    /**
     * {@code ids} with the nodes each written-out node needs placed just before it (the written-out
     * forms are newer nodes, so ascending ids no longer put them first).
     */
    private int[] withWrittenOut(int[] ids, Map<Integer, Node> writtenOut) {
        Set<Integer> placed = new HashSet<>();
        List<Integer> order = new ArrayList<>();
        for (int id : ids) {
            Node as = writtenOut.get(id);
            if (as != null) {
                // what the form needs and is not placed yet (its argument, older, already is)
                List<Integer> needed = new ArrayList<>();
                java.util.ArrayDeque<Node> work = new java.util.ArrayDeque<>(List.of(as));
                Set<Integer> seen = new HashSet<>();
                while (!work.isEmpty()) {
                    Node n = work.pop();
                    if (!placed.contains(n.id()) && seen.add(n.id())) {
                        needed.add(n.id());
                        if (!given.containsKey(n.id())) {
                            work.addAll(n.children());
                        }
                    }
                }
                needed.sort(null);
                for (int n : needed) {
                    placed.add(n);
                    order.add(n);
                }
            }
            if (placed.add(id)) {
                order.add(id);
            }
        }
        return order.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The ids {@code results} depend on, ascending, not looking below a given node. */
    private int[] reachableToGiven(List<Node> results) {
        Set<Integer> seen = new HashSet<>();
        java.util.ArrayDeque<Node> work = new java.util.ArrayDeque<>(results);
        while (!work.isEmpty()) {
            Node n = work.pop();
            if (seen.add(n.id()) && !given.containsKey(n.id())) {
                work.addAll(n.children());
            }
        }
        return seen.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    /** Whether {@code n} reads its child {@code i} more than once, which must then be a value. */
    private static boolean repeatsChild(Node n, int i) {
        if (n instanceof Node.Product p) {
            return Math.abs(p.exponents()[i]) >= 2;
        }
        if (n instanceof Node.Apply a) {
            return Code.Call.mentions(a.fn(), i) > 1;
        }
        return false;
    }

    private Code.Ref materialize(Code code, boolean bool) {
        int v = values.size();
        values.add(new Value(Kind.TEMP, temps++, bool));
        stmts.add(new Statement(v, code));
        return new Code.Ref(v);
    }

    private Code lowerNode(Node n, Map<Integer, Code> ready) {
        Integer g = given.get(n.id());
        if (g != null) {
            return new Code.Ref(g);
        }
        if (n instanceof Node.Const c) {
            return new Code.Literal(c.value());
        } else if (n instanceof Node.Var v) {
            Integer value = leaves.get(v.name());
            if (value == null) {
                throw new AssertionError(
                        "a result reads " + v.name() + ", which is neither an input nor a seed");
            }
            return new Code.Ref(value);
        } else if (n instanceof Node.Sum s) {
            return sum(s, ready);
        } else if (n instanceof Node.Product p) {
            return product(p, ready);
        } else if (n instanceof Node.Power p) {
            return new Code.Pow(number(p.base(), ready), number(p.exponent(), ready));
        } else if (n instanceof Node.Apply a) {
            List<Code> args = new ArrayList<>(a.args().size());
            for (Node arg : a.args()) {
                args.add(number(arg, ready));
            }
            return new Code.Call(a.fn(), args);
        } else if (n instanceof Node.Select s) {
            return new Code.Choose(
                    condition(s.condition(), ready),
                    number(s.ifTrue(), ready),
                    number(s.ifFalse(), ready));
        } else if (n instanceof Node.Compare c) {
            return new Code.Compare(c.op(), number(c.left(), ready), number(c.right(), ready));
        } else if (n instanceof Node.Logic l) {
            List<Code> args = new ArrayList<>(l.args().size());
            for (Node arg : l.args()) {
                args.add(condition(arg, ready));
            }
            return new Code.Logic(l.op(), args);
        }
        throw new AssertionError(n);
    }

    /**
     * A child read as a number; a condition read as a number is 1 or 0, as the evaluator has it.
     */
    private static Code number(Node child, Map<Integer, Code> ready) {
        Code c = ready.get(child.id());
        return Node.isCondition(child) ? asNumber(c) : c;
    }

    private static Code condition(Node child, Map<Integer, Code> ready) {
        Code c = ready.get(child.id());
        return Node.isCondition(child) ? c : new Code.Compare(Cmp.NE, c, new Code.Literal(0));
    }

    private static Code asNumber(Code condition) {
        return new Code.Choose(condition, new Code.Literal(1), new Code.Literal(0));
    }

    /**
     * {@code constant + Σ c·term} in {@link Arithmetic}'s pairwise order, as the evaluator adds
     * them; ±1 coefficients are signs. The halves of a sum of more than {@link #CHAIN} terms are
     * values of their own, so no statement holds more than {@link #CHAIN} terms.
     */
    private Code sum(Node.Sum s, Map<Integer, Code> ready) {
        int offset = s.constant() != 0 ? 1 : 0;
        return sumRange(s, ready, offset, 0, s.terms().size() + offset);
    }

    private Code sumRange(Node.Sum s, Map<Integer, Code> ready, int offset, int lo, int hi) {
        int mid = Arithmetic.split(lo, hi);
        if (mid >= 0) {
            Code left = sumRange(s, ready, offset, lo, mid);
            Code right = sumRange(s, ready, offset, mid, hi);
            if (hi - lo > CHAIN) {
                left = left.isAtom() ? left : materialize(left, false);
                right = right.isAtom() ? right : materialize(right, false);
            }
            return new Code.Binary(Code.Op.ADD, left, right);
        }
        Code acc = null;
        for (int i = lo; i < hi; i++) {
            if (i < offset) {
                acc = new Code.Literal(s.constant());
                continue;
            }
            Code t = number(s.terms().get(i - offset), ready);
            double c = s.coefficients()[i - offset];
            if (acc == null) {
                acc =
                        c == 1
                                ? t
                                : c == -1
                                        ? new Code.Neg(t)
                                        : new Code.Binary(Code.Op.MUL, new Code.Literal(c), t);
            } else if (c == 1) {
                acc = new Code.Binary(Code.Op.ADD, acc, t);
            } else if (c == -1) {
                acc = new Code.Binary(Code.Op.SUB, acc, t);
            } else if (c > 0) {
                acc =
                        new Code.Binary(
                                Code.Op.ADD,
                                acc,
                                new Code.Binary(Code.Op.MUL, new Code.Literal(c), t));
            } else {
                acc =
                        new Code.Binary(
                                Code.Op.SUB,
                                acc,
                                new Code.Binary(Code.Op.MUL, new Code.Literal(-c), t));
            }
        }
        return acc;
    }

    /**
     * {@code c · Π f^k (k > 0) · Π (1/g)^k (k <= -2) / Π h (k = -1)}, each power by repeated
     * squaring as {@link io.github.chainrule.graph.IntPow} does it and each reciprocal computed
     * once per lowering ({@link Arithmetic#byReciprocal}); a coefficient of -1 is a final negation,
     * which rounds the same.
     */
    private Code product(Node.Product p, Map<Integer, Code> ready) {
        double c = p.coefficient();
        int[] exponents = p.exponents();
        if (c == 1 && exponents.length == 1 && exponents[0] == -1) {
            return reciprocal(number(p.factors().get(0), ready));
        }
        boolean anyNumerator = false;
        for (int e : exponents) {
            anyNumerator |= e > 0 || Arithmetic.byReciprocal(e);
        }
        boolean negate = c == -1 && anyNumerator;
        Code num = c == 1 && anyNumerator || negate ? null : new Code.Literal(c);
        Code den = null;
        int numChain = num == null ? 0 : 1;
        int denChain = 0;
        for (int i = 0; i < p.factors().size(); i++) {
            int e = exponents[i];
            Code factor = number(p.factors().get(i), ready);
            if (e > 0 || Arithmetic.byReciprocal(e)) {
                Code power = power(e > 0 ? factor : reciprocal(factor), Math.abs(e));
                if (numChain == CHAIN) {
                    num = materialize(num, false);
                    numChain = 1;
                }
                num = num == null ? power : new Code.Binary(Code.Op.MUL, num, power);
                numChain++;
            } else {
                if (denChain == CHAIN) {
                    den = materialize(den, false);
                    denChain = 1;
                }
                den = den == null ? factor : new Code.Binary(Code.Op.MUL, den, factor);
                denChain++;
            }
        }
        Code result = den == null ? num : new Code.Binary(Code.Op.DIV, num, den);
        return negate ? new Code.Neg(result) : result;
    }

    /** {@code 1/x}, kept in a temporary shared by every product that needs it when x is a value. */
    private Code reciprocal(Code x) {
        Code quotient = new Code.Binary(Code.Op.DIV, new Code.Literal(1), x);
        if (!(x instanceof Code.Ref r)) {
            return quotient;
        }
        return reciprocals.computeIfAbsent(r.value(), v -> materialize(quotient, false));
    }

    /**
     * x^k for k >= 1 by repeated squaring: the operations of IntPow.pow. A square that is squared
     * again or multiplied into the power is kept in a temporary, shared by every power of the same
     * x ({@code x^3} and {@code x^4} compute {@code x * x} once); a lone {@code x * x} stays inline
     * unless that square is already kept.
     */
    private Code power(Code x, int k) {
        Code result = null;
        Code base = x;
        int level = 0;
        while (k > 0) {
            if (level > 0
                    && (k > 1
                            || x instanceof Code.Ref
                                    && ((k & 1) != 0 && result != null || isKept(x, level)))) {
                base = square(x, level, base);
            }
            if ((k & 1) != 0) {
                result = result == null ? base : new Code.Binary(Code.Op.MUL, result, base);
            }
            k >>= 1;
            if (k > 0) {
                base = new Code.Binary(Code.Op.MUL, base, base);
                level++;
            }
        }
        return result;
    }

    private boolean isKept(Code x, int level) {
        List<Code.Ref> known = x instanceof Code.Ref r ? squares.get(r.value()) : null;
        return known != null && known.size() > level && known.get(level) != null;
    }

    /** The temporary holding x^(2^level), computed as {@code square}. */
    private Code.Ref square(Code x, int level, Code square) {
        if (!(x instanceof Code.Ref r)) {
            return materialize(square, false);
        }
        List<Code.Ref> known = squares.computeIfAbsent(r.value(), v -> new ArrayList<>());
        while (known.size() < level) {
            known.add(null);
        }
        if (known.size() == level) {
            known.add(materialize(square, false));
        } else if (known.get(level) == null) {
            known.set(level, materialize(square, false));
        }
        return known.get(level);
    }
}
