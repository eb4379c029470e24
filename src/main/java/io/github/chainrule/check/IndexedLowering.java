package io.github.chainrule.check;

import io.github.chainrule.diag.Reporter;
import io.github.chainrule.diag.Span;
import io.github.chainrule.diag.Suggestions;
import io.github.chainrule.graph.Fn;
import io.github.chainrule.graph.Graph;
import io.github.chainrule.graph.Node;
import io.github.chainrule.indexed.Affine;
import io.github.chainrule.indexed.IndexedProgram.Binder;
import io.github.chainrule.indexed.IndexedProgram.Read;
import io.github.chainrule.indexed.IndexedProgram.ReduceOp;
import io.github.chainrule.indexed.IndexedProgram.Statement;
import io.github.chainrule.syntax.Ast;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Lowers each checked statement of an indexed program into a {@link Statement} over its domain: its
 * expression into a node of the program's graph, with element reads as leaves ({@link
 * IndexedScope#leaf}) and each reduction lifted into a statement of its own.
 */
final class IndexedLowering {
    private final IndexedScope scope;
    private final Ranges ranges;
    private final ReadChecks checks;
    private final Reporter reporter;
    private final Graph graph;

    /** How many reductions each assigned name's statements have lifted so far. */
    private final Map<String, Integer> lifted = new HashMap<>();

    IndexedLowering(IndexedScope scope, Ranges ranges, ReadChecks checks) {
        this.scope = scope;
        this.ranges = ranges;
        this.checks = checks;
        this.reporter = scope.reporter;
        this.graph = scope.graph;
    }

    void lower(IndexedScope.Piece p, Functions userFunctions) {
        List<Binder> domain = ranges.rangesOf(p);
        if (domain == null) {
            return;
        }
        Ast.Assignment a = p.assignment;
        ReadChecks.StatementScope learned = new ReadChecks.StatementScope();
        domain.forEach(b -> learned.indices.add(b.index()));
        checks.walk(a.value(), domain, learned);
        if (!learned.ok || reporter.hasErrors()) {
            return; // one mistake, one message: lower nothing more once something failed
        }
        int line = a.target().span().line();
        Lowering.Scope lowering =
                new Lowering.Scope() {
                    @Override
                    public Node resolve(Ast.Name n) {
                        return resolveName(n, learned.indices);
                    }

                    @Override
                    public String kindOf(String n) {
                        return kindOfForCalls(n);
                    }

                    @Override
                    public Node read(Ast.Index index) {
                        return scope.leaf(learned.reads.get(index));
                    }

                    @Override
                    public Node reduction(Ast.Reduction r, Node body) {
                        // numbered on through every piece of an array, so no two collide
                        int k = lifted.merge(a.target().name(), 1, Integer::sum);
                        String name = a.target().name() + "@" + k;
                        return lift(name, r, body, learned, a.target().span());
                    }
                };
        Node body = new Lowering(graph, reporter, userFunctions, lowering).number(a.value());
        if (body == null) {
            return;
        }
        List<Affine> lhs = new ArrayList<>();
        int k = 0;
        for (Ast.Expr sub : a.subscripts()) {
            if (sub instanceof Ast.Num n) {
                lhs.add(Affine.of((long) n.value()));
            } else {
                lhs.add(Affine.symbol(domain.get(k++).index()));
            }
        }
        Statement s =
                new Statement(
                        a.target().name(),
                        List.copyOf(lhs),
                        domain,
                        Optional.empty(),
                        domain.size(),
                        body,
                        scope.readsOf(body),
                        line);
        scope.statements.add(s);
        scope.spans.put(s, a.target().span());
    }

    /**
     * What a name is, for the message about calling it: as a scalar program says it ({@code a value
     * (assigned at 3:1)}), with what only indexed programs have (sizes, arrays).
     */
    private String kindOfForCalls(String name) {
        String kind = scope.kindOf(name);
        if (scope.pieces.containsKey(name) && !scope.inputIdents().containsKey(name)) {
            return kind
                    + " (assigned at "
                    + scope.pieces.get(name).get(0).assignment.target().span()
                    + ")";
        }
        return kind;
    }

