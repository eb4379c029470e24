package io.github.chainrule.loopgen;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.NameAllocator;
import io.github.chainrule.graph.Evaluator;
import io.github.chainrule.graph.Graph;
import io.github.chainrule.graph.Node;
import io.github.chainrule.indexed.Affine;
import io.github.chainrule.indexed.IndexedProgram;
import io.github.chainrule.indexed.IndexedProgram.Statement;
import io.github.chainrule.javagen.LoopBody;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * One indexed statement as a Java loop nest: a {@code for} loop per binder of its domain, outer
 * first (row-major, as the evaluator runs it). Each part of the body is computed in the outermost
 * loop where its value is fixed ({@code W2[c, j] * dL_ds1[c]} reads {@code dL_ds1[c]} once per
 * {@code c}, not once per {@code (c, j)}): the same operations on the same values, so the same
 * bits, and an inner loop that only does what depends on its own index. Each access is a row-major
 * offset, its row's start computed once outside the innermost loop of the access, so an inner loop
 * over the last subscript walks memory with stride 1 (what C2 vectorises). A reduction accumulates
 * in a local from 0 (or the first extreme for max and min); an accumulation whose element does not
 * move in the inner loops adds into a local and stores it once, which adds the same numbers in the
 * same order.
 */
final class StatementCode {
    /** How a name of the program is reached in the generated method. */
    sealed interface Binding permits ArrayBinding, ScalarValue {}

    /**
     * An array: its Java local, its extents, and the local holding where it starts inside that Java
     * array (null for 0): an input in a packed {@code x}, a wrt input's adjoint in {@code grad}.
     */
    record ArrayBinding(String java, List<Affine> extents, String start) implements Binding {}

    /** A scalar input passed as a {@code double}: its local. */
    record ScalarValue(String java) implements Binding {}

    /** What a statement's code needs from the method around it. */
    interface Context {
        Graph graph();

        /** The Java int expression of a size: a local, or the class's constant of a fixed size. */
        String size(String name);

        boolean isSize(String name);

        Binding binding(String name);
    }

    private final Statement s;
    private final Context ctx;
    private final NameAllocator names;
    private final Graph graph;
    private final int depth;

    /** The position of a recurrence, whose loop is the caller's; null otherwise. */
    private final String position;

    private final List<String> binderJava = new ArrayList<>();
    private final Map<String, Integer> binderLevel = new HashMap<>();

    /** Each node's level: the deepest binder it depends on, -1 for none. */
    private final Map<Integer, Integer> level = new HashMap<>();

    /** The leaves (by node id) and their Java expressions, once their level is reached. */
    private final Map<Integer, Leaf> leaves = new LinkedHashMap<>();

    /** Nodes an inner loop reads from an outer one, by the level that computes them. */
    private final Map<Integer, List<Node>> exports = new HashMap<>();

    /** What is already computed: node id to its Java expression (an atom). */
    private final Map<Integer, String> known = new LinkedHashMap<>();

    private final List<Access> accesses = new ArrayList<>();
    private final Access target;

    private enum LeafKind {
        READ,
        INDEX,
        SIZE
    }

    private record Leaf(LeafKind kind, Node node, Access access, String java) {}

    /** An element access: its array, and its offset as a linear form in the binders. */
    private final class Access {
        final Binding binding;
        final Map<String, Poly> coefficients = new LinkedHashMap<>();
        Poly constant = Poly.constant(0);

        /** The deepest binder the offset depends on, -1 for none. */
        int deepest = -1;

        /** Java for the offset of everything but the deepest binder, once declared. */
        String base;

