package io.github.chainrule.emit;

import io.github.chainrule.graph.Evaluator;
import io.github.chainrule.graph.Graph;
import io.github.chainrule.graph.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The graph nodes some results need, as flat single-assignment statements in a topological order
 * (ascending node id): only what the results depend on (dead code is never reached), each shared
 * node computed once into a temporary, and a node used once folded into its user's statement
 * while that statement stays small. Products and integer powers become the multiplications
 * {@link io.github.chainrule.graph.Evaluator} performs, in the same order, so generated code and
 * evaluator agree to the last bit; sums and products with many operands become chains of partial
 * results, so no statement is long.
 *
 * <p>Values are numbered: the inputs first, then the seeds (the backward pass's {@code dL/do}),
 * then the temporaries in the order their statements run.
 */
final class Schedule {
    /** A statement holds at most this many operations once its single-use operands are folded in. */
    static final int MAX_WEIGHT = 8;
    /** …and nests them at most this deep. */
    static final int MAX_DEPTH = 6;
    /** A sum or product with more operands is computed as a chain of partial results. */
    static final int CHAIN = 16;

    enum Kind { INPUT, SEED, TEMP }

    /** A value of the generated code; {@code bool} for conditions. */
    record Value(Kind kind, int index, boolean bool) {}

    /** {@code value = expr}. */
    record Stmt(int value, Code expr) {}

    private final Graph graph;
    private final Map<String, Integer> leaves = new HashMap<>();
    private final List<Value> values = new ArrayList<>();
    private final List<Stmt> stmts = new ArrayList<>();
    private final List<Code> sinks = new ArrayList<>();
    private final int inputCount;
    private final int seedCount;
    private int temps;

    private Schedule(Graph graph, List<String> inputs, List<String> seeds) {
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
     * Schedules {@code results}, which may read the variables named in {@code inputs} (the
     * program's inputs, value i is input i) and {@code seeds} (variables of the graph standing for
     * the backward pass's seeds).
     */
    static Schedule of(Graph graph, List<Node> results, List<String> inputs, List<String> seeds) {
        Schedule s = new Schedule(graph, inputs, seeds);
        s.lower(results);
        return s;
    }

    List<Value> values() {
        return values;
    }

    List<Stmt> stmts() {
        return stmts;
    }

    /** What each result is: a {@link Code.Ref} to a value or a {@link Code.Literal}. */
    List<Code> sinks() {
        return sinks;
    }

    int inputCount() {
        return inputCount;
    }

    int seedCount() {
        return seedCount;
    }

    /** Which inputs and seeds (values {@code 0 .. inputCount + seedCount - 1}) the statements and results read. */
    boolean[] leavesRead() {
        int leaves = inputCount + seedCount;
        boolean[] read = new boolean[leaves];
        java.util.function.IntConsumer mark = v -> {
            if (v < leaves) {
                read[v] = true;
            }
        };
        for (Stmt s : stmts) {
            JavaCode.forEachRef(s.expr(), mark);
        }
        for (Code c : sinks) {
            JavaCode.forEachRef(c, mark);
        }
        return read;
    }

    // ---- lowering ---------------------------------------------------------------------------------

    private void lower(List<Node> results) {
        int[] ids = Evaluator.reachableIds(results);
        Map<Integer, Integer> uses = new HashMap<>();
        Set<Integer> mustBeAtom = new HashSet<>();
        for (int id : ids) {
            Node n = graph.node(id);
            List<Node> children = n.children();
            for (int i = 0; i < children.size(); i++) {
                uses.merge(children.get(i).id(), 1, Integer::sum);
                if (repeatsChild(n, i)) {
                    mustBeAtom.add(children.get(i).id());
                }
            }
        }
        Set<Integer> results0 = new HashSet<>();
        for (Node r : results) {
            results0.add(r.id());
        }
        Map<Integer, Code> ready = new HashMap<>();
        for (int id : ids) {
            Node n = graph.node(id);
            Code code = lowerNode(n, ready);
            boolean inline = uses.getOrDefault(id, 0) == 1 && !results0.contains(id) && !mustBeAtom.contains(id)
                    && JavaCode.weight(code) <= MAX_WEIGHT && JavaCode.depth(code) <= MAX_DEPTH;
            ready.put(id, inline || Code.isAtom(code) ? code : materialize(code, Node.isCondition(n)));
        }
        for (Node r : results) {
            Code c = ready.get(r.id());
            sinks.add(Node.isCondition(r) ? materialize(asNumber(c), false) : c);
        }
    }

    /** Whether {@code n} reads its child {@code i} more than once, which must then be a value. */
    private static boolean repeatsChild(Node n, int i) {
        if (n instanceof Node.Product p) {
            return Math.abs(p.exponents()[i]) >= 2;
        }
        if (n instanceof Node.Apply a) {
            return Code.mentions(a.fn().javaFormat(), i + 1) > 1;
        }
        return false;
    }

    private Code.Ref materialize(Code code, boolean bool) {
        int v = values.size();
        values.add(new Value(Kind.TEMP, temps++, bool));
        stmts.add(new Stmt(v, code));
        return new Code.Ref(v);
    }

    private Code lowerNode(Node n, Map<Integer, Code> ready) {
        if (n instanceof Node.Const c) {
            return new Code.Literal(c.value());
        } else if (n instanceof Node.Var v) {
            Integer value = leaves.get(v.name());
            if (value == null) {
                throw new AssertionError("a result reads " + v.name() + ", which is neither an input nor a seed");
            }
            return new Code.Ref(value);
        } else if (n instanceof Node.Sum s) {
            return sum(s, ready);
        } else if (n instanceof Node.Product p) {
            return product(p, ready);
        } else if (n instanceof Node.Power p) {
            return new Code.Call("Math.pow($1L, $2L)", List.of(number(p.base(), ready), number(p.exponent(), ready)), false);
        } else if (n instanceof Node.Apply a) {
            List<Code> args = new ArrayList<>(a.args().size());
            for (Node arg : a.args()) {
                args.add(number(arg, ready));
            }
            String format = a.fn().javaFormat();
            return new Code.Call(format, args, format.contains("?"));
        } else if (n instanceof Node.Select s) {
            return new Code.Choose(condition(s.condition(), ready), number(s.ifTrue(), ready), number(s.ifFalse(), ready));
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

    /** A child read as a number; a condition read as a number is 1 or 0, as the evaluator has it. */
    private static Code number(Node child, Map<Integer, Code> ready) {
        Code c = ready.get(child.id());
        return Node.isCondition(child) ? asNumber(c) : c;
    }

    private static Code condition(Node child, Map<Integer, Code> ready) {
        Code c = ready.get(child.id());
        return Node.isCondition(child) ? c : new Code.Compare(io.github.chainrule.graph.Cmp.NE, c, new Code.Literal(0));
    }

    private static Code asNumber(Code condition) {
        return new Code.Choose(condition, new Code.Literal(1), new Code.Literal(0));
    }

    /** {@code constant + Σ c·term} left to right, as the evaluator adds them; ±1 coefficients are signs. */
    private Code sum(Node.Sum s, Map<Integer, Code> ready) {
        Code acc = s.constant() != 0 ? new Code.Literal(s.constant()) : null;
        int inChain = acc == null ? 0 : 1;
        for (int i = 0; i < s.terms().size(); i++) {
            if (inChain == CHAIN) {
                acc = materialize(acc, false);
                inChain = 1;
            }
            Code t = number(s.terms().get(i), ready);
            double c = s.coefficients()[i];
            if (acc == null) {
                acc = c == 1 ? t : c == -1 ? new Code.Neg(t) : new Code.Binary(Code.Op.MUL, new Code.Literal(c), t);
            } else if (c == 1) {
                acc = new Code.Binary(Code.Op.ADD, acc, t);
            } else if (c == -1) {
                acc = new Code.Binary(Code.Op.SUB, acc, t);
            } else if (c > 0) {
                acc = new Code.Binary(Code.Op.ADD, acc, new Code.Binary(Code.Op.MUL, new Code.Literal(c), t));
            } else {
                acc = new Code.Binary(Code.Op.SUB, acc, new Code.Binary(Code.Op.MUL, new Code.Literal(-c), t));
            }
            inChain++;
        }
        return acc;
    }

    /**
     * {@code c · Π f^k (k > 0) / Π f^-k (k < 0)}, each power by repeated squaring as
     * {@link io.github.chainrule.graph.IntPow} does it; a coefficient of -1 is a final negation,
     * which rounds the same.
     */
    private Code product(Node.Product p, Map<Integer, Code> ready) {
        double c = p.coefficient();
        boolean anyPositive = false;
        for (int e : p.exponents()) {
            anyPositive |= e > 0;
        }
        boolean negate = c == -1 && anyPositive;
        Code num = c == 1 && anyPositive || negate ? null : new Code.Literal(c);
        Code den = null;
        int numChain = num == null ? 0 : 1;
        int denChain = 0;
        for (int i = 0; i < p.factors().size(); i++) {
            int e = p.exponents()[i];
            Code power = power(number(p.factors().get(i), ready), Math.abs(e));
            if (e > 0) {
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
                den = den == null ? power : new Code.Binary(Code.Op.MUL, den, power);
                denChain++;
            }
        }
        Code result = den == null ? num : new Code.Binary(Code.Op.DIV, num, den);
        return negate ? new Code.Neg(result) : result;
    }

    /** x^k for k >= 1 by repeated squaring: the operations of IntPow.pow, a square that is squared again kept in a temporary. */
    private Code power(Code x, int k) {
        Code result = null;
        Code base = x;
        while (k > 0) {
            if (k > 1 && !Code.isAtom(base)) {
                base = materialize(base, false);
            }
            if ((k & 1) != 0) {
                result = result == null ? base : new Code.Binary(Code.Op.MUL, result, base);
            }
            k >>= 1;
            if (k > 0) {
                base = new Code.Binary(Code.Op.MUL, base, base);
            }
        }
        return result;
    }
}