    private Node resolveName(Ast.Name n, Set<String> indices) {
        String name = n.name();
        if (indices.contains(name)) {
            return graph.variable(name);
        }
        IndexExprs.SizeName size = scope.sizes.get(name);
        if (size != null) {
            return size.fixed().isPresent()
                    ? graph.constant(size.fixed().get())
                    : graph.variable(name);
        }
        if (scope.inputIdents().containsKey(name) || scope.pieces.containsKey(name)) {
            if (scope.isArray(name)) {
                reporter.error(
                        n.span(),
                        Checker.quote(name)
                                + " is an array: use an element ("
                                + Suggestions.shorten(name)
                                + "[i]) or a reduction (sum("
                                + Suggestions.shorten(name)
                                + "[i] for i))");
                return null;
            }
            return scope.leaf(new Read(name, List.of()));
        }
        Double constant = Checker.CONSTANTS.get(name);
        if (constant != null) {
            return graph.constant(constant);
        }
        if (scope.functions().containsKey(name)
                || Fn.byName(name).isPresent()
                || name.equals("pow")) {
            reporter.error(n.span(), Declarations.functionAsValue(name));
            return null;
        }
        Set<String> known = new TreeSet<>(scope.inputIdents().keySet());
        known.addAll(scope.pieces.keySet());
        known.addAll(scope.sizes.declaredAt().keySet());
        known.addAll(indices);
        reporter.error(n.span(), Declarations.undeclared(name, known));
        return null;
    }

    /**
     * Lifts a reduction out of the expression that holds it into a statement of its own, over the
     * enclosing indices it depends on and its own binders; returns the leaf that reads its result.
     */
    private Node lift(
            String name, Ast.Reduction r, Node body, ReadChecks.StatementScope learned, Span at) {
        List<Binder> enclosing = learned.enclosing.get(r);
        List<Binder> own = learned.own.get(r);
        Set<String> needed = new LinkedHashSet<>();
        Map<String, Read> bodyReads = scope.readsOf(body);
        collectSymbols(body, bodyReads, needed);
        own.forEach(
                b -> {
                    needed.addAll(b.lo().terms().keySet());
                    needed.addAll(b.hi().terms().keySet());
                });
        // an enclosing index that is kept needs the ones its range depends on
        for (int k = enclosing.size() - 1; k >= 0; k--) {
            Binder b = enclosing.get(k);
            if (needed.contains(b.index())) {
                needed.addAll(b.lo().terms().keySet());
                needed.addAll(b.hi().terms().keySet());
            }
        }
        List<Binder> kept = new ArrayList<>();
        for (Binder b : enclosing) {
            if (needed.contains(b.index())) {
                kept.add(b);
            }
        }
        List<Affine> lhs = new ArrayList<>();
        List<Affine> ext = new ArrayList<>();
        for (int k = 0; k < kept.size(); k++) {
            Binder b = kept.get(k);
            lhs.add(Affine.symbol(b.index()));
            ext.add(Bounds.max(b.hi(), kept.subList(0, k)).value());
        }
        List<Binder> domain = new ArrayList<>(kept);
        domain.addAll(own);
        ReduceOp op =
                switch (r.function()) {
                    case "sum" -> ReduceOp.SUM;
                    case "max" -> ReduceOp.MAX;
                    case "min" -> ReduceOp.MIN;
                    default -> throw new AssertionError(r.function());
                };
        Statement s =
                new Statement(
                        name,
                        List.copyOf(lhs),
                        List.copyOf(domain),
                        Optional.of(op),
                        kept.size(),
                        body,
                        bodyReads,
                        at.line());
        scope.statements.add(s);
        scope.spans.put(s, at);
        scope.extents.put(name, List.copyOf(ext));
        return scope.leaf(new Read(name, List.copyOf(lhs)));
    }

    /** The symbols (indices and sizes) a body mentions, as leaves or in its reads' subscripts. */
    private static void collectSymbols(Node body, Map<String, Read> bodyReads, Set<String> out) {
        Deque<Node> work = new ArrayDeque<>(List.of(body));
        Set<Integer> seen = new HashSet<>();
        while (!work.isEmpty()) {
            Node n = work.pop();
            if (!seen.add(n.id())) {
                continue;
            }
            if (n instanceof Node.Var v) {
                Read r = bodyReads.get(v.name());
                if (r == null) {
                    out.add(v.name());
                } else {
                    r.subscripts().forEach(s -> out.addAll(s.terms().keySet()));
                }
            }
            work.addAll(n.children());
        }
    }
}
