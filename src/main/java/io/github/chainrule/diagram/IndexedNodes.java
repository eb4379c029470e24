package io.github.chainrule.diagram;

import io.github.chainrule.diff.Reverse;
import io.github.chainrule.graph.Graph;
import io.github.chainrule.graph.Node;
import io.github.chainrule.graph.Printer;
import io.github.chainrule.indexed.Affine;
import io.github.chainrule.indexed.IndexedProgram;
import io.github.chainrule.indexed.IndexedProgram.Binder;
import io.github.chainrule.indexed.IndexedProgram.Read;
import io.github.chainrule.indexed.IndexedProgram.ReduceOp;
import io.github.chainrule.indexed.IndexedProgram.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * An indexed program as the diagram sees it: one node per array the user assigns, made of its
 * statements (one, or the pieces of a piecewise definition), each with the reductions the checker
 * lifted out of it ({@code a@1}), which are drawn as part of their statement and never as nodes of
 * their own. For each statement, its local partials with respect to every element it reads, through
 * its reductions: {@code ∂a[j]/∂W1[j, i] = (1 - a[j]^2)*x[i]} over {@code j in 0..h, i in 0..d},
 * built in the program's graph by the reverse sweep of {@link Reverse#adjoints}, as the backward
 * pass builds them. Nothing here depends on the sizes' values.
 */
final class IndexedNodes {
    /** One statement of an array, with its lifted reductions, innermost last. */
    record Piece(Statement statement, List<Statement> lifted) {}

    /**
     * An assigned array and its statements, in program order.
     *
     * @param recurrence the index of the recurrence the statements run in, and the other arrays
     *     that run with them; empty when they run on their own
     */
    record Group(String name, List<Piece> pieces, Optional<Recurrence> recurrence) {}

    record Recurrence(String index, List<String> with) {}

    /**
     * The local partial of a statement with respect to one element it reads, at one point of {@code
     * domain}: {@code dL/d read += dL/d target[lhs] * partial} over that domain.
     *
     * @param extremes the max or min reductions it goes through: it flows only to the first point
     *     that attains the extreme
     */
    record Partial(
            Piece piece, Read read, List<Binder> domain, Node partial, List<Extreme> extremes) {}

    /** A max or min reduction over {@code indices}. */
    record Extreme(ReduceOp op, List<String> indices) {}

    final IndexedProgram program;
    final Graph g;
    final List<Group> groups = new ArrayList<>();
    private final Map<String, Group> byName = new HashMap<>();

    /** The lifted reductions, in the order they run (inner ones and shifts first). */
    private final Map<String, Statement> lifted = new LinkedHashMap<>();

    /** Per group, the local partials of its statements, in the order they were found. */
    private final Map<String, List<Partial>> partials = new HashMap<>();

    /** Per group, the arrays and inputs its statements read (through their reductions too). */
    private final Map<String, Set<String>> reads = new HashMap<>();

    /** Per group, every element it reads, as written ({@code W1[j, i]}), by array read. */
    private final Map<String, Map<String, Set<String>>> accesses = new HashMap<>();

    /** The names printed for nodes: each lifted reduction's leaf as the reduction. */
    final Map<Integer, String> reductionTexts;

    /** Also each statement's value as its element ({@code a[j]}), for the partials. */
    final Map<Integer, String> valueNames;

