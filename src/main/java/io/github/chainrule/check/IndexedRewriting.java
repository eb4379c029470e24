package io.github.chainrule.check;

import io.github.chainrule.graph.Evaluator;
import io.github.chainrule.graph.Fn;
import io.github.chainrule.graph.Graph;
import io.github.chainrule.graph.Node;
import io.github.chainrule.graph.Printer;
import io.github.chainrule.graph.Rebuild;
import io.github.chainrule.graph.Rewriter;
import io.github.chainrule.graph.Rewrites;
import io.github.chainrule.indexed.Affine;
import io.github.chainrule.indexed.IndexedProgram;
import io.github.chainrule.indexed.IndexedProgram.Binder;
import io.github.chainrule.indexed.IndexedProgram.Read;
import io.github.chainrule.indexed.IndexedProgram.ReduceOp;
import io.github.chainrule.indexed.IndexedProgram.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rewrites toward stable forms (README, "Numerical robustness") applied to an indexed program,
 * as {@link Rewriting} applies them to a scalar one: each statement's body (each lifted reduction's
 * too) is rewritten by the element-wise rules of {@link Rewrites}, seeing through an element read
 * {@code a[j]} to the definition of {@code a} at that element, where {@code a} is defined by one
 * statement of its own outside any recurrence ({@code a[j] = sigmoid(z[j])}, read as {@code a[i]},
 * is {@code sigmoid(z[i])}). Then the one rule that needs statements of its own: {@code
 * log(sum(exp(e) for c))}, a logarithm of a lifted sum of exponentials read nowhere else, becomes
 * {@code log(sum(exp(e - m) for c)) + m} with {@code m = max(e for c)} a new lifted max over the
 * same ranges, which no exponential overflows in. {@code m} is one of the program's {@link
 * IndexedProgram#shifts}: its derivative cancels ({@code 1 - sum(softmax) = 0}), so it is not
 * taken, and the gradient is the softmax {@code exp(e - m)/sum(exp(e - m))} exactly.
 */
public final class IndexedRewriting {
    /** Longer expressions are shortened in notes, as for scalar programs. */
    private static final int MAX_NOTE = 120;

    private final IndexedProgram program;
    private final Graph g;
    private final Map<String, Long> fixed;

    /** Every element read, by its leaf's name, including those the rewrites made. */
    private final Map<String, Read> readsByLeaf = new HashMap<>();

    /** The (rewritten) statement of each array that can be seen through. */
    private final Map<String, Statement> seeThrough = new HashMap<>();

    /** How many statements assign each array, and read it. */
    private final Map<String, Integer> assigned = new HashMap<>();

    private final Map<String, Integer> readers = new HashMap<>();

    /** Definitions at an element, by the element's leaf name: computed once. */
    private final Map<String, Optional<Node>> atElement = new HashMap<>();

    /** The statements as rewritten so far (the same object where nothing changed). */
    private final Map<Statement, Statement> replaced = new LinkedHashMap<>();

    /** New statements (the shifts) to run just before a statement, by its target. */
    private final Map<String, Statement> shiftBefore = new HashMap<>();

    /** The printed text of each lifted reduction's leaf, for the notes. */
    private final Map<Integer, String> reductionTexts = new HashMap<>();

    private final Map<String, Integer> liftedCount = new HashMap<>();
    private final Set<String> shifts = new LinkedHashSet<>();
    private final List<IndexedProgram.Rewrite> notes = new ArrayList<>();

    private IndexedRewriting(IndexedProgram program) {
        this.program = program;
        this.g = program.graph();
        this.fixed = program.fixedSizes();
    }

    /** {@code program} rewritten toward stable forms; {@code program} itself if nothing applies. */
    public static IndexedProgram apply(IndexedProgram program) {
        return new IndexedRewriting(program).run();
    }

    private IndexedProgram run() {
        for (IndexedProgram.Step step : program.steps()) {
            for (Statement s : statementsOf(step)) {
                readsByLeaf.putAll(s.reads());
                assigned.merge(s.target(), 1, Integer::sum);
                for (String array : new LinkedHashSet<>(arraysRead(s))) {
                    readers.merge(array, 1, Integer::sum);
                }
                int at = s.target().indexOf('@');
                if (at >= 0) {
                    int k = Integer.parseInt(s.target().substring(at + 1));
                    liftedCount.merge(s.target().substring(0, at), k, Math::max);
                }
            }
        }
        for (IndexedProgram.Step step : program.steps()) {
            boolean single = step instanceof IndexedProgram.Single;
            for (Statement s : statementsOf(step)) {
                Statement r = rewrite(s);
                replaced.put(s, r);
                if (single && canSeeThrough(r)) {
                    seeThrough.put(r.target(), r);
                }
                if (r.reduce().isPresent()) {
                    textOf(r);
                }
            }
        }
        if (notes.isEmpty()) {
            return program;
        }
        return new IndexedProgram(
                program.source(),
                g,
                program.sizes(),
                program.inputs(),
                arrays(),
                steps(),
                program.wrt(),
                program.outputs(),
                Set.copyOf(shifts),
                List.copyOf(notes));
    }

