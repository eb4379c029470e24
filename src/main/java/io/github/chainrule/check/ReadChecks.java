package io.github.chainrule.check;

import io.github.chainrule.diag.Reporter;
import io.github.chainrule.diag.Suggestions;
import io.github.chainrule.indexed.Affine;
import io.github.chainrule.indexed.IndexedProgram.Binder;
import io.github.chainrule.indexed.IndexedProgram.Read;
import io.github.chainrule.syntax.Ast;
import io.github.chainrule.syntax.AstWalk;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checks of one statement's expression before it is lowered: its reductions (their names,
 * binders and ranges) and its element reads (the array, the number of subscripts, each subscript an
 * affine expression that provably stays inside its dimension, by {@link Bounds}).
 */
final class ReadChecks {
    private final IndexedScope scope;
    private final Ranges ranges;
    private final Reporter reporter;

    ReadChecks(IndexedScope scope, Ranges ranges) {
        this.scope = scope;
        this.ranges = ranges;
        this.reporter = scope.reporter;
    }

    /** What the walk of one statement learned, for its lowering. */
    static final class StatementScope {
        final Map<Ast.Index, Read> reads = new IdentityHashMap<>();
        final Map<Ast.Reduction, List<Binder>> enclosing = new IdentityHashMap<>();
        final Map<Ast.Reduction, List<Binder>> own = new IdentityHashMap<>();
        final Set<String> indices = new LinkedHashSet<>();
        boolean ok = true;
    }

    /**
     * Checks one statement's expression with its indices in scope, with an explicit stack:
     * reductions (their names, binders and ranges) and element reads (arrays, subscripts and their
     * bounds). What it learns goes into {@code learned} for the lowering.
     */
    void walk(Ast.Expr root, List<Binder> statementDomain, StatementScope learned) {
        record Item(Ast.Expr expr, List<Binder> binders) {}
        Deque<Item> stack = new ArrayDeque<>();
        stack.push(new Item(root, statementDomain));
        while (!stack.isEmpty()) {
            Item item = stack.pop();
            Ast.Expr e = item.expr();
            if (e instanceof Ast.Index x) {
                Read r = checkRead(x, item.binders());
                if (r == null) {
                    learned.ok = false;
                } else {
                    learned.reads.put(x, r);
                }
                continue;
            }
            if (e instanceof Ast.Reduction r) {
                List<Binder> own = checkReduction(r, item.binders(), learned);
                if (own == null) {
                    learned.ok = false;
                    continue;
                }
                List<Binder> inner = new ArrayList<>(item.binders());
                inner.addAll(own);
                learned.enclosing.put(r, item.binders());
                learned.own.put(r, own);
                stack.push(new Item(r.body(), List.copyOf(inner)));
                continue;
            }
            for (Ast.Expr kid : AstWalk.children(e)) {
                stack.push(new Item(kid, item.binders()));
            }
        }
    }

    private List<Binder> checkReduction(
            Ast.Reduction r, List<Binder> enclosing, StatementScope learned) {
        if (!IndexedScope.REDUCTIONS.contains(r.function())) {
            reporter.error(
                    r.span(),
                    Checker.quote(r.function())
                            + " is not a reduction: the reductions are sum, max and min");
            return null;
        }
        Set<String> inScope = new LinkedHashSet<>();
        enclosing.forEach(b -> inScope.add(b.index()));
        List<Binder> own = new ArrayList<>();
        for (Ast.Binder b : r.binders()) {
            if (!scope.canBindIndex(b.index(), inScope)) {
                return null;
            }
            Binder range =
                    b.range().isPresent()
                            ? ranges.writtenRange(b, inScope, "a range's bound")
                            : ranges.inferRange(b.index().name(), r.body(), b.index().span());
            if (range == null) {
                return null;
            }
            inScope.add(b.index().name());
            learned.indices.add(b.index().name());
            own.add(range);
        }
        return own;
    }

    /** Checks an element read: the array, the number of subscripts, each one and its bounds. */
    private Read checkRead(Ast.Index x, List<Binder> binders) {
        String array = x.array();
        if (!scope.inputIdents().containsKey(array) && !scope.pieces.containsKey(array)) {
            Set<String> arrays = new TreeSet<>();
            scope.inputShapes.forEach(
                    (n, s) -> {
                        if (!s.isEmpty()) {
                            arrays.add(n);
                        }
                    });
            scope.pieces.keySet().stream().filter(scope::isArray).forEach(arrays::add);
            reporter.error(
                    x.span(),
                    "undeclared array "
                            + Checker.quote(array)
                            + Suggestions.closest(array, arrays)
                                    .map(near -> " (did you mean '" + near + "'?)")
                                    .orElse(
                                            ": declare it (input "
                                                    + Suggestions.shorten(array)
                                                    + "[n]) or assign it"));
            return null;
        }
        if (!scope.isArray(array)) {
            reporter.error(x.span(), Checker.quote(array) + " is a scalar: it cannot be indexed");
            return null;
        }
        List<Affine> ext = ranges.extentOf(array, x.span());
        if (ext == null) {
            return null; // its definition's error was reported
        }
        if (ext.size() != x.subscripts().size()) {
            reporter.error(
                    x.span(),
                    Checker.quote(array)
                            + " has "
                            + Declarations.dimensions(ext.size())
                            + ", but "
                            + Declarations.subscriptCount(x.subscripts().size())
                            + " "
                            + (x.subscripts().size() == 1 ? "is" : "are")
                            + " given");
            return null;
        }
        Set<String> indices = new LinkedHashSet<>();
        binders.forEach(b -> indices.add(b.index()));
        List<Affine> subs = new ArrayList<>();
        for (Ast.Expr sub : x.subscripts()) {
            Optional<Affine> s = IndexExprs.affine(sub, scope.names(indices), "an index", reporter);
            if (s.isEmpty()) {
                return null;
            }
            subs.add(s.get());
        }
        for (int d = 0; d < subs.size(); d++) {
            String problem = outOfBounds(array, d, ext, subs.get(d), binders);
            if (problem != null) {
                reporter.error(
                        x.subscripts().get(d).span(),
                        IndexedScope.leafName(new Read(array, subs)) + ": " + problem);
                return null;
            }
        }
        return new Read(array, List.copyOf(subs));
    }

    /** Why subscript {@code d} can leave its dimension, or null when it provably cannot. */
    private String outOfBounds(
            String array, int d, List<Affine> ext, Affine sub, List<Binder> binders) {
        Affine extent = ext.get(d);
        String dimension =
                ext.size() == 1
                        ? array + " has "
                        : "dimension " + (d + 1) + " of " + array + " has ";
        Bounds.Extreme max = Bounds.max(sub, binders);
        if (!Bounds.atMost(max.value(), extent.plus(-1), scope.sizes.facts())) {
            return sub
                    + " reaches "
                    + max.value()
                    + max.when()
                    + ", but "
                    + dimension
                    + Ranges.elements(extent)
                    + " (0.."
                    + extent
                    + ", that is 0 <= index < "
                    + extent
                    + scope.sizes.facts().where(max.value(), extent)
                    + ")";
        }
        Bounds.Extreme min = Bounds.min(sub, binders);
        if (!Bounds.nonNegative(min.value(), scope.sizes.facts())) {
            return sub + " reaches " + min.value() + min.when() + ", but indices start at 0";
        }
        return null;
    }
}
