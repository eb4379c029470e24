package io.github.chainrule.check;

import io.github.chainrule.diag.Reporter;
import io.github.chainrule.diag.Span;
import io.github.chainrule.diag.Suggestions;
import io.github.chainrule.indexed.Affine;
import io.github.chainrule.indexed.IndexedProgram.Binder;
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
 * The ranges of an indexed program's indices and the extents of the arrays it assigns: ranges
 * written after {@code for} or inferred from the arrays an index reads directly ({@code x[i]}), and
 * extents from the boxes of an array's pieces, which must cover it exactly once ({@link Coverage}).
 * Each is worked out the first time something needs it, so statements may come in any order; an
 * array whose extents depend on the statement being inferred is an error that says so.
 */
final class Ranges {
    private final IndexedScope scope;
    private final Reporter reporter;
    private final Map<String, List<Affine>> inputShapes;
    private final Map<String, List<IndexedScope.Piece>> pieces;
    private final Map<String, List<Affine>> extents;
    private final Set<String> extentsInProgress = new LinkedHashSet<>();
    private final Set<String> badArrays = new LinkedHashSet<>();
    private final SizeFacts sizes;

    Ranges(IndexedScope scope) {
        this.scope = scope;
        this.reporter = scope.reporter;
        this.inputShapes = scope.inputShapes;
        this.pieces = scope.pieces;
        this.extents = scope.extents;
        this.sizes = scope.sizes.facts();
    }

    /** The extents of an array, computed from its pieces the first time; null after an error. */
    List<Affine> extentOf(String array, Span at) {
        if (inputShapes.containsKey(array)) {
            return inputShapes.get(array);
        }
        if (extents.containsKey(array) || badArrays.contains(array)) {
            return extents.get(array);
        }
        if (!extentsInProgress.add(array)) {
            return null; // the caller, which needs it to infer a range, says so
        }
        List<IndexedScope.Piece> ps = pieces.get(array);
        List<Affine> result = null;
        boolean ok = true;
        for (IndexedScope.Piece p : ps) {
            ok &= rangesOf(p) != null;
        }
        if (ok) {
            result = Coverage.extents(array, ps.stream().map(this::box).toList(), sizes, reporter);
        }
        extentsInProgress.remove(array);
        if (result == null) {
            badArrays.add(array);
        } else {
            extents.put(array, result);
        }
        return result;
    }

    /** A piece's box: per left-hand dimension, its half-open interval and where it is written. */
    private Coverage.Box box(IndexedScope.Piece p) {
        List<Affine> lo = new ArrayList<>();
        List<Affine> hi = new ArrayList<>();
        int k = 0;
        for (Ast.Expr sub : p.assignment.subscripts()) {
            if (sub instanceof Ast.Num n) {
                lo.add(Affine.of((long) n.value()));
                hi.add(Affine.of((long) n.value() + 1));
            } else {
                Binder b = p.ranges.get(k);
                lo.add(b.lo());
                hi.add(b.hi());
            }
            if (!(sub instanceof Ast.Num)) {
                k++;
            }
        }
        return new Coverage.Box(lo, hi, p.assignment.target().span());
    }

    /**
     * The ranges of a piece's left-hand indices (written after {@code for}, or inferred from its
     * expression), checked the first time; null after an error.
     */
    List<Binder> rangesOf(IndexedScope.Piece p) {
        if (p.ranges != null || p.failed) {
            return p.ranges;
        }
        if (p.inProgress) {
            return null;
        }
        p.inProgress = true;
        Ast.Assignment a = p.assignment;
        List<Binder> out = new ArrayList<>();
        Set<String> lhs = new LinkedHashSet<>();
        boolean ok = true;
        for (Ast.Expr sub : a.subscripts()) {
            if (sub instanceof Ast.Name n) {
                if (!scope.canBindIndex(new Ast.Ident(n.name(), n.span()), lhs)) {
                    ok = false;
                    continue;
                }
                lhs.add(n.name());
            } else if (!(sub instanceof Ast.Num num
                    && num.value() == Math.rint(num.value())
                    && num.value() >= 0
                    && num.value() <= Integer.MAX_VALUE)) {
                reporter.error(
                        sub.span(),
                        "the left-hand side's indices are index names or integers (a[j],"
                                + " x[0]), not '"
                                + Suggestions.shorten(AstWalk.parenthesised(sub))
                                + "'");
                ok = false;
            }
        }
        Map<String, Ast.Binder> written = new LinkedHashMap<>();
        for (Ast.Binder b : a.binders()) {
            if (!lhs.contains(b.index().name())) {
                if (ok) {
                    reporter.error(
                            b.index().span(),
                            "index "
                                    + Checker.quote(b.index().name())
                                    + " is not on the left-hand side of "
                                    + Checker.quote(a.target().name())
                                    + ": a statement's 'for' ranges its left-hand indices (sum"
                                    + " over others with sum(... for "
                                    + Suggestions.shorten(b.index().name())
                                    + "))");
                }
                ok = false;
            } else if (written.putIfAbsent(b.index().name(), b) != null) {
                reporter.error(
                        b.index().span(),
                        "index " + Checker.quote(b.index().name()) + " is ranged twice");
                ok = false;
            }
        }
        if (ok) {
            for (String index : lhs) {
                Ast.Binder b = written.get(index);
                Binder range =
                        b != null && b.range().isPresent()
                                ? writtenRange(b, Set.of(), "a statement's range")
                                : inferRange(
                                        index,
                                        a.value(),
                                        b != null ? b.index().span() : spanOf(a, index));
                if (range == null) {
                    ok = false;
                } else {
                    out.add(range);
                }
            }
        }
        p.inProgress = false;
        if (!ok) {
            p.failed = true;
            return null;
        }
        p.ranges = List.copyOf(out);
        return p.ranges;
    }