    private static List<String> arraysRead(Statement s) {
        List<String> out = new ArrayList<>();
        s.reads().values().forEach(r -> out.add(r.array()));
        return out;
    }

    /**
     * Whether later statements may look into {@code s}: the only statement of its array, a map (no
     * reduction) whose left-hand side is its bare indices, so {@code a[sub]} is its body with the
     * indices replaced by {@code sub}. A statement holding a shifted log-sum-exp is not looked
     * into: a part of it taken alone would read the shifted sum as if it were the sum.
     */
    private boolean canSeeThrough(Statement s) {
        if (s.reduce().isPresent()
                || s.accumulates()
                || assigned.get(s.target()) != 1
                || s.reads().values().stream().anyMatch(r -> shifts.contains(r.array()))) {
            return false;
        }
        return s.lhs().stream().allMatch(a -> a.bareSymbol().isPresent());
    }

    // ---- one statement --------------------------------------------------------------------------

    private Statement rewrite(Statement s) {
        Printer printer = new Printer(reductionTexts);
        List<Rewriter.Applied> applied = new ArrayList<>();
        Node body = new Rewriter(g, this::definition).rewrite(s.body(), applied);
        for (Rewriter.Applied a : applied) {
            List<String> with = new ArrayList<>();
            for (String name : a.seen()) {
                with.add(name + " = " + shorten(printer, definition(name)));
            }
            String w = with.isEmpty() ? "" : " with " + String.join(", ", with);
            note(s, shorten(printer, a.before()) + w + " → " + shorten(printer, a.after()));
        }
        body = logSumExps(s, body);
        if (body == s.body()) {
            return s;
        }
        return withBody(s, body);
    }

    private void note(Statement s, String text) {
        notes.add(
                new IndexedProgram.Rewrite(s.target(), s.line(), "line " + s.line() + ": " + text));
    }

    private Statement withBody(Statement s, Node body) {
        return new Statement(
                s.target(),
                s.lhs(),
                s.domain(),
                s.reduce(),
                s.reduceFrom(),
                body,
                readsOf(body),
                s.line(),
                s.store());
    }

    /** The element reads among a body's leaves, in the order a walk meets them. */
    private Map<String, Read> readsOf(Node body) {
        Map<String, Read> out = new LinkedHashMap<>();
        for (int id : Evaluator.reachableIds(List.of(body))) {
            if (g.node(id) instanceof Node.Var v && readsByLeaf.containsKey(v.name())) {
                out.put(v.name(), readsByLeaf.get(v.name()));
            }
        }
        return out;
    }

    // ---- seeing through element reads ----------------------------------------------------------

    /**
     * The definition of the element a leaf reads ({@code a[i]} → {@code sigmoid(z[i])}), or null
     * for a leaf that is not such an element (an input, a lifted reduction, an index, a size).
     */
    private Node definition(String leaf) {
        return atElement.computeIfAbsent(leaf, this::computeDefinition).orElse(null);
    }

    private Optional<Node> computeDefinition(String leaf) {
        Read read = readsByLeaf.get(leaf);
        Statement d = read == null ? null : seeThrough.get(read.array());
        if (d == null) {
            return Optional.empty();
        }
        Map<String, Affine> at = new HashMap<>();
        for (int k = 0; k < d.lhs().size(); k++) {
            at.put(d.lhs().get(k).bareSymbol().orElseThrow(), read.subscripts().get(k));
        }
        Map<Node, Node> replacements = new HashMap<>();
        for (int id : Evaluator.reachableIds(List.of(d.body()))) {
            if (!(g.node(id) instanceof Node.Var v)) {
                continue;
            }
            Read inner = d.reads().get(v.name());
            if (inner != null) {
                List<Affine> subs = new ArrayList<>();
                inner.subscripts().forEach(a -> subs.add(substitute(a, at)));
                Read moved = new Read(inner.array(), List.copyOf(subs));
                String name = IndexedScope.leafName(moved);
                readsByLeaf.putIfAbsent(name, moved);
                replacements.put(v, g.variable(name));
            } else if (at.containsKey(v.name())) {
                replacements.put(v, valueOf(at.get(v.name()))); // an index used as a value
            }
        }
        return Optional.of(Rebuild.substitute(g, d.body(), replacements));
    }