    IndexedNodes(IndexedProgram program) {
        this.program = program;
        this.g = program.graph();
        Map<String, List<Piece>> pieces = new LinkedHashMap<>();
        Map<String, Recurrence> recurrences = new HashMap<>();
        for (IndexedProgram.Step step : program.steps()) {
            for (Statement s : statementsOf(step)) {
                if (isLifted(s.target())) {
                    lifted.put(s.target(), s);
                }
            }
        }
        for (IndexedProgram.Step step : program.steps()) {
            List<String> together = new ArrayList<>();
            for (Statement s : statementsOf(step)) {
                if (!isLifted(s.target())) {
                    pieces.computeIfAbsent(s.target(), k -> new ArrayList<>())
                            .add(new Piece(s, liftedOf(s)));
                    if (!together.contains(s.target())) {
                        together.add(s.target());
                    }
                }
            }
            if (step instanceof IndexedProgram.Recurrence r) {
                for (String name : together) {
                    List<String> with = new ArrayList<>(together);
                    with.remove(name);
                    String index = firstIndex(r, name);
                    recurrences.put(name, new Recurrence(index, List.copyOf(with)));
                }
            }
        }
        for (Map.Entry<String, List<Piece>> e : pieces.entrySet()) {
            Group group =
                    new Group(
                            e.getKey(),
                            List.copyOf(e.getValue()),
                            Optional.ofNullable(recurrences.get(e.getKey())));
            groups.add(group);
            byName.put(group.name(), group);
        }
        this.reductionTexts = Collections.unmodifiableMap(reductionTexts());
        Map<Integer, String> names = new HashMap<>(reductionTexts);
        for (Group group : groups) {
            for (Piece p : group.pieces()) {
                Statement s = p.statement();
                boolean symbolic = s.lhs().stream().allMatch(a -> a.bareSymbol().isPresent());
                if (s.reduce().isEmpty() && symbolic && !(s.body() instanceof Node.Var)) {
                    names.putIfAbsent(s.body().id(), element(s.target(), s.lhs()));
                }
            }
        }
        this.valueNames = Collections.unmodifiableMap(names);
        for (Group group : groups) {
            List<Partial> found = new ArrayList<>();
            Set<String> read = new LinkedHashSet<>();
            Map<String, Set<String>> written = new LinkedHashMap<>();
            for (Piece p : group.pieces()) {
                for (Statement s : withLifted(p)) {
                    for (Read r : new TreeMap<>(s.reads()).values()) {
                        if (!isLifted(r.array())) {
                            read.add(r.array());
                            written.computeIfAbsent(r.array(), k -> new LinkedHashSet<>())
                                    .add(element(r.array(), r.subscripts()));
                        }
                    }
                }
                found.addAll(localPartials(p));
            }
            partials.put(group.name(), List.copyOf(found));
            reads.put(group.name(), Collections.unmodifiableSet(read));
            accesses.put(group.name(), Collections.unmodifiableMap(written));
        }
    }

    static boolean isLifted(String name) {
        return name.indexOf('@') >= 0;
    }

    Optional<Group> group(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    List<Partial> partials(String group) {
        return partials.get(group);
    }

    Set<String> reads(String group) {
        return reads.get(group);
    }

    /** The elements of {@code array} that {@code group} reads, as written. */
    Set<String> accesses(String group, String array) {
        return accesses.get(group).getOrDefault(array, Set.of());
    }

    /** The names {@code output} depends on: its group and every array and input it reads. */
    Set<String> dependencies(String output) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> work = new ArrayDeque<>(List.of(output));
        while (!work.isEmpty()) {
            String name = work.pop();
            if (seen.add(name) && byName.containsKey(name)) {
                reads.get(name).forEach(work::push);
            }
        }
        return seen;
    }

    /** The statement and its lifted reductions, the statement first. */
    static List<Statement> withLifted(Piece p) {
        List<Statement> out = new ArrayList<>();
        out.add(p.statement());
        out.addAll(p.lifted());
        return out;
    }

    /** The reductions lifted out of {@code s}, and out of those, in the order they are read. */
    private List<Statement> liftedOf(Statement s) {
        List<Statement> out = new ArrayList<>();
        Deque<Statement> work = new ArrayDeque<>(List.of(s));
        while (!work.isEmpty()) {
            Statement next = work.removeFirst();
            for (Read r : new TreeMap<>(next.reads()).values()) {
                Statement inner = lifted.get(r.array());
                if (inner != null && !out.contains(inner)) {
                    out.add(inner);
                    work.addLast(inner);
                }
            }
        }
        return List.copyOf(out);
    }

