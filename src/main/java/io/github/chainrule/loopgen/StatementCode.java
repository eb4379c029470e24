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
 * Indexed statements over one domain as one Java loop nest (one statement, or several that {@link
 * Schedule} fused, computed at each point in order, each part they share once): a {@code for} loop
 * per binder of the domain, outer first (row-major, as the evaluator runs it). Each part of the
 * body is computed in the outermost loop where its value is fixed ({@code W2[c, j] * dL_ds1[c]}
 * reads {@code dL_ds1[c]} once per {@code c}, not once per {@code (c, j)}): the same operations on
 * the same values, so the same bits, and an inner loop that only does what depends on its own
 * index. Each access is a row-major offset, its row's start computed once outside the innermost
 * loop of the access, so an inner loop over the last subscript walks memory with stride 1 (what C2
 * vectorises). A reduction accumulates in a local from 0 (or the first extreme for max and min); an
 * accumulation whose element does not move in the inner loops adds into a local and stores it once,
 * which adds the same numbers in the same order.
 */
final class StatementCode {
    /** How a name of the program is reached in the generated method. */
    sealed interface Binding permits ArrayBinding, ScalarValue, LocalElement {}

    /**
     * An array: its Java local, its extents, and the local holding where it starts inside that Java
     * array (null for 0): an input in a packed {@code x}, a wrt input's adjoint in {@code grad}.
     */
    record ArrayBinding(String java, List<Affine> extents, String start) implements Binding {}

    /** A scalar input passed as a {@code double}: its local. */
    record ScalarValue(String java) implements Binding {}

    /**
     * An element a recurrence keeps in a local across its positions (see {@link Context#local}):
     * read and assigned as the local.
     */
    record LocalElement(String java) implements Binding {}

    /** What a statement's code needs from the method around it. */
    interface Context {
        Graph graph();

        /** The Java int expression of a size: a local, or the class's constant of a fixed size. */
        String size(String name);

        boolean isSize(String name);

        Binding binding(String name);

        /**
         * In a recurrence, the local standing for element {@code array[subscripts]} of a statement
         * whose position binder is {@code position}, or null where the element is in its array.
         */
        default String local(String array, List<Affine> subscripts, String position) {
            return null;
        }

        /**
         * The slot of {@code array}'s element at row-major {@code offset} (null where the offset
         * moves with a binder), where the work space keeps only the elements the class accesses
         * ({@link Windows}); else null. Every element access asks, so that it is recorded.
         */
        default Long slot(String array, Poly offset) {
            return null;
        }
    }

    /** The statements of the nest, over one domain (the first one's binders). */
    private final List<Statement> group;

    /** Whether each statement stores its value where it would add it to a zero element. */
    private final List<Boolean> stores;

    /** The first statement: its domain is every statement's. */
    private final Statement s;

    /** Every statement's reads, by leaf name (one name means one element in all of them). */
    private final Map<String, IndexedProgram.Read> reads = new LinkedHashMap<>();

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