    /** {@code a} with its symbols replaced all at once (so {@code i → j, j → i} swaps them). */
    private static Affine substitute(Affine a, Map<String, Affine> at) {
        Affine out = Affine.of(a.constant());
        for (Map.Entry<String, Long> t : a.terms().entrySet()) {
            Affine v = at.getOrDefault(t.getKey(), Affine.symbol(t.getKey()));
            out = out.plus(v.times(t.getValue()));
        }
        return out;
    }

    /** An affine expression as a value: a fixed size is its number, the rest are leaves. */
    private Node valueOf(Affine a) {
        List<Node> terms = new ArrayList<>();
        terms.add(g.constant(a.constant()));
        for (Map.Entry<String, Long> t : a.terms().entrySet()) {
            Long v = fixed.get(t.getKey());
            Node leaf = v != null ? g.constant(v) : g.variable(t.getKey());
            terms.add(g.scale(t.getValue(), leaf));
        }
        return g.sum(terms);
    }

    // ---- the indexed log-sum-exp ----------------------------------------------------------------

    /**
     * Every {@code log(S)} of {@code body} where {@code S} reads a lifted sum of exponentials that
     * nothing else reads, shifted by the maximum of their exponents.
     */
    private Node logSumExps(Statement reader, Node body) {
        Map<Integer, Integer> uses = new HashMap<>();
        for (int id : Evaluator.reachableIds(List.of(body))) {
            for (Node c : g.node(id).children()) {
                uses.merge(c.id(), 1, Integer::sum);
            }
        }
        Map<Node, Node> replacements = new HashMap<>();
        for (int id : Evaluator.reachableIds(List.of(body))) {
            Node n = g.node(id);
            if (!(n instanceof Node.Apply log)
                    || log.fn() != Fn.LOG
                    || !(log.args().get(0) instanceof Node.Var leaf)
                    || uses.getOrDefault(leaf.id(), 0) != 1) {
                continue;
            }
            Read read = readsByLeaf.get(leaf.name());
            Statement sum = read == null ? null : liftedSum(read.array());
            if (sum == null || readers.getOrDefault(sum.target(), 0) != 1) {
                continue;
            }
            Node e = exponent(sum.body());
            if (e == null) {
                continue;
            }
            replacements.put(n, shift(reader, leaf, read, sum, e));
        }
        return replacements.isEmpty() ? body : Rebuild.substitute(g, body, replacements);
    }

    /** The rewritten statement of a lifted sum named {@code array}, or null. */
    private Statement liftedSum(String array) {
        if (!array.contains("@")) {
            return null;
        }
        for (Statement s : replaced.values()) {
            if (s.target().equals(array)
                    && s.reduce().equals(Optional.of(ReduceOp.SUM))
                    && !s.accumulates()) {
                return s;
            }
        }
        return null;
    }

    /** e, for a body {@code exp(e)}, or an element read defined as one; else null. */
    private Node exponent(Node body) {
        Node b = body;
        if (b instanceof Node.Var v && definition(v.name()) != null) {
            b = definition(v.name());
        }
        return b instanceof Node.Apply a && a.fn() == Fn.EXP ? a.args().get(0) : null;
    }

    /**
     * {@code log(S)} as {@code log(S') + m}: adds {@code m = max(e)} over the sum's ranges, to run
     * just before it, and makes the sum {@code S' = sum(exp(e - m))}. Returns the new form.
     */
    private Node shift(Statement reader, Node.Var leaf, Read read, Statement sum, Node e) {
        String base = sum.target().substring(0, sum.target().indexOf('@'));
        String name = base + "@" + liftedCount.merge(base, 1, Integer::sum);
        Statement max =
                new Statement(
                        name,
                        sum.lhs(),
                        sum.domain(),
                        Optional.of(ReduceOp.MAX),
                        sum.reduceFrom(),
                        e,
                        readsOf(e),
                        sum.line());
        shifts.add(name);
        shiftBefore.put(sum.target(), max);
        Read inSum = new Read(name, sum.lhs());
        Read inReader = new Read(name, read.subscripts());
        readsByLeaf.put(IndexedScope.leafName(inSum), inSum);
        readsByLeaf.put(IndexedScope.leafName(inReader), inReader);
        Node mInSum = g.variable(IndexedScope.leafName(inSum));
        Node mInReader = g.variable(IndexedScope.leafName(inReader));
        Statement shifted = withBody(sum, g.apply(Fn.EXP, g.sub(e, mInSum)));
        for (Map.Entry<Statement, Statement> en : replaced.entrySet()) {
            if (en.getValue() == sum) {
                en.setValue(shifted);
            }
        }
        Node out = g.add(g.apply(Fn.LOG, leaf), mInReader);

        // the note, with the shift named m (or another name the program does not use)
        String m = shiftName();
        Map<Integer, String> names = new HashMap<>(reductionTexts);
        String before = new Printer(names).toText(g.apply(Fn.LOG, leaf));
        names.put(mInSum.id(), m);
        names.put(mInReader.id(), m);
        names.put(leaf.id(), reductionText(new Printer(names), shifted));
        String maxText = reductionText(new Printer(reductionTexts), max);
        String with = "";
        if (sum.body() instanceof Node.Var v && definition(v.name()) != null) {
            with = " with " + v.name() + " = " + shorten(new Printer(names), definition(v.name()));
        }
        note(
                reader,
                before
                        + with
                        + " → "
                        + shorten(new Printer(names), out)
                        + " where "
                        + m
                        + " = "
                        + shorten(maxText));
        textOf(max);
        textOf(shifted);
        return out;
    }