        Access(String array, List<Affine> subscripts) {
            binding = ctx.binding(array);
            if (binding instanceof ArrayBinding a) {
                if (a.extents().size() != subscripts.size()) {
                    throw new IllegalArgumentException(
                            "line "
                                    + s.line()
                                    + ": "
                                    + array
                                    + " has "
                                    + a.extents().size()
                                    + " dimensions but is read with "
                                    + subscripts.size());
                }
                // row-major: the offset is sum of subscript d times the product of later extents
                Poly stride = Poly.constant(1);
                for (int d = subscripts.size() - 1; d >= 0; d--) {
                    Affine sub = subscripts.get(d);
                    Poly sizesPart = Poly.constant(sub.constant());
                    for (Map.Entry<String, Long> t : sub.terms().entrySet()) {
                        Integer k = binderLevel.get(t.getKey());
                        if (k != null) {
                            coefficients.merge(t.getKey(), stride.times(t.getValue()), Poly::plus);
                        } else {
                            sizesPart =
                                    sizesPart.plus(
                                            Poly.of(Affine.symbol(t.getKey())).times(t.getValue()));
                        }
                    }
                    constant = constant.plus(sizesPart.times(stride));
                    stride = stride.times(Poly.of(a.extents().get(d)));
                }
                coefficients.values().removeIf(Poly::isZero);
                for (String b : coefficients.keySet()) {
                    deepest = Math.max(deepest, binderLevel.get(b));
                }
            } else if (!subscripts.isEmpty()) {
                throw new IllegalArgumentException(
                        "line " + s.line() + ": the scalar " + array + " is read with subscripts");
            }
        }

        /** The level whose loop body declares this access's base. */
        int baseLevel() {
            return Math.max(deepest - 1, -1);
        }

        /** The Java of the base: the start, the constant and the outer binders' terms. */
        String baseJava() {
            Poly p = constant;
            for (Map.Entry<String, Poly> c : coefficients.entrySet()) {
                if (binderLevel.get(c.getKey()) < deepest) {
                    p = p.plus(c.getValue().times(Poly.of(Affine.symbol(c.getKey()))));
                }
            }
            String start = ((ArrayBinding) binding).start();
            String text = p.java(StatementCode.this::intName, false);
            if (start == null) {
                return text;
            }
            return p.isZero() ? start : start + " + " + text;
        }

        /** {@code x[b + i]}, or the scalar's local. */
        String java() {
            if (binding instanceof ScalarValue v) {
                return v.java();
            }
            ArrayBinding a = (ArrayBinding) binding;
            if (deepest < 0) {
                return a.java() + "[" + base + "]";
            }
            String inner = binderJava.get(deepest);
            Poly c = coefficients.get(binderName(deepest));
            String term;
            if (c.isConstant(1)) {
                term = inner;
            } else {
                String coefficient = c.java(StatementCode.this::intName, false);
                term =
                        (coefficient.matches("[A-Za-z0-9_]+")
                                        ? coefficient
                                        : "(" + coefficient + ")")
                                + " * "
                                + inner;
            }
            String offset;
            if (base.equals("0")) {
                offset = term;
            } else if (base.matches("-[0-9]+")) {
                offset = term + " - " + base.substring(1); // t - 1, as the program writes it
            } else {
                offset = base + " + " + term;
            }
            return a.java() + "[" + offset + "]";
        }
    }

    private StatementCode(Statement s, Context ctx, NameAllocator names, String position) {
        this.s = s;
        this.ctx = ctx;
        this.names = names;
        this.graph = ctx.graph();
        this.depth = s.domain().size();
        this.position = position;
        for (int k = 0; k < depth; k++) {
            String index = s.domain().get(k).index();
            binderLevel.put(index, k);
            binderJava.add(k == 0 && position != null ? position : names.newName(index));
        }
        target = new Access(s.target(), s.lhs());
        if (!(target.binding instanceof ArrayBinding)) {
            throw new IllegalArgumentException(
                    "line " + s.line() + ": " + s.target() + " cannot be assigned");
        }
        accesses.add(target);
        levels();
    }

    /**
     * The statement's code. In a recurrence, {@code position} is the local of the position loop,
     * which stands for the first binder.
     */
    static CodeBlock of(Statement s, Context ctx, NameAllocator names, String position) {
        if (position != null && s.domain().isEmpty()) {
            throw new IllegalArgumentException(
                    "line " + s.line() + ": a statement of a recurrence needs its position");
        }
        StatementCode c = new StatementCode(s, ctx, names, position);
        CodeBlock.Builder b = CodeBlock.builder();
        c.level(b, -1);
        return b.build();
    }

    private String binderName(int k) {
        return s.domain().get(k).index();
    }

    /** A symbol of an index expression as Java: a binder's local, or a size. */
    private String intName(String symbol) {
        Integer k = binderLevel.get(symbol);
        return k != null ? binderJava.get(k) : ctx.size(symbol);
    }

    private Optional<Node> condition() {
        return s.store() instanceof IndexedProgram.Accumulate a ? a.firstWhere() : Optional.empty();
    }

    private List<Node> roots() {
        List<Node> roots = new ArrayList<>(List.of(s.body()));
        condition().ifPresent(roots::add);
        return roots;
    }

