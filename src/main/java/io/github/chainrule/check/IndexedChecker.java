package io.github.chainrule.check;

import io.github.chainrule.diag.Reporter;
import io.github.chainrule.diag.Span;
import io.github.chainrule.diag.Suggestions;
import io.github.chainrule.graph.Fn;
import io.github.chainrule.graph.Graph;
import io.github.chainrule.graph.Node;
import io.github.chainrule.indexed.Affine;
import io.github.chainrule.indexed.IndexedProgram;
import io.github.chainrule.indexed.IndexedProgram.Binder;
import io.github.chainrule.indexed.IndexedProgram.Read;
import io.github.chainrule.indexed.IndexedProgram.ReduceOp;
import io.github.chainrule.indexed.IndexedProgram.Statement;
import io.github.chainrule.syntax.Ast;
import io.github.chainrule.syntax.AstWalk;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks an indexed program (README, "Indexed programs") and lowers it into the indexed
 * intermediate form: sizes, array inputs, indexed statements and their ranges (written or
 * inferred), subscripts that are affine and provably inside their arrays, reductions, piecewise
 * definitions that cover their array exactly once, and recurrences that read only earlier
 * positions. All errors of the file are reported; the program comes back only when there were none.
 */
public final class IndexedChecker {
    private static final Set<String> REDUCTIONS = Set.of("sum", "max", "min");

    private final Ast.Program program;
    private final Reporter reporter;
    private final Graph graph = new Graph();

    private final Map<String, Ast.Ident> sizeIdents = new LinkedHashMap<>();
    private final Map<String, IndexExprs.SizeName> sizes = new LinkedHashMap<>();
    private final Set<String> runtimeSizes = new LinkedHashSet<>();
    private final Map<String, Ast.Ident> inputIdents = new LinkedHashMap<>();
    private final Map<String, List<Affine>> inputShapes = new LinkedHashMap<>();
    private final Map<String, Ast.Ident> wrt = new LinkedHashMap<>();
    private final Map<String, Ast.Ident> outputs = new LinkedHashMap<>();
    private final Map<String, Ast.FunctionDef> functions = new LinkedHashMap<>();
    private final Map<String, List<Piece>> pieces = new LinkedHashMap<>();

    /** Every name bound as an index somewhere, for messages about names used wrongly. */
    private final Set<String> indexNames = new LinkedHashSet<>();

    private final Map<String, List<Affine>> extents = new HashMap<>();
    private final Set<String> extentsInProgress = new LinkedHashSet<>();
    private final Set<String> badArrays = new LinkedHashSet<>();

    /** Every element read of the program, by its leaf's name ({@code x[i+1]}, {@code a}). */
    private final Map<String, Read> reads = new HashMap<>();

    private final List<Statement> statements = new ArrayList<>();
    private final Map<Statement, Span> spans = new IdentityHashMap<>();

    /** One statement of an array's definition (one piece of a piecewise one). */
    private static final class Piece {
        final Ast.Assignment assignment;
        List<Binder> ranges; // the left-hand indices' ranges, in left-hand order; null until known
        boolean inProgress;
        boolean failed;

        Piece(Ast.Assignment assignment) {
            this.assignment = assignment;
        }

        String target() {
            return assignment.target().name();
        }
    }

    private IndexedChecker(Ast.Program program, Reporter reporter) {
        this.program = program;
        this.reporter = reporter;
    }

    /** Whether {@code program} uses anything of the indexed language (else it is scalar). */
    public static boolean isIndexed(Ast.Program program) {
        for (Ast.Stmt s : program.statements()) {
            if (s instanceof Ast.SizeDecl) {
                return true;
            }
            if (s instanceof Ast.Declaration d && d.shapes().stream().anyMatch(x -> !x.isEmpty())) {
                return true;
            }
            if (s instanceof Ast.Assignment a) {
                if (a.indexed() || !a.binders().isEmpty() || usesIndexing(a.value())) {
                    return true;
                }
            }
            if (s instanceof Ast.FunctionDef f && usesIndexing(f.body())) {
                return true;
            }
        }
        return false;
    }

    private static boolean usesIndexing(Ast.Expr e) {
        boolean[] found = new boolean[1];
        AstWalk.preOrder(e, x -> found[0] |= x instanceof Ast.Index || x instanceof Ast.Reduction);
        return found[0];
    }