    private static Span spanOf(Ast.Assignment a, String index) {
        for (Ast.Expr sub : a.subscripts()) {
            if (sub instanceof Ast.Name n && n.name().equals(index)) {
                return n.span();
            }
        }
        return a.target().span();
    }

    /** A written range {@code lo..hi}, over sizes and {@code indices}; null after an error. */
    Binder writtenRange(Ast.Binder b, Set<String> indices, String what) {
        Ast.Range r = b.range().orElseThrow();
        Optional<Affine> lo = IndexExprs.affine(r.lo(), scope.names(indices), what, reporter);
        Optional<Affine> hi = IndexExprs.affine(r.hi(), scope.names(indices), what, reporter);
        if (lo.isEmpty() || hi.isEmpty()) {
            return null;
        }
        return new Binder(b.index().name(), lo.get(), hi.get());
    }

    /**
     * The range of an index written without one: {@code 0..extent} of the array dimension it
     * indexes directly ({@code x[i]}, {@code W[j, i]}) in {@code within}; all such dimensions must
     * have the same extent.
     */
    Binder inferRange(String index, Ast.Expr within, Span at) {
        // by value (a fixed size is its value), each with the first dimension of that extent
        Map<Affine, Dimension> found = new LinkedHashMap<>();
        List<String> offsets = new ArrayList<>();
        String[] problem = new String[1];
        AstWalk.preOrder(
                within,
                e -> {
                    if (!(e instanceof Ast.Index x) || problem[0] != null) {
                        return;
                    }
                    for (int d = 0; d < x.subscripts().size(); d++) {
                        Ast.Expr sub = x.subscripts().get(d);
                        if (sub instanceof Ast.Name n && n.name().equals(index)) {
                            if (!scope.isArray(x.array())) {
                                return; // reported where the read is checked
                            }
                            List<Affine> ext = extentOf(x.array(), x.span());
                            if (ext == null) {
                                if (extentsInProgress.contains(x.array())) {
                                    problem[0] =
                                            "cannot infer the range of "
                                                    + Checker.quote(index)
                                                    + " from "
                                                    + Checker.quote(x.array())
                                                    + ", whose size depends on this statement:"
                                                    + " write it (for "
                                                    + index
                                                    + " in lo..hi)";
                                } else {
                                    problem[0] = ""; // the array's own error was reported
                                }
                                return;
                            }
                            if (d < ext.size()) {
                                found.putIfAbsent(
                                        sizes.known(ext.get(d)),
                                        new Dimension(
                                                ext.get(d),
                                                describeDimension(x.array(), d, ext.size())));
                            }
                        } else if (mentions(sub, index)) {
                            Reporter quiet = new Reporter(reporter.source());
                            Set<String> any = new LinkedHashSet<>(List.of(index));
                            Optional<Affine> a =
                                    IndexExprs.affine(sub, scope.names(any), "an index", quiet);
                            if (a.isEmpty()) {
                                // not an offset but a mistake: say that one
                                IndexExprs.affine(sub, scope.names(any), "an index", reporter);
                                problem[0] = "";
                                return;
                            }
                            offsets.add(x.array() + "[" + a.get() + "]");
                        }
                    }
                });
        if (problem[0] != null) {
            if (!problem[0].isEmpty()) {
                reporter.error(at, problem[0]);
            }
            return null;
        }
        if (found.isEmpty()) {
            reporter.error(
                    at,
                    offsets.isEmpty()
                            ? "cannot infer the range of "
                                    + Checker.quote(index)
                                    + ": it indexes no array; write it (for "
                                    + index
                                    + " in lo..hi, where lo..hi means lo <= "
                                    + index
                                    + " < hi)"
                            : "index "
                                    + Checker.quote(index)
                                    + " is used only with offsets ("
                                    + offsets.get(0)
                                    + "): write its range (for "
                                    + index
                                    + " in lo..hi, where lo..hi means lo <= "
                                    + index
                                    + " < hi)");
            return null;
        }
        if (found.size() > 1) {
            List<Dimension> two = new ArrayList<>(found.values()).subList(0, 2);
            reporter.error(
                    at,
                    "the range of "
                            + Checker.quote(index)
                            + " is ambiguous: it indexes "
                            + two.get(0).what()
                            + " ("
                            + elements(two.get(0).extent())
                            + sizes.where(two.get(0).extent())
                            + ") and "
                            + two.get(1).what()
                            + " ("
                            + elements(two.get(1).extent())
                            + sizes.where(two.get(1).extent())
                            + "); write it (for "
                            + index
                            + " in lo..hi)");
            return null;
        }
        return new Binder(index, Affine.of(0), found.values().iterator().next().extent());
    }

    /** An array dimension an index reads directly: its extent as written, and what it is. */
    private record Dimension(Affine extent, String what) {}

    private static String describeDimension(String array, int d, int rank) {
        return rank == 1 ? array : "dimension " + (d + 1) + " of " + array;
    }

    static String elements(Affine extent) {
        return extent.isConstant() && extent.constant() == 1 ? "1 element" : extent + " elements";
    }

    private static boolean mentions(Ast.Expr e, String name) {
        boolean[] found = new boolean[1];
        AstWalk.preOrder(e, x -> found[0] |= x instanceof Ast.Name n && n.name().equals(name));
        return found[0];
    }

    /** Whether the extents of {@code array} are being worked out (a statement needs itself). */
    boolean inProgress(String array) {
        return extentsInProgress.contains(array);
    }
}