    // ---- levels ---------------------------------------------------------------------------

    private void levels() {
        int[] ids = Evaluator.reachableIds(roots());
        for (int id : ids) {
            Node n = graph.node(id);
            int l = -1;
            if (n instanceof Node.Var x) {
                IndexedProgram.Read read = s.reads().get(x.name());
                Integer k = binderLevel.get(x.name());
                Leaf leaf;
                if (read != null) {
                    Access a = new Access(read.array(), read.subscripts());
                    accesses.add(a);
                    l = a.deepest;
                    leaf = new Leaf(LeafKind.READ, n, a, null);
                } else if (k != null) {
                    l = k;
                    leaf = new Leaf(LeafKind.INDEX, n, null, "(double) " + binderJava.get(k));
                } else if (ctx.isSize(x.name())) {
                    leaf = new Leaf(LeafKind.SIZE, n, null, "(double) " + ctx.size(x.name()));
                } else {
                    throw new IllegalArgumentException(
                            "line "
                                    + s.line()
                                    + ": "
                                    + x.name()
                                    + " is neither a read, an index of the statement nor a size");
                }
                leaves.put(id, leaf);
            } else {
                for (Node c : n.children()) {
                    l = Math.max(l, level.get(c.id()));
                }
            }
            level.put(id, l);
        }
        for (int id : ids) {
            Node n = graph.node(id);
            for (Node c : n.children()) {
                if (!(c instanceof Node.Const) && level.get(c.id()) < level.get(id)) {
                    export(c);
                }
            }
        }
        for (Node r : roots()) {
            if (!(r instanceof Node.Const) && level.get(r.id()) < depth - 1) {
                export(r);
            }
        }
    }

    private void export(Node n) {
        List<Node> at = exports.computeIfAbsent(level.get(n.id()), k -> new ArrayList<>());
        if (!at.contains(n)) {
            at.add(n);
        }
    }

    // ---- code -----------------------------------------------------------------------------

    /** Where an accumulation's local starts: the first loop its element does not move in. */
    private int localAccumulationFrom() {
        if (s.store() instanceof IndexedProgram.Accumulate a) {
            if (s.reduce().isPresent()) {
                return s.reduceFrom(); // a gather: target[lhs] += sum(body over the rest)
            }
            if (a.firstWhere().isPresent()) {
                return Integer.MAX_VALUE;
            }
            int from = Math.max(target.deepest + 1, position != null ? 1 : 0);
            return from <= depth - 1 ? from : Integer.MAX_VALUE;
        }
        return s.reduce().isPresent() ? s.reduceFrom() : Integer.MAX_VALUE;
    }

    private String accumulator;
    private String label;

    /** The code inside loop {@code k} (k = -1: before the loops). */
    private void level(CodeBlock.Builder b, int k) {
        for (Access a : accesses) {
            if (a.binding instanceof ArrayBinding && a.baseLevel() == k && a.base == null) {
                String text = a.baseJava();
                if (text.matches("-?[A-Za-z0-9_]+")) {
                    a.base = text;
                } else {
                    a.base = names.newName(((ArrayBinding) a.binding).java() + "Row");
                    b.addStatement("int $N = $L", a.base, text);
                }
            }
        }
        for (Leaf leaf : leaves.values()) {
            if (level.get(leaf.node().id()) == k) {
                known.put(
                        leaf.node().id(),
                        leaf.kind() == LeafKind.READ ? leaf.access().java() : leaf.java());
            }
        }
        List<Node> results = new ArrayList<>();
        for (Node n : exports.getOrDefault(k, List.of())) {
            if (!known.containsKey(n.id())) {
                results.add(n);
            }
        }
        boolean innermost = k == depth - 1;
        int computed = results.size();
        if (innermost) {
            results.addAll(roots());
        }
        List<String> out = lower(b, results, innermost);
        for (int i = 0; i < computed; i++) {
            known.put(results.get(i).id(), asAtom(results.get(i), out.get(i)));
        }
        // a read an inner loop uses: loaded once, here
        for (Node n : exports.getOrDefault(k, List.of())) {
            Leaf leaf = leaves.get(n.id());
            if (leaf != null
                    && leaf.kind() == LeafKind.READ
                    && leaf.access().binding instanceof ArrayBinding
                    && depth - 1 > k) {
                String local = names.newName("v");
                b.addStatement("double $N = $L", local, known.get(n.id()));
                known.put(n.id(), local);
            }
        }
        if (innermost) {
            consume(b, out.get(computed), condition().isPresent() ? out.get(computed + 1) : null);
            return;
        }
        int next = k + 1;
        int from = localAccumulationFrom();
        if (next == from) {
            openAccumulator(b);
        }
        boolean search =
                condition().isPresent()
                        && next == ((IndexedProgram.Accumulate) s.store()).firstFrom();
        boolean loop = !(next == 0 && position != null);
        if (loop) {
            IndexedProgram.Binder binder = s.domain().get(next);
            String i = binderJava.get(next);
            if (search) {
                label = names.newName("search");
                b.add("$N:\n", label);
            }
            b.beginControlFlow(
                    "for (int $N = $L; $N < $L; $N++)",
                    i,
                    Poly.of(binder.lo()).java(this::intName, false),
                    i,
                    Poly.of(binder.hi()).java(this::intName, false),
                    i);
            level(b, next);
            b.endControlFlow();
        } else {
            level(b, next);
        }
        if (next == from) {
            closeAccumulator(b);
        }
    }