    public static Optional<IndexedProgram> check(Ast.Program program, Reporter reporter) {
        return new IndexedChecker(program, reporter).run();
    }

    private Optional<IndexedProgram> run() {
        collectSizes();
        collectDeclarations();
        collectFunctions();
        collectAssignments();
        Functions userFunctions = new Functions(graph, reporter, functions);
        for (List<Piece> ps : pieces.values()) {
            extentOf(ps.get(0).target(), ps.get(0).assignment.target().span());
        }
        for (Ast.Stmt s : program.statements()) {
            if (s instanceof Ast.Assignment a) {
                Piece p = pieceOf(a);
                if (p != null) {
                    lower(p, userFunctions);
                }
            }
        }
        collectIndexNames();
        List<String> outputNames = checkOutputs();
        List<String> wrtNames = checkWrt();
        if (pieces.isEmpty()) {
            reporter.error(
                    Span.NONE, "the program has no assignment: write one such as 'z = x * y'");
        }
        if (reporter.hasErrors()) {
            return Optional.empty();
        }
        List<IndexedProgram.Step> steps =
                new RunOrder(statements, spans, reporter, runtimeSizes).steps();
        if (reporter.hasErrors()) {
            return Optional.empty();
        }
        List<IndexedProgram.Size> sizeList = new ArrayList<>();
        sizes.values()
                .forEach(
                        s ->
                                sizeList.add(
                                        new IndexedProgram.Size(
                                                s.name(),
                                                s.fixed()
                                                        .map(OptionalLong::of)
                                                        .orElse(OptionalLong.empty()))));
        List<IndexedProgram.Array> inputList = new ArrayList<>();
        inputShapes.forEach((n, shape) -> inputList.add(new IndexedProgram.Array(n, shape)));
        List<IndexedProgram.Array> arrays = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Statement s : statements) {
            if (seen.add(s.target())) {
                arrays.add(new IndexedProgram.Array(s.target(), extents.get(s.target())));
            }
        }
        return Optional.of(
                new IndexedProgram(
                        program.source(),
                        graph,
                        List.copyOf(sizeList),
                        List.copyOf(inputList),
                        List.copyOf(arrays),
                        steps,
                        wrtNames,
                        outputNames));
    }

    // ---- declarations ---------------------------------------------------------------------------

    private void collectSizes() {
        for (Ast.Stmt s : program.statements()) {
            if (!(s instanceof Ast.SizeDecl d)) {
                continue;
            }
            for (Ast.Size size : d.sizes()) {
                Ast.Ident id = size.name();
                if (!canName(id, "a size")) {
                    continue;
                }
                Ast.Ident first = sizeIdents.putIfAbsent(id.name(), id);
                if (first != null) {
                    reporter.error(
                            id.span(),
                            "size "
                                    + Checker.quote(id.name())
                                    + " is declared twice (first at "
                                    + first.span()
                                    + ")");
                    continue;
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
                    runtimeSizes.add(id.name());
                }
                sizes.put(id.name(), new IndexExprs.SizeName(id.name(), fixed));
            }
        }
    }

    private void collectDeclarations() {
        for (Ast.Stmt s : program.statements()) {
            if (!(s instanceof Ast.Declaration d)) {
                continue;
            }
            Map<String, Ast.Ident> target =
                    switch (d.kind()) {
                        case INPUT -> inputIdents;
                        case WRT -> wrt;
                        case OUTPUT -> outputs;
                    };
            for (int k = 0; k < d.names().size(); k++) {
                Ast.Ident id = d.names().get(k);
                if (d.kind() == Ast.DeclKind.INPUT && !canName(id, "an input")) {
                    continue;
                }
                Ast.Ident first = target.putIfAbsent(id.name(), id);
                if (first != null) {
                    reporter.error(
                            id.span(),
                            d.kind().keyword
                                    + " "
                                    + Checker.quote(id.name())
                                    + " is declared twice (first at "
                                    + first.span()
                                    + ")");
                    continue;
                }
                if (d.kind() == Ast.DeclKind.INPUT) {
                    inputShapes.put(id.name(), shape(d.shapes().get(k)));
                }
            }
        }
        if (inputIdents.isEmpty()) {
            reporter.error(
                    Span.NONE,
                    "an indexed program declares its inputs: write a line such as 'input x[n], b'");
        }
    }

    /** An input's dimensions: each a size or a positive integer literal. */
    private List<Affine> shape(List<Ast.Expr> dims) {
        List<Affine> out = new ArrayList<>();
        for (Ast.Expr e : dims) {
            if (e instanceof Ast.Num n && n.value() == Math.rint(n.value()) && n.value() >= 1) {
                out.add(Affine.of((long) n.value()));
            } else if (e instanceof Ast.Name n && sizes.containsKey(n.name())) {
                IndexExprs.SizeName s = sizes.get(n.name());
                out.add(
                        s.fixed().isPresent()
                                ? Affine.of(s.fixed().get())
                                : Affine.symbol(n.name()));
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

    /** A constant's or a built-in function's name cannot name a size, an input or an index. */
    private boolean canName(Ast.Ident id, String what) {
        if (Checker.CONSTANTS.containsKey(id.name())) {
            reporter.error(
                    id.span(), Checker.quote(id.name()) + " is a constant and cannot be " + what);
            return false;
        }
        if (Fn.byName(id.name()).isPresent()
                || id.name().equals("pow")
                || REDUCTIONS.contains(id.name())) {
            reporter.error(
                    id.span(),
                    Checker.quote(id.name()) + " is a built-in function and cannot be " + what);
            return false;
        }
        return true;
    }

    private void collectFunctions() {
        for (Ast.Stmt s : program.statements()) {
            if (s instanceof Ast.FunctionDef f && canName(f.name(), "redefined")) {
                Ast.FunctionDef first = functions.putIfAbsent(f.name().name(), f);
                if (first != null) {
                    reporter.error(
                            f.span(),
                            "function "
                                    + Checker.quote(f.name().name())
                                    + " is defined twice (first at "
                                    + first.span()
                                    + ")");
                }
                if (usesIndexing(f.body())) {
                    reporter.error(
                            f.span(),
                            "function "
                                    + Checker.quote(f.name().name())
                                    + " indexes or reduces: functions of yours are scalar; pass"
                                    + " them elements (f(x[i]))");
                }
            }
        }
    }

    private void collectAssignments() {
        for (Ast.Stmt s : program.statements()) {
            if (!(s instanceof Ast.Assignment a)) {
                continue;
            }
            String name = a.target().name();
            String clash = clashOfTarget(name);
            if (clash != null) {
                reporter.error(a.target().span(), "cannot assign to " + clash);
                continue;
            }
            List<Piece> ps = pieces.computeIfAbsent(name, k -> new ArrayList<>());
            if (!ps.isEmpty()) {
                Ast.Assignment first = ps.get(0).assignment;
                if (!a.indexed() || !first.indexed()) {
                    reporter.error(
                            a.target().span(),
                            Checker.quote(name)
                                    + " is assigned twice (first at "
                                    + first.target().span()
                                    + "): each name is assigned once, or an array piece by piece"
                                    + " (x[0] = ..., x[t] = ... for t in 1..T)");
                    continue;
                }
                if (first.subscripts().size() != a.subscripts().size()) {
                    reporter.error(
                            a.target().span(),
                            Checker.quote(name)
                                    + " has "
                                    + dimensions(first.subscripts().size())
                                    + " (at "
                                    + first.target().span()
                                    + "), but "
                                    + subscriptCount(a.subscripts().size())
                                    + " here");
                    continue;
                }
            }
            ps.add(new Piece(a));
        }
    }

    private String clashOfTarget(String name) {
        if (inputIdents.containsKey(name)) {
            return "input "
                    + Checker.quote(name)
                    + " (declared at "
                    + inputIdents.get(name).span()
                    + ")";
        }
        if (sizes.containsKey(name)) {
            return "size "
                    + Checker.quote(name)
                    + " (declared at "
                    + sizeIdents.get(name).span()
                    + ")";
        }
        if (Checker.CONSTANTS.containsKey(name)) {
            return "constant " + Checker.quote(name);
        }
        if (Fn.byName(name).isPresent() || name.equals("pow") || REDUCTIONS.contains(name)) {
            return Checker.quote(name) + ": it is a built-in function";
        }
        if (functions.containsKey(name)) {
            return Checker.quote(name)
                    + ": it is a function (defined at "
                    + functions.get(name).span()
                    + ")";
        }
        return null;
    }

    private static String dimensions(int n) {
        return n == 1 ? "1 dimension" : n + " dimensions";
    }

    private static String subscriptCount(int n) {
        return n == 1 ? "1 subscript" : n + " subscripts";
    }

    private Piece pieceOf(Ast.Assignment a) {
        List<Piece> ps = pieces.get(a.target().name());
        if (ps == null) {
            return null;
        }
        for (Piece p : ps) {
            if (p.assignment == a) {
                return p;
            }
        }
        return null;
    }

    // ---- names ----------------------------------------------------------------------------------

    private boolean isArray(String name) {
        if (inputShapes.containsKey(name)) {
            return !inputShapes.get(name).isEmpty();
        }
        List<Piece> ps = pieces.get(name);
        return ps != null && ps.get(0).assignment.indexed();
    }

    /** What a name declared at the program's level is, for messages; null if nothing. */
    private String kindOf(String name) {
        if (sizes.containsKey(name)) {
            return "a size";
        }
        if (inputIdents.containsKey(name)) {
            return isArray(name) ? "an array input" : "an input";
        }
        if (pieces.containsKey(name)) {
            return isArray(name) ? "an array" : "a value";
        }
        if (Checker.CONSTANTS.containsKey(name)) {
            return "a constant";
        }
        if (functions.containsKey(name)) {
            return "a function";
        }
        return indexNames.contains(name) ? "an index" : null;
    }

    /** Checks that an index variable's name is free; reports and returns false if not. */
    private boolean canBindIndex(Ast.Ident id, Set<String> inScope) {
        if (!canName(id, "an index")) {
            return false;
        }
        String kind = kindOf(id.name());
        if (kind != null || inScope.contains(id.name())) {
            reporter.error(
                    id.span(),
                    "index "
                            + Checker.quote(id.name())
                            + " shadows "
                            + (kind != null ? kind : "an index")
                            + " of the same name: give the index another name");
            return false;
        }
        return true;
    }

    /** The meaning of a name inside an integer expression, with {@code indices} in scope. */
    private IndexExprs.Names names(Set<String> indices) {
        return name -> {
            if (indices.contains(name)) {
                return Optional.of(new IndexExprs.IndexName(name));
            }
            if (sizes.containsKey(name)) {
                return Optional.of(sizes.get(name));
            }
            String kind = kindOf(name);
            return kind == null ? Optional.empty() : Optional.of(new IndexExprs.OtherName(kind));
        };
    }

    // ---- ranges and extents ---------------------------------------------------------------------

    /** The extents of an array, computed from its pieces the first time; null after an error. */
    private List<Affine> extentOf(String array, Span at) {
        if (inputShapes.containsKey(array)) {
            return inputShapes.get(array);
        }
        if (extents.containsKey(array) || badArrays.contains(array)) {
            return extents.get(array);
        }
        if (!extentsInProgress.add(array)) {
            return null; // the caller, which needs it to infer a range, says so
        }
        List<Piece> ps = pieces.get(array);
        List<Affine> result = null;
        boolean ok = true;
        for (Piece p : ps) {
            ok &= rangesOf(p) != null;
        }
        if (ok) {
            result = Coverage.extents(array, ps.stream().map(this::box).toList(), reporter);
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
    private Coverage.Box box(Piece p) {
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
        return new Coverage.Box(lo, hi, p.assignment.target().span(), runtimeSizes);
    }

    /**
     * The ranges of a piece's left-hand indices (written after {@code for}, or inferred from its
     * expression), checked the first time; null after an error.
     */
    private List<Binder> rangesOf(Piece p) {
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
                if (!canBindIndex(new Ast.Ident(n.name(), n.span()), lhs)) {
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
    private Binder writtenRange(Ast.Binder b, Set<String> indices, String what) {
        Ast.Range r = b.range().orElseThrow();
        Optional<Affine> lo = IndexExprs.affine(r.lo(), names(indices), what, reporter);
        Optional<Affine> hi = IndexExprs.affine(r.hi(), names(indices), what, reporter);
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
    private Binder inferRange(String index, Ast.Expr within, Span at) {
        Map<Affine, String> found = new LinkedHashMap<>();
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
                            if (!isArray(x.array())) {
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
                                        ext.get(d), describeDimension(x.array(), d, ext.size()));
                            }
                        } else if (mentions(sub, index)) {
                            Reporter quiet = new Reporter(reporter.source());
                            Set<String> any = new LinkedHashSet<>(List.of(index));
                            Optional<Affine> a =
                                    IndexExprs.affine(sub, names(any), "an index", quiet);
                            if (a.isEmpty()) {
                                // not an offset but a mistake: say that one
                                IndexExprs.affine(sub, names(any), "an index", reporter);
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
            List<Map.Entry<Affine, String>> two = new ArrayList<>(found.entrySet()).subList(0, 2);
            reporter.error(
                    at,
                    "the range of "
                            + Checker.quote(index)
                            + " is ambiguous: it indexes "
                            + two.get(0).getValue()
                            + " ("
                            + elements(two.get(0).getKey())
                            + ") and "
                            + two.get(1).getValue()
                            + " ("
                            + elements(two.get(1).getKey())
                            + "); write it (for "
                            + index
                            + " in lo..hi)");
            return null;
        }
        return new Binder(index, Affine.of(0), found.keySet().iterator().next());
    }

    private static String describeDimension(String array, int d, int rank) {
        return rank == 1 ? array : "dimension " + (d + 1) + " of " + array;
    }

    private static String elements(Affine extent) {
        return extent.isConstant() && extent.constant() == 1 ? "1 element" : extent + " elements";
    }

    private static boolean mentions(Ast.Expr e, String name) {
        boolean[] found = new boolean[1];
        AstWalk.preOrder(e, x -> found[0] |= x instanceof Ast.Name n && n.name().equals(name));
        return found[0];
    }

    // ---- statements -----------------------------------------------------------------------------

    /** What the walk of one statement learned, for its lowering. */
    private static final class StatementScope {
        final Map<Ast.Index, Read> reads = new IdentityHashMap<>();
        final Map<Ast.Reduction, List<Binder>> enclosing = new IdentityHashMap<>();
        final Map<Ast.Reduction, List<Binder>> own = new IdentityHashMap<>();
        final Set<String> indices = new LinkedHashSet<>();
        boolean ok = true;
    }

    private void lower(Piece p, Functions userFunctions) {
        List<Binder> domain = rangesOf(p);
        if (domain == null) {
            return;
        }
        Ast.Assignment a = p.assignment;
        StatementScope scope = new StatementScope();
        domain.forEach(b -> scope.indices.add(b.index()));
        walk(a.value(), domain, scope);
        if (!scope.ok || reporter.hasErrors()) {
            return; // one mistake, one message: lower nothing more once something failed
        }
        int line = a.target().span().line();
        int[] lifted = {0};
        Lowering.Scope lowering =
                new Lowering.Scope() {
                    @Override
                    public Node resolve(Ast.Name n) {
                        return resolveName(n, scope.indices);
                    }

                    @Override
                    public String kindOf(String n) {
                        return IndexedChecker.this.kindOf(n);
                    }

                    @Override
                    public Node read(Ast.Index index) {
                        Read r = scope.reads.get(index);
                        return leaf(r);
                    }

                    @Override
                    public Node reduction(Ast.Reduction r, Node body) {
                        String name = a.target().name() + "@" + (++lifted[0]);
                        return lift(name, r, body, scope, a.target().span());
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
                        readsOf(body),
                        line);
        statements.add(s);
        spans.put(s, a.target().span());
    }

    /** The leaf for an element read, remembered by its name. */
    private Node leaf(Read r) {
        String name = leafName(r);
        reads.putIfAbsent(name, r);
        return graph.variable(name);
    }

    private static String leafName(Read r) {
        if (r.subscripts().isEmpty()) {
            return r.array();
        }
        List<String> parts = new ArrayList<>();
        r.subscripts().forEach(s -> parts.add(s.toString()));
        return r.array() + "[" + String.join(", ", parts) + "]";
    }

    /** The element reads among a body's leaves. */
    private Map<String, Read> readsOf(Node body) {
        Map<String, Read> out = new LinkedHashMap<>();
        Deque<Node> work = new ArrayDeque<>(List.of(body));
        Set<Integer> seen = new java.util.HashSet<>();
        while (!work.isEmpty()) {
            Node n = work.pop();
            if (!seen.add(n.id())) {
                continue;
            }
            if (n instanceof Node.Var v && reads.containsKey(v.name())) {
                out.put(v.name(), reads.get(v.name()));
            }
            work.addAll(n.children());
        }
        return out;
    }

    private Node resolveName(Ast.Name n, Set<String> indices) {
        String name = n.name();
        if (indices.contains(name)) {
            return graph.variable(name);
        }
        IndexExprs.SizeName size = sizes.get(name);
        if (size != null) {
            return size.fixed().isPresent()
                    ? graph.constant(size.fixed().get())
                    : graph.variable(name);
        }
        if (inputIdents.containsKey(name) || pieces.containsKey(name)) {
            if (isArray(name)) {
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
            return leaf(new Read(name, List.of()));
        }
        Double constant = Checker.CONSTANTS.get(name);
        if (constant != null) {
            return graph.constant(constant);
        }
        if (functions.containsKey(name) || Fn.byName(name).isPresent() || name.equals("pow")) {
            reporter.error(
                    n.span(),
                    Checker.quote(name)
                            + " is a function: call it as "
                            + Suggestions.shorten(name)
                            + "(...)");
            return null;
        }
        Set<String> known = new TreeSet<>(inputIdents.keySet());
        known.addAll(pieces.keySet());
        known.addAll(sizes.keySet());
        known.addAll(indices);
        reporter.error(
                n.span(),
                "undeclared name "
                        + Checker.quote(name)
                        + Suggestions.closest(name, known)
                                .map(near -> " (did you mean '" + near + "'?)")
                                .orElse(": add it to the input line, or assign it"));
        return null;
    }

    /**
     * Checks one statement's expression with its indices in scope, with an explicit stack:
     * reductions (their names, binders and ranges) and element reads (arrays, subscripts and their
     * bounds). What it learns goes into {@code scope} for the lowering.
     */
    private void walk(Ast.Expr root, List<Binder> statementDomain, StatementScope scope) {
        record Item(Ast.Expr expr, List<Binder> binders) {}
        Deque<Item> stack = new ArrayDeque<>();
        stack.push(new Item(root, statementDomain));
        while (!stack.isEmpty()) {
            Item item = stack.pop();
            Ast.Expr e = item.expr();
            if (e instanceof Ast.Index x) {
                Read r = checkRead(x, item.binders());
                if (r == null) {
                    scope.ok = false;
                } else {
                    scope.reads.put(x, r);
                }
                continue;
            }
            if (e instanceof Ast.Reduction r) {
                List<Binder> own = checkReduction(r, item.binders(), scope);
                if (own == null) {
                    scope.ok = false;
                    continue;
                }
                List<Binder> inner = new ArrayList<>(item.binders());
                inner.addAll(own);
                scope.enclosing.put(r, item.binders());
                scope.own.put(r, own);
                stack.push(new Item(r.body(), List.copyOf(inner)));
                continue;
            }
            for (Ast.Expr kid : AstWalk.children(e)) {
                stack.push(new Item(kid, item.binders()));
            }
        }
    }

    private List<Binder> checkReduction(
            Ast.Reduction r, List<Binder> enclosing, StatementScope scope) {
        if (!REDUCTIONS.contains(r.function())) {
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
            if (!canBindIndex(b.index(), inScope)) {
                return null;
            }
            Binder range =
                    b.range().isPresent()
                            ? writtenRange(b, inScope, "a range's bound")
                            : inferRange(b.index().name(), r.body(), b.index().span());
            if (range == null) {
                return null;
            }
            inScope.add(b.index().name());
            scope.indices.add(b.index().name());
            own.add(range);
        }
        return own;
    }

    /** Checks an element read: the array, the number of subscripts, each one and its bounds. */
    private Read checkRead(Ast.Index x, List<Binder> binders) {
        String array = x.array();
        if (!inputIdents.containsKey(array) && !pieces.containsKey(array)) {
            Set<String> arrays = new TreeSet<>();
            inputShapes.forEach(
                    (n, s) -> {
                        if (!s.isEmpty()) {
                            arrays.add(n);
                        }
                    });
            pieces.keySet().stream().filter(this::isArray).forEach(arrays::add);
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
        if (!isArray(array)) {
            reporter.error(x.span(), Checker.quote(array) + " is a scalar: it cannot be indexed");
            return null;
        }
        List<Affine> ext = extentOf(array, x.span());
        if (ext == null) {
            return null; // its definition's error was reported
        }
        if (ext.size() != x.subscripts().size()) {
            reporter.error(
                    x.span(),
                    Checker.quote(array)
                            + " has "
                            + dimensions(ext.size())
                            + ", but "
                            + subscriptCount(x.subscripts().size())
                            + " "
                            + (x.subscripts().size() == 1 ? "is" : "are")
                            + " given");
            return null;
        }
        Set<String> indices = new LinkedHashSet<>();
        binders.forEach(b -> indices.add(b.index()));
        List<Affine> subs = new ArrayList<>();
        for (Ast.Expr sub : x.subscripts()) {
            Optional<Affine> s = IndexExprs.affine(sub, names(indices), "an index", reporter);
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
                        leafName(new Read(array, subs)) + ": " + problem);
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
        if (!Bounds.atMost(max.value(), extent.plus(-1), runtimeSizes)) {
            return sub
                    + " reaches "
                    + max.value()
                    + max.when()
                    + ", but "
                    + dimension
                    + elements(extent)
                    + " (0.."
                    + extent
                    + ", that is 0 <= index < "
                    + extent
                    + ")";
        }
        Bounds.Extreme min = Bounds.min(sub, binders);
        if (!Bounds.nonNegative(min.value(), runtimeSizes)) {
            return sub + " reaches " + min.value() + min.when() + ", but indices start at 0";
        }
        return null;
    }

    /**
     * Lifts a reduction out of the expression that holds it into a statement of its own, over the
     * enclosing indices it depends on and its own binders; returns the leaf that reads its result.
     */
    private Node lift(String name, Ast.Reduction r, Node body, StatementScope scope, Span at) {
        List<Binder> enclosing = scope.enclosing.get(r);
        List<Binder> own = scope.own.get(r);
        Set<String> needed = new LinkedHashSet<>();
        Map<String, Read> bodyReads = readsOf(body);
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
        statements.add(s);
        spans.put(s, at);
        extents.put(name, List.copyOf(ext));
        return leaf(new Read(name, List.copyOf(lhs)));
    }

    /** The symbols (indices and sizes) a body mentions, as leaves or in its reads' subscripts. */
    private static void collectSymbols(Node body, Map<String, Read> bodyReads, Set<String> out) {
        Deque<Node> work = new ArrayDeque<>(List.of(body));
        Set<Integer> seen = new java.util.HashSet<>();
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

    private void collectIndexNames() {
        for (Ast.Stmt s : program.statements()) {
            if (s instanceof Ast.Assignment a) {
                a.binders().forEach(b -> indexNames.add(b.index().name()));
                a.subscripts().stream()
                        .filter(e -> e instanceof Ast.Name)
                        .forEach(e -> indexNames.add(((Ast.Name) e).name()));
                AstWalk.preOrder(
                        a.value(),
                        e -> {
                            if (e instanceof Ast.Reduction r) {
                                r.binders().forEach(b -> indexNames.add(b.index().name()));
                            }
                        });
            }
        }
    }

    // ---- outputs and wrt ------------------------------------------------------------------------

    private List<String> checkOutputs() {
        List<String> names = new ArrayList<>();
        for (Ast.Ident id : outputs.values()) {
            if (pieces.containsKey(id.name())) {
                names.add(id.name());
            } else {
                String kind = kindOf(id.name());
                reporter.error(
                        id.span(),
                        "output "
                                + Checker.quote(id.name())
                                + (kind != null
                                        ? " is " + kind + ": outputs are assigned names"
                                        : " is not assigned"
                                                + Suggestions.didYouMean(
                                                        id.name(), pieces.keySet())));
            }
        }
        if (outputs.isEmpty() && !pieces.isEmpty()) {
            Ast.Assignment last = null;
            for (Ast.Stmt s : program.statements()) {
                if (s instanceof Ast.Assignment a && pieces.containsKey(a.target().name())) {
                    last = a;
                }
            }
            if (last != null) {
                names.add(last.target().name());
            }
        }
        return List.copyOf(names);
    }

    private List<String> checkWrt() {
        if (wrt.isEmpty()) {
            return List.copyOf(inputIdents.keySet());
        }
        List<String> names = new ArrayList<>();
        for (Ast.Ident id : wrt.values()) {
            if (inputIdents.containsKey(id.name())) {
                names.add(id.name());
            } else {
                String kind = kindOf(id.name());
                reporter.error(
                        id.span(),
                        "wrt "
                                + Checker.quote(id.name())
                                + (kind != null
                                        ? " is "
                                                + kind
                                                + ", not an input:"
                                                + " derivatives are taken with respect to inputs"
                                        : " is not an input"
                                                + Suggestions.didYouMean(
                                                        id.name(), inputIdents.keySet())));
            }
        }
        return List.copyOf(names);
    }
}