    /** Each statement's element. */
    private final List<Access> targets = new ArrayList<>();

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
            String local = position == null ? null : ctx.local(array, subscripts, binderName(0));
            binding = local != null ? new LocalElement(local) : ctx.binding(array);
            if (binding instanceof LocalElement) {
                return; // the same element at every point of the statement: level -1
            }
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
                Long slot = ctx.slot(array, coefficients.isEmpty() ? constant : null);
                if (slot != null) {
                    constant = Poly.constant(slot);
                }
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
            if (binding instanceof LocalElement v) {
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

    private StatementCode(
            List<Statement> group,
            List<Boolean> stores,
            Context ctx,
            NameAllocator names,
            String position) {
        this.group = group;
        this.stores = stores;
        this.s = group.get(0);
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
        neighbour = neighbours(group, stores);
        for (Statement t : group) {
            if (!t.domain().equals(s.domain())) {
                throw new IllegalArgumentException(
                        "line " + t.line() + ": a fused statement needs the nest's domain");
            }
            Access target = new Access(t.target(), t.lhs());
            if (target.binding instanceof ScalarValue) {
                throw new IllegalArgumentException(
                        "line " + t.line() + ": " + t.target() + " cannot be assigned");
            }
            if (neighbour[targets.size()] < 0 || lowerNeighbour(targets.size())) {
                accesses.add(target); // the upper neighbour stores only into the carry
            }
            targets.add(target);
            for (Map.Entry<String, IndexedProgram.Read> r : t.reads().entrySet()) {
                IndexedProgram.Read was = reads.putIfAbsent(r.getKey(), r.getValue());
                if (was != null && !was.equals(r.getValue())) {
                    throw new IllegalArgumentException(
                            "line " + t.line() + ": " + r.getKey() + " means two elements");
                }
            }
        }
        accumulators = new String[group.size()];
        from = new int[group.size()];
        negated = negations(group);
        if (position != null || depth != 1) {
            for (int n : neighbour) {
                if (n >= 0) {
                    throw new IllegalArgumentException(
                            "line "
                                    + s.line()
                                    + ": neighbouring stores need one loop of their own");
                }
            }
        }
        levels();
        for (int i = 0; i < group.size(); i++) {
            from[i] = localAccumulationFrom(i);
        }
    }

    /**
     * The statement's code. In a recurrence, {@code position} is the local of the position loop,
     * which stands for the first binder.
     */
    static CodeBlock of(Statement s, Context ctx, NameAllocator names, String position) {
        return of(List.of(s), List.of(false), ctx, names, position);
    }

    /**
     * One loop nest running {@code group}, statements over the same domain, at each point in order;
     * each part they share is computed once. Where {@code stores} says so, a statement stores
     * {@code 0.0 + value} (the bits of adding the value to a zero element) instead of adding. The
     * caller makes sure no statement reads what another writes.
     */
    static CodeBlock of(
            List<Statement> group,
            List<Boolean> stores,
            Context ctx,
            NameAllocator names,
            String position) {
        if (position != null && group.get(0).domain().isEmpty()) {
            throw new IllegalArgumentException(
                    "line "
                            + group.get(0).line()
                            + ": a statement of a recurrence needs its position");
        }
        StatementCode c = new StatementCode(group, stores, ctx, names, position);
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

    private static Optional<Node> condition(Statement t) {
        return t.store() instanceof IndexedProgram.Accumulate a ? a.firstWhere() : Optional.empty();
    }

    /** Each statement's body, and its condition after it where it has one. */
    private List<Node> roots() {
        List<Node> roots = new ArrayList<>();
        for (Statement t : group) {
            roots.add(t.body());
            condition(t).ifPresent(roots::add);
        }
        return roots;
    }

    /**
     * What the innermost loop computes: {@link #roots}, but where a body is the negation of an
     * earlier statement's body ({@link #negated}), that body, which {@link #consume} subtracts.
     */
    private List<Node> computedRoots() {
        List<Node> roots = new ArrayList<>();
        for (int i = 0; i < group.size(); i++) {
            Statement t = group.get(i);
            roots.add(negated[i] >= 0 ? group.get(negated[i]).body() : t.body());
            condition(t).ifPresent(roots::add);
        }
        return roots;
    }

    /**
     * Per statement, the earlier statement whose body is its body negated, else -1: lj's gather
     * adds {@code 2*t0*t7} at i where the scatter adds {@code -2*t0*t7} at j. The scatter subtracts
     * the gather's value instead of computing its own: {@code a - u} is {@code a + (-u)} and {@code
     * (-c*x)*y} is {@code -((c*x)*y)}, bit for bit (rounding is symmetric, and a product's sign is
     * its factors'), so nothing changes but two multiplications fewer.
     */
    private final int[] negated;

    private static int[] negations(List<Statement> group) {
        int[] out = new int[group.size()];
        for (int i = 0; i < group.size(); i++) {
            out[i] = -1;
            for (int j = 0; j < i && out[i] < 0; j++) {
                if (out[j] < 0 && negates(group.get(i).body(), group.get(j).body())) {
                    out[i] = j;
                }
            }
        }
        return out;
    }

    /**
     * Whether {@code a} is {@code -b} computed with the same operations: products whose
     * coefficients differ only in sign (not sums, where {@code x - x} is {@code +0.0} both ways).
     */
    static boolean negates(Node a, Node b) {
        return a instanceof Node.Product p
                && b instanceof Node.Product q
                && p.coefficient() == -q.coefficient()
                && p.coefficient() != 0
                && p.factors().equals(q.factors())
                && java.util.Arrays.equals(p.exponents(), q.exponents());
    }

    /**
     * Per statement, the other statement storing into the same one-dimensional array at the
     * neighbouring element ({@link Schedule#coverAsNeighbours}), else -1.
     */
    private final int[] neighbour;

    /** Each pair's carry: what the point before added to the element the lower store writes. */
    private final Map<Integer, String> carries = new LinkedHashMap<>();

    /** The upper store's value, where it is computed before the lower store uses the carry. */
    private final Map<Integer, String> pending = new HashMap<>();

    private static int[] neighbours(List<Statement> group, List<Boolean> stores) {
        int[] out = new int[group.size()];
        java.util.Arrays.fill(out, -1);
        for (int i = 0; i < group.size(); i++) {
            for (int j = 0; j < group.size(); j++) {
                if (i != j
                        && stores.get(i)
                        && stores.get(j)
                        && group.get(i).target().equals(group.get(j).target())) {
                    out[i] = j;
                }
            }
        }
        return out;
    }

    /**
     * Whether statement {@code i} is the lower of a neighbouring pair (writes {@code t[i + c]}).
     */
    private boolean lowerNeighbour(int i) {
        return Schedule.neighbourOffset(group.get(i))
                < Schedule.neighbourOffset(group.get(neighbour[i]));
    }

    /** Before the loop: each pair's carry, 0.0 (nothing added yet to the first element). */
    private void openCarries(CodeBlock.Builder b) {
        for (int i = 0; i < group.size(); i++) {
            if (neighbour[i] >= 0 && lowerNeighbour(i)) {
                String carry = names.newName("carry");
                carries.put(i, carry);
                b.addStatement("double $N = 0.0", carry);
            }
        }
    }

    /** After the loop: the last element, which only the upper store adds to. */
    private void closeCarries(CodeBlock.Builder b) {
        for (Map.Entry<Integer, String> e : carries.entrySet()) {
            Statement lower = group.get(e.getKey());
            ArrayBinding a = (ArrayBinding) targets.get(e.getKey()).binding;
            Affine last = s.domain().get(0).hi().plus(Schedule.neighbourOffset(lower));
            Long slot = ctx.slot(lower.target(), Poly.of(last));
            String index =
                    slot != null ? slot.toString() : Poly.of(last).java(this::intName, false);
            if (a.start() != null) {
                index =
                        a.start()
                                + " + "
                                + (index.matches("[A-Za-z0-9_]+") ? index : "(" + index + ")");
            }
            b.addStatement("$L[$L] = $N", a.java(), index, e.getValue());
        }
    }

    /**
     * A neighbouring store's value at a point: the lower store writes its element, the carry plus
     * its value; the upper one's value becomes the carry for the next point (after the lower store
     * has used the carry, whichever of the two comes first).
     */
    private void consumeNeighbour(CodeBlock.Builder b, int i, String atom, boolean negate) {
        String sign = negate ? "-" : "+";
        if (lowerNeighbour(i)) {
            String carry = carries.get(i);
            b.addStatement("$L = $N $L $L", targets.get(i).java(), carry, sign, atom);
            String upper = pending.remove(neighbour[i]);
            if (upper != null) {
                b.addStatement("$N = $N", carry, upper);
            }
            return;
        }
        String carry = carries.get(neighbour[i]);
        if (neighbour[i] > i) {
            String next = names.newName("next");
            b.addStatement("double $N = 0.0 $L $L", next, sign, atom);
            pending.put(i, next);
        } else {
            b.addStatement("$N = 0.0 $L $L", carry, sign, atom);
        }
    }

    // ---- levels ---------------------------------------------------------------------------

    private void levels() {
        int[] ids = Evaluator.reachableIds(roots());
        for (int id : ids) {
            Node n = graph.node(id);
            int l = -1;
            if (n instanceof Node.Var x) {
                IndexedProgram.Read read = reads.get(x.name());
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

    /**
     * Where statement {@code i}'s local accumulation starts: the first loop its element does not
     * move in.
     */
    private int localAccumulationFrom(int i) {
        Statement t = group.get(i);
        if (t.store() instanceof IndexedProgram.Accumulate a) {
            if (t.reduce().isPresent()) {
                return t.reduceFrom(); // a gather: target[lhs] += sum(body over the rest)
            }
            if (a.firstWhere().isPresent()) {
                return Integer.MAX_VALUE;
            }
            for (Statement other : group) {
                if (other != t && other.target().equals(t.target())) {
                    // another statement adds into the array meanwhile: a local copy of the element
                    // would lose what it adds
                    return Integer.MAX_VALUE;
                }
            }
            int from = Math.max(targets.get(i).deepest + 1, position != null ? 1 : 0);
            return from <= depth - 1 ? from : Integer.MAX_VALUE;
        }
        return t.reduce().isPresent() ? t.reduceFrom() : Integer.MAX_VALUE;
    }

    /** Each statement's accumulator while its loop runs, else null. */
    private final String[] accumulators;

    /** Each statement's {@link #localAccumulationFrom}. */
    private final int[] from;

    private String label;

    /** The code inside loop {@code k} (k = -1: before the loops). */
    private void level(CodeBlock.Builder b, int k) {
        boolean innermost = k == depth - 1;
        List<String> out = new ArrayList<>();
        int computed = prefix(b, k, out);
        if (innermost) {
            int at = computed;
            for (int i = 0; i < group.size(); i++) {
                boolean conditional = condition(group.get(i)).isPresent();
                consume(b, i, out.get(at), negated[i] >= 0, conditional ? out.get(at + 1) : null);
                at += conditional ? 2 : 1;
            }
            return;
        }
        if (k == -1 && unrolls()) {
            unrolled(b);
            return;
        }
        int next = k + 1;
        for (int i = 0; i < group.size(); i++) {
            if (next == from[i]) {
                openAccumulator(b, i);
            }
        }
        boolean search =
                condition(s).isPresent()
                        && next == ((IndexedProgram.Accumulate) s.store()).firstFrom();
        boolean loop = !(next == 0 && position != null);
        if (k == -1) {
            openCarries(b);
        }
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
        if (k == -1) {
            closeCarries(b);
        }
        for (int i = 0; i < group.size(); i++) {
            if (next == from[i]) {
                closeAccumulator(b, i);
            }
        }
    }

    /** Rows of a sum run together: four at a time. */
    static final int ROWS = 4;

    /**
     * A sum over the last index for each value of the first, {@code a[j] = sum(W[j, i] * x[i] for
     * i)}, small enough: its rows run {@link #ROWS} at a time, their sums in one loop over {@code
     * i}, so that what they share ({@code x[i]}) is loaded once and the four additions overlap;
     * then the rows left over one at a time. Each row's sum adds the same terms in the same order:
     * the same bits.
     */
    private boolean unrolls() {
        if (group.size() != 1 || position != null || depth != 2 || from[0] != 1) {
            return false;
        }
        if (s.reduce().isEmpty()
                || s.reduce().get() != IndexedProgram.ReduceOp.SUM
                || s.reduceFrom() != 1
                || condition(s).isPresent()) {
            return false;
        }
        IndexedProgram.Binder inner = s.domain().get(1);
        String outer = binderName(0);
        return !inner.lo().mentions(outer)
                && !inner.hi().mentions(outer)
                && Evaluator.reachableIds(roots()).length <= UNROLL_NODES;
    }

    /** The largest body {@link #unrolls} copies four times. */
    static final int UNROLL_NODES = 40;

    /** What one row of an unrolled sum has computed: its known values and its rows' starts. */
    private record Row(String binder, Map<Integer, String> known, Map<Access, String> bases) {}

    private void unrolled(CodeBlock.Builder b) {
        IndexedProgram.Binder outer = s.domain().get(0);
        IndexedProgram.Binder inner = s.domain().get(1);
        String j = binderJava.get(0);
        String i = binderJava.get(1);
        Map<Integer, String> before = new LinkedHashMap<>(known);
        b.addStatement("int $N = $L", j, Poly.of(outer.lo()).java(this::intName, false));
        String hi = Poly.of(outer.hi()).java(this::intName, false);
        // j < hi - 3, not j + 3 < hi, which could overflow
        b.beginControlFlow(
                "for (; $N < $L - $L; $N += $L)",
                j,
                hi.matches("[A-Za-z0-9_]+") ? hi : "(" + hi + ")",
                ROWS - 1,
                j,
                ROWS);
        List<Row> rows = new ArrayList<>();
        List<String> sums = new ArrayList<>();
        for (int q = 0; q < ROWS; q++) {
            String binder = j;
            if (q > 0) {
                binder = names.newName(j + q);
                b.addStatement("int $N = $N + $L", binder, j, q);
            }
            binderJava.set(0, binder);
            known.clear();
            known.putAll(before);
            for (Access a : accesses) {
                if (a.baseLevel() >= 0) {
                    a.base = null;
                }
            }
            prefix(b, 0, new ArrayList<>());
            openAccumulator(b, 0);
            sums.add(accumulators[0]);
            Map<Access, String> bases = new HashMap<>();
            accesses.forEach(a -> bases.put(a, a.base));
            rows.add(new Row(binder, new LinkedHashMap<>(known), bases));
        }
        b.beginControlFlow(
                "for (int $N = $L; $N < $L; $N++)",
                i,
                Poly.of(inner.lo()).java(this::intName, false),
                i,
                Poly.of(inner.hi()).java(this::intName, false),
                i);
        for (int q = 0; q < ROWS; q++) {
            restore(rows.get(q));
            accumulators[0] = sums.get(q);
            level(b, 1);
        }
        b.endControlFlow();
        for (int q = 0; q < ROWS; q++) {
            restore(rows.get(q));
            accumulators[0] = sums.get(q);
            closeAccumulator(b, 0);
        }
        b.endControlFlow();
        // the rows left over, one at a time
        binderJava.set(0, j);
        known.clear();
        known.putAll(before);
        for (Access a : accesses) {
            if (a.baseLevel() >= 0) {
                a.base = null;
            }
        }
        b.beginControlFlow("for (; $N < $L; $N++)", j, hi, j);
        level(b, 0);
        b.endControlFlow();
    }

    private void restore(Row row) {
        binderJava.set(0, row.binder());
        known.clear();
        known.putAll(row.known());
        row.bases().forEach((a, base) -> a.base = base);
    }

    /**
     * What the code inside loop {@code k} (k = -1: before the loops) computes first: the rows'
     * starts, the leaves, what inner loops read from here, and in the innermost loop the roots.
     * Adds the lowered results to {@code out}; gives how many precede the roots.
     */
    private int prefix(CodeBlock.Builder b, int k, List<String> out) {
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
                String java =
                        switch (leaf.kind()) {
                            case READ -> leaf.access().java();
                            // the binder's local now: an unrolled row has its own
                            case INDEX -> "(double) " + binderJava.get(k);
                            case SIZE -> leaf.java();
                        };
                known.put(leaf.node().id(), java);
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
            results.addAll(computedRoots());
        }
        out.addAll(lower(b, results, innermost));
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
        return computed;
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

    private void openAccumulator(CodeBlock.Builder b, int i) {
        Statement t = group.get(i);
        String accumulator = names.newName("acc");
        accumulators[i] = accumulator;
        String start;
        if (t.accumulates() && t.reduce().isEmpty()) {
            start = targets.get(i).java(); // the element, added to in a local
        } else {
            start =
                    switch (t.reduce().orElseThrow()) {
                        case SUM -> "0.0";
                        case MAX -> "Double.NEGATIVE_INFINITY";
                        case MIN -> "Double.POSITIVE_INFINITY";
                    };
        }
        b.addStatement("double $N = $L", accumulator, start);
    }

    private void closeAccumulator(CodeBlock.Builder b, int i) {
        Statement t = group.get(i);
        String target = targets.get(i).java();
        if (t.accumulates() && t.reduce().isPresent() && !stores.get(i)) {
            b.addStatement("$L += $N", target, accumulators[i]);
        } else {
            // a gather's sum starts at +0.0, so it is never -0.0: storing it gives the bits of
            // adding it to a zero element
            b.addStatement("$L = $N", target, accumulators[i]);
        }
        accumulators[i] = null;
    }

    /**
     * What the innermost loop does with statement {@code i}'s value (and its condition's): {@code
     * body}, or with {@code negate} the value whose negation is statement {@code i}'s.
     */
    private void consume(
            CodeBlock.Builder b, int i, String body, boolean negate, String condition) {
        Statement t = group.get(i);
        String accumulator = accumulators[i];
        String atom = body.matches("[A-Za-z0-9_.]+") ? body : "(" + body + ")";
        if (neighbour[i] >= 0) {
            consumeNeighbour(b, i, atom, negate);
            return;
        }
        String target = targets.get(i).java();
        // what is added (or subtracted): as the body is written where it is added
        String added = negate ? atom : body;
        String add = negate ? "-=" : "+=";
        if (negate) {
            body = "-" + atom;
        }
        if (condition != null) {
            b.beginControlFlow("if (($L) != 0.0)", condition);
            b.addStatement("$L $L $L", target, add, added);
            if (label != null) {
                b.addStatement("break $N", label);
            }
            b.endControlFlow();
            return;
        }
        if (accumulator == null) {
            if (stores.get(i)) {
                // 0.0 + v is v but for -0.0, which becomes +0.0 as in a zeroed element
                b.addStatement("$L = 0.0 $L $L", target, negate ? "-" : "+", atom);
            } else if (t.accumulates()) {
                b.addStatement("$L $L $L", target, add, added);
            } else {
                b.addStatement("$L = $L", target, body);
            }
            return;
        }
        IndexedProgram.ReduceOp op =
                t.reduce().isPresent() ? t.reduce().get() : IndexedProgram.ReduceOp.SUM;
        switch (op) {
            case SUM -> b.addStatement("$N $L $L", accumulator, add, added);
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