    /** Lowers {@code results} with everything known given; declares what it computes. */
    private List<String> lower(CodeBlock.Builder b, List<Node> results, boolean inline) {
        if (results.isEmpty()) {
            return List.of();
        }
        List<Node> given = new ArrayList<>();
        List<String> givenJava = new ArrayList<>();
        for (Map.Entry<Integer, String> e : known.entrySet()) {
            given.add(graph.node(e.getKey()));
            givenJava.add(e.getValue());
        }
        UnaryOperator<String> newName = names::newName;
        LoopBody.Lowered lowered =
                LoopBody.lower(graph, results, given, givenJava, inline, newName);
        for (String st : lowered.statements()) {
            b.addStatement("$L", st);
        }
        return lowered.results();
    }

    /** A computed value as an operand: a condition is given back as a boolean. */
    private static String asAtom(Node n, String java) {
        return Node.isCondition(n) ? "(" + java + " != 0.0)" : java;
    }

    private void openAccumulator(CodeBlock.Builder b) {
        accumulator = names.newName("acc");
        String start;
        if (s.accumulates() && s.reduce().isEmpty()) {
            start = target.java(); // the element, added to in a local
        } else {
            start =
                    switch (s.reduce().orElseThrow()) {
                        case SUM -> "0.0";
                        case MAX -> "Double.NEGATIVE_INFINITY";
                        case MIN -> "Double.POSITIVE_INFINITY";
                    };
        }
        b.addStatement("double $N = $L", accumulator, start);
    }

    private void closeAccumulator(CodeBlock.Builder b) {
        if (s.accumulates() && s.reduce().isPresent()) {
            b.addStatement("$L += $N", target.java(), accumulator);
        } else {
            b.addStatement("$L = $N", target.java(), accumulator);
        }
        accumulator = null;
    }

    /** What the innermost loop does with the body's value (and the condition's). */
    private void consume(CodeBlock.Builder b, String body, String condition) {
        if (condition != null) {
            b.beginControlFlow("if (($L) != 0.0)", condition);
            b.addStatement("$L += $L", target.java(), body);
            if (label != null) {
                b.addStatement("break $N", label);
            }
            b.endControlFlow();
            return;
        }
        if (accumulator == null) {
            b.addStatement("$L $L $L", target.java(), s.accumulates() ? "+=" : "=", body);
            return;
        }
        IndexedProgram.ReduceOp op =
                s.reduce().isPresent() ? s.reduce().get() : IndexedProgram.ReduceOp.SUM;
        switch (op) {
            case SUM -> b.addStatement("$N += $L", accumulator, body);
            case MAX, MIN -> {
                String v = body;
                if (!v.matches("[A-Za-z0-9_]+")) {
                    v = names.newName("v");
                    b.addStatement("double $N = $L", v, body);
                }
                // as the evaluator combines them: the running value first, so the first extreme
                // stays and a NaN goes as it does through max(max(t0, t1), t2)
                b.addStatement(
                        "$N = $N $L $N ? $N : $N",
                        accumulator,
                        accumulator,
                        op == IndexedProgram.ReduceOp.MAX ? ">=" : "<=",
                        v,
                        accumulator,
                        v);
            }
        }
    }
}