    /**
     * The chain rule within one statement: the body's sweep seeded with 1 gives the partial with
     * respect to each leaf; a lifted reduction's leaf hands its partial on as the seed of the
     * reduction's body, over the reduction's domain. Partials of one element over one domain (the
     * two sums of {@code log(sum(exp(s[c]) …)) - sum(label[c]*s[c] …)} both read {@code s[c]}) are
     * added into one.
     */
    private List<Partial> localPartials(Piece piece) {
        record Key(Read read, List<Binder> domain, List<Extreme> extremes) {}
        record Seeded(Statement statement, Node seed, List<Extreme> extremes) {}
        Map<Key, Node> sums = new LinkedHashMap<>();
        Deque<Seeded> work = new ArrayDeque<>();
        work.add(new Seeded(piece.statement(), g.constant(1), List.of()));
        while (!work.isEmpty()) {
            Seeded next = work.removeFirst();
            Statement s = next.statement();
            List<Extreme> extremes = next.extremes();
            if (s.reduce().isPresent() && s.reduce().get() != ReduceOp.SUM) {
                List<String> indices = new ArrayList<>();
                for (Binder b : s.domain().subList(s.reduceFrom(), s.domain().size())) {
                    indices.add(b.index());
                }
                extremes = new ArrayList<>(extremes);
                extremes.add(new Extreme(s.reduce().get(), List.copyOf(indices)));
                extremes = List.copyOf(extremes);
            }
            Map<Integer, Node> adjoint =
                    Reverse.adjoints(g, List.of(s.body()), List.of(next.seed()));
            for (Map.Entry<String, Read> leaf : new TreeMap<>(s.reads()).entrySet()) {
                Node partial = adjoint.get(g.variable(leaf.getKey()).id());
                if (partial == null) {
                    continue; // read only in a condition
                }
                Read read = leaf.getValue();
                if (program.shifts().contains(read.array())) {
                    continue; // the shift of a stable log-sum-exp: its derivative cancels
                }
                Statement inner = lifted.get(read.array());
                if (inner != null) {
                    work.addLast(new Seeded(inner, partial, extremes));
                } else {
                    sums.merge(new Key(read, s.domain(), extremes), partial, g::add);
                }
            }
        }
        List<Partial> out = new ArrayList<>();
        sums.forEach(
                (k, partial) ->
                        out.add(new Partial(piece, k.read(), k.domain(), partial, k.extremes())));
        return out;
    }

    /**
     * Each lifted reduction's leaf, printed as the reduction ({@code sum(W[j, i]*x[i] for i in
     * 0..d)}), in the order they run: inner reductions first, so that an outer one prints the inner
     * one's text.
     */
    private Map<Integer, String> reductionTexts() {
        Map<Integer, String> names = new HashMap<>();
        for (Statement s : lifted.values()) {
            String op = s.reduce().map(o -> o.name().toLowerCase(Locale.ROOT)).orElse("sum");
            String text =
                    op
                            + "("
                            + new Printer(names).toText(s.body())
                            + " for "
                            + ranges(s.domain().subList(s.reduceFrom(), s.domain().size()))
                            + ")";
            names.put(g.variable(element(s.target(), s.lhs())).id(), text);
        }
        return names;
    }

    /** {@code t}: the recurrence index of {@code name}'s statements in {@code r}. */
    private static String firstIndex(IndexedProgram.Recurrence r, String name) {
        for (Statement s : r.statements()) {
            if (s.target().equals(name) && !s.domain().isEmpty()) {
                return s.domain().get(0).index();
            }
        }
        return "?";
    }

    static List<Statement> statementsOf(IndexedProgram.Step step) {
        if (step instanceof IndexedProgram.Single s) {
            return List.of(s.statement());
        } else if (step instanceof IndexedProgram.Recurrence r) {
            return r.statements();
        }
        throw new AssertionError(step);
    }

    /** {@code x[i+1]}, {@code W[j, i]}, {@code b}: an element as the program writes it. */
    static String element(String array, List<Affine> subscripts) {
        if (subscripts.isEmpty()) {
            return array;
        }
        List<String> parts = new ArrayList<>();
        subscripts.forEach(s -> parts.add(s.toString()));
        return array + "[" + String.join(", ", parts) + "]";
    }

    /** {@code i in 0..n, j in i+1..n}: half-open ranges, as the program writes them. */
    static String ranges(List<Binder> binders) {
        List<String> parts = new ArrayList<>();
        for (Binder b : binders) {
            parts.add(b.index() + " in " + b.lo() + ".." + b.hi());
        }
        return String.join(", ", parts);
    }
}
