package io.github.chainrule.check;

import io.github.chainrule.diag.Reporter;
import io.github.chainrule.diag.Suggestions;
import io.github.chainrule.indexed.Affine;
import io.github.chainrule.syntax.Ast;
import io.github.chainrule.syntax.AstWalk;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The sizes of an indexed program ({@code dim n, d = 784}): each given at call time or fixed to a
 * positive integer, and the extents of array inputs written with them.
 */
final class SizeTable {
    private final Reporter reporter;
    private final Map<String, Ast.Ident> idents = new LinkedHashMap<>();
    private final Map<String, IndexExprs.SizeName> sizes = new LinkedHashMap<>();
    private final Set<String> runtime = new LinkedHashSet<>();
    private SizeFacts facts;

    private SizeTable(Reporter reporter) {
        this.reporter = reporter;
    }

    /** The sizes the {@code dim} lines of {@code program} declare, checked. */
    static SizeTable collect(Ast.Program program, Reporter reporter) {
        SizeTable table = new SizeTable(reporter);
        for (Ast.Stmt s : program.statements()) {
            if (s instanceof Ast.SizeDecl d) {
                d.sizes().forEach(table::declare);
            }
        }
        Map<String, Long> fixed = new LinkedHashMap<>();
        table.sizes.values().forEach(s -> s.fixed().ifPresent(v -> fixed.put(s.name(), v)));
        table.facts = new SizeFacts(table.runtime, fixed);
        return table;
    }

    private void declare(Ast.Size size) {
        Ast.Ident id = size.name();
        if (!Declarations.canName(id, "a size", IndexedScope.REDUCTIONS, reporter)) {
            return;
        }
        Ast.Ident first = idents.putIfAbsent(id.name(), id);
        if (first != null) {
            reporter.error(
                    id.span(),
                    "size "
                            + Checker.quote(id.name())
                            + " is declared twice (first at "
                            + first.span()
                            + ")");
            return;
        }
        Optional<Long> fixed = Optional.empty();
        if (size.fixed().isPresent()) {
            Ast.Expr e = size.fixed().get();
            if (e instanceof Ast.Num n
                    && n.value() == Math.rint(n.value())
                    && n.value() >= 1
                    && n.value() <= Integer.MAX_VALUE) {
                fixed = Optional.of((long) n.value());
            } else {
                reporter.error(
                        e.span(),
                        "size "
                                + Checker.quote(id.name())
                                + " must be fixed to a positive integer, such as 'dim "
                                + Suggestions.shorten(id.name())
                                + " = 10', not '"
                                + Suggestions.shorten(AstWalk.parenthesised(e))
                                + "'");
                fixed = Optional.of(1L); // checked on as if it were 1
            }
        } else {
            runtime.add(id.name());
        }
        sizes.put(id.name(), new IndexExprs.SizeName(id.name(), fixed));
    }

    boolean contains(String name) {
        return sizes.containsKey(name);
    }

    IndexExprs.SizeName get(String name) {
        return sizes.get(name);
    }

    /** Every size, in {@code dim} order. */
    List<IndexExprs.SizeName> all() {
        return List.copyOf(sizes.values());
    }

    /** Where each size is declared. */
    Map<String, Ast.Ident> declaredAt() {
        return idents;
    }

    /** Which sizes are given at call time and the values of the others, for proofs. */
    SizeFacts facts() {
        return facts;
    }

    /** An input's dimensions: each a size or a positive integer literal. */
    List<Affine> shape(List<Ast.Expr> dims) {
        List<Affine> out = new ArrayList<>();
        for (Ast.Expr e : dims) {
            if (e instanceof Ast.Num n && n.value() == Math.rint(n.value()) && n.value() >= 1) {
                out.add(Affine.of((long) n.value()));
            } else if (e instanceof Ast.Name n && sizes.containsKey(n.name())) {
                out.add(Affine.symbol(n.name())); // a fixed size too: its value is in facts()
            } else if (e instanceof Ast.Name n) {
                reporter.error(
                        e.span(),
                        "unknown size "
                                + Checker.quote(n.name())
                                + Suggestions.closest(n.name(), sizes.keySet())
                                        .map(near -> " (did you mean '" + near + "'?)")
                                        .orElse(
                                                ": declare it with 'dim "
                                                        + Suggestions.shorten(n.name())
                                                        + "'"));
                out.add(Affine.of(1));
            } else {
                reporter.error(
                        e.span(),
                        "an array's dimension is a size or a positive integer, not '"
                                + Suggestions.shorten(AstWalk.parenthesised(e))
                                + "'");
                out.add(Affine.of(1));
            }
        }
        return List.copyOf(out);
    }
}