    /** {@code m}, or {@code m1}, {@code m2}, … if the program uses that name for something. */
    private String shiftName() {
        Set<String> taken = new HashSet<>();
        program.sizes().forEach(z -> taken.add(z.name()));
        program.inputs().forEach(a -> taken.add(a.name()));
        program.arrays().forEach(a -> taken.add(a.name()));
        for (IndexedProgram.Step step : program.steps()) {
            for (Statement st : statementsOf(step)) {
                st.domain().forEach(b -> taken.add(b.index()));
            }
        }
        String name = "m";
        for (int k = 1; taken.contains(name); k++) {
            name = "m" + k;
        }
        return name;
    }

    // ---- the result -----------------------------------------------------------------------------

    private List<IndexedProgram.Array> arrays() {
        Map<String, List<Affine>> extents = new HashMap<>();
        program.arrays().forEach(a -> extents.put(a.name(), a.extents()));
        List<IndexedProgram.Array> out = new ArrayList<>();
        for (IndexedProgram.Array a : program.arrays()) {
            Statement max = shiftBefore.get(a.name());
            if (max != null) {
                out.add(new IndexedProgram.Array(max.target(), a.extents()));
            }
            out.add(a);
        }
        return List.copyOf(out);
    }

    private List<IndexedProgram.Step> steps() {
        List<IndexedProgram.Step> out = new ArrayList<>();
        for (IndexedProgram.Step step : program.steps()) {
            if (step instanceof IndexedProgram.Single single) {
                Statement max = shiftBefore.get(single.statement().target());
                if (max != null) {
                    out.add(new IndexedProgram.Single(max));
                }
                Statement r = replaced.get(single.statement());
                out.add(r == single.statement() ? step : new IndexedProgram.Single(r));
            } else if (step instanceof IndexedProgram.Recurrence rec) {
                List<Statement> group = new ArrayList<>();
                for (Statement s : rec.statements()) {
                    Statement max = shiftBefore.get(s.target());
                    if (max != null) {
                        group.add(max);
                    }
                    group.add(replaced.get(s));
                }
                out.add(new IndexedProgram.Recurrence(rec.lo(), rec.hi(), List.copyOf(group)));
            } else {
                throw new AssertionError(step);
            }
        }
        return List.copyOf(out);
    }

    // ---- printing -------------------------------------------------------------------------------

    /** Remembers how a lifted reduction's leaf prints, for the notes of the statements after. */
    private void textOf(Statement s) {
        Node leaf = g.variable(IndexedScope.leafName(new Read(s.target(), s.lhs())));
        reductionTexts.put(leaf.id(), reductionText(new Printer(reductionTexts), s));
    }

    private static String reductionText(Printer printer, Statement s) {
        return s.reduce().get().name().toLowerCase(Locale.ROOT)
                + "("
                + printer.toText(s.body())
                + " for "
                + ranges(s.domain().subList(s.reduceFrom(), s.domain().size()))
                + ")";
    }

    private static String ranges(List<Binder> binders) {
        List<String> parts = new ArrayList<>();
        for (Binder b : binders) {
            parts.add(b.index() + " in " + b.lo() + ".." + b.hi());
        }
        return String.join(", ", parts);
    }

    private static String shorten(Printer printer, Node n) {
        return Rewriting.shorten(printer, n);
    }

    private static String shorten(String text) {
        return text.length() <= MAX_NOTE ? text : text.substring(0, MAX_NOTE - 1) + "…";
    }

    private static List<Statement> statementsOf(IndexedProgram.Step step) {
        if (step instanceof IndexedProgram.Single s) {
            return List.of(s.statement());
        } else if (step instanceof IndexedProgram.Recurrence r) {
            return r.statements();
        }
        throw new AssertionError(step);
    }
}
