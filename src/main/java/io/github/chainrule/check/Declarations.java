package io.github.chainrule.check;

import io.github.chainrule.diag.Reporter;
import io.github.chainrule.diag.Suggestions;
import io.github.chainrule.graph.Fn;
import io.github.chainrule.syntax.Ast;
import io.github.chainrule.syntax.AstWalk;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The declarations of a program, scalar or indexed, checked once for both: the {@code input},
 * {@code wrt} and {@code output} lines, the user's functions, the names assignments may take, and
 * the outputs and wrt inputs they name. The same mistake gives the same message in either kind of
 * program; an indexed program only adds what scalar programs cannot have (sizes, arrays, indices
 * and the reductions' names, which it reserves).
 */
final class Declarations {
    private final Ast.Program program;
    private final Reporter reporter;

    /** Names reserved beside the constants and built-in functions (the reductions', indexed). */
    private final Set<String> reserved;

    /** The program's sizes, which no assignment may take (none in a scalar program). */
    private final Map<String, Ast.Ident> sizes;

    final Map<String, Ast.Ident> inputs = new LinkedHashMap<>();

    /** Each input's dimensions as written ({@code x[n]}: {@code [n]}); none for a scalar. */
    final Map<String, List<Ast.Expr>> inputDimensions = new LinkedHashMap<>();

    final Map<String, Ast.Ident> wrt = new LinkedHashMap<>();
    final Map<String, Ast.Ident> outputs = new LinkedHashMap<>();
    final Map<String, Ast.FunctionDef> functions = new LinkedHashMap<>();

    /**
     * Every assigned name with the statements that assign it, in the order of the text: one each in
     * a scalar program, one per piece for an array defined piece by piece.
     */
    final Map<String, List<Ast.Assignment>> assignments = new LinkedHashMap<>();

    boolean hasInputLine;

    private Declarations(
            Ast.Program program,
            Reporter reporter,
            Set<String> reserved,
            Map<String, Ast.Ident> sizes) {
        this.program = program;
        this.reporter = reporter;
        this.reserved = reserved;
        this.sizes = sizes;
    }

    /** A scalar program's declarations. */
    static Declarations scalar(Ast.Program program, Reporter reporter) {
        Declarations d = new Declarations(program, reporter, Set.of(), Map.of());
        d.collect(false);
        return d;
    }

    /**
     * An indexed program's declarations, with its {@code sizes} (checked before): an array may be
     * assigned piece by piece, and the reductions' names are reserved.
     */
    static Declarations indexed(
            Ast.Program program,
            Reporter reporter,
            Set<String> reductions,
            Map<String, Ast.Ident> sizes) {
        Declarations d = new Declarations(program, reporter, reductions, sizes);
        d.collect(true);
        return d;
    }

    private void collect(boolean piecewise) {
        collectDeclarations();
        collectFunctions();
        collectAssignments(piecewise);
    }

    /** Whether {@code name} is a built-in function's (or, indexed, a reduction's). */
    boolean isBuiltIn(String name) {
        return isBuiltIn(name, reserved);
    }

    private static boolean isBuiltIn(String name, Set<String> reserved) {
        return Fn.byName(name).isPresent() || name.equals("pow") || reserved.contains(name);
    }

    /**
     * A constant's or a built-in function's name cannot name an input, a parameter, a size, an
     * index, or a function of the user's; reports and returns false for one.
     */
    boolean canName(Ast.Ident id, String what) {
        return canName(id, what, reserved, reporter);
    }

    /** As {@link #canName(Ast.Ident, String)}, before the declarations are collected. */
    static boolean canName(Ast.Ident id, String what, Set<String> reserved, Reporter reporter) {
        if (Checker.CONSTANTS.containsKey(id.name())) {
            reporter.error(
                    id.span(), Checker.quote(id.name()) + " is a constant and cannot be " + what);
            return false;
        }
        if (isBuiltIn(id.name(), reserved)) {
            reporter.error(
                    id.span(),
                    Checker.quote(id.name()) + " is a built-in function and cannot be " + what);
            return false;
        }
        return true;
    }

    private void collectDeclarations() {
        for (Ast.Stmt s : program.statements()) {
            if (!(s instanceof Ast.Declaration d)) {
                continue;
            }
            Map<String, Ast.Ident> target =
                    switch (d.kind()) {
                        case INPUT -> inputs;
                        case WRT -> wrt;
                        case OUTPUT -> outputs;
                    };
            hasInputLine |= d.kind() == Ast.DeclKind.INPUT;
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
                    inputDimensions.put(id.name(), d.shapes().get(k));
                }
            }
        }
    }

    private void collectFunctions() {
        for (Ast.Stmt s : program.statements()) {
            if (!(s instanceof Ast.FunctionDef f) || !canName(f.name(), "redefined")) {
                continue;
            }
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
            Set<String> seen = new LinkedHashSet<>();
            for (Ast.Ident p : f.params()) {
                if (canName(p, "a parameter") && !seen.add(p.name())) {
                    reporter.error(
                            p.span(),
                            "parameter "
                                    + Checker.quote(p.name())
                                    + " is declared twice in function "
                                    + Checker.quote(f.name().name()));
                }
            }
        }
    }

    /** Whether an expression indexes or reduces (only indexed programs do). */
    static boolean usesIndexing(Ast.Expr e) {
        boolean[] found = new boolean[1];
        AstWalk.preOrder(e, x -> found[0] |= x instanceof Ast.Index || x instanceof Ast.Reduction);
        return found[0];
    }

    private void collectAssignments(boolean piecewise) {
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
            List<Ast.Assignment> all = assignments.computeIfAbsent(name, k -> new ArrayList<>());
            if (!all.isEmpty() && !canAddPiece(all.get(0), a, piecewise)) {
                continue;
            }
            all.add(a);
        }
    }

    /** What an assignment to {@code name} would clash with, for a message; null if nothing. */
    private String clashOfTarget(String name) {
        if (inputs.containsKey(name)) {
            return "input "
                    + Checker.quote(name)
                    + " (declared at "
                    + inputs.get(name).span()
                    + ")";
        }
        if (sizes.containsKey(name)) {
            return "size " + Checker.quote(name) + " (declared at " + sizes.get(name).span() + ")";
        }
        if (Checker.CONSTANTS.containsKey(name)) {
            return "constant " + Checker.quote(name);
        }
        if (isBuiltIn(name)) {
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

    /** Whether {@code a} may define another piece of what {@code first} defines; reports if not. */
    private boolean canAddPiece(Ast.Assignment first, Ast.Assignment a, boolean piecewise) {
        String name = a.target().name();
        if (!piecewise || (!a.indexed() && !first.indexed())) {
            reporter.error(
                    a.target().span(),
                    Checker.quote(name)
                            + " is assigned twice (first at "
                            + first.target().span()
                            + "): each name is assigned once");
            return false;
        }
        if (!a.indexed() || !first.indexed()) {
            reporter.error(
                    a.target().span(),
                    Checker.quote(name)
                            + " is assigned twice (first at "
                            + first.target().span()
                            + "): each name is assigned once, or an array piece by piece"
                            + " (x[0] = ..., x[t] = ... for t in 1..T)");
            return false;
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
            return false;
        }
        return true;
    }

    static String dimensions(int n) {
        return n == 1 ? "1 dimension" : n + " dimensions";
    }

    static String subscriptCount(int n) {
        return n == 1 ? "1 subscript" : n + " subscripts";
    }

    /**
     * Without an input line, a scalar program's inputs are its free names in order of first
     * appearance.
     */
    void inputsFromFreeNames() {
        for (Ast.Stmt s : program.statements()) {
            if (s instanceof Ast.Assignment a) {
                AstWalk.preOrder(
                        a.value(),
                        e -> {
                            if (e instanceof Ast.Name n
                                    && !assignments.containsKey(n.name())
                                    && !Checker.CONSTANTS.containsKey(n.name())
                                    && !functions.containsKey(n.name())
                                    && Fn.byName(n.name()).isEmpty()
                                    && !inputs.containsKey(n.name())) {
                                inputs.put(n.name(), new Ast.Ident(n.name(), n.span()));
                                inputDimensions.put(n.name(), List.of());
                            }
                        });
            }
        }
    }

    // ---- outputs and wrt ------------------------------------------------------------------------

    /**
     * The outputs: the names of the {@code output} lines, each assigned, or else the name of the
     * last assignment.
     *
     * @param kindOf what a name that is not assigned is, when outputs cannot be it ("an input", "a
     *     size"), else null
     */
    List<String> checkOutputs(Function<String, String> kindOf) {
        List<String> names = new ArrayList<>();
        for (Ast.Ident id : outputs.values()) {
            if (assignments.containsKey(id.name())) {
                names.add(id.name());
                continue;
            }
            String kind = kindOf.apply(id.name());
            reporter.error(
                    id.span(),
                    "output "
                            + Checker.quote(id.name())
                            + (kind != null
                                    ? " is " + kind + ": outputs are assigned names"
                                    : " is not assigned"
                                            + Suggestions.didYouMean(
                                                    id.name(), assignments.keySet())));
        }
        if (outputs.isEmpty()) {
            String last = null;
            for (Ast.Stmt s : program.statements()) {
                if (s instanceof Ast.Assignment a && assignments.containsKey(a.target().name())) {
                    last = a.target().name();
                }
            }
            if (last != null) {
                names.add(last);
            }
        }
        return List.copyOf(names);
    }

    /**
     * The wrt inputs: the names of the {@code wrt} lines, each an input, or else every input.
     *
     * @param kindOf what a name that is neither an input nor assigned is, when wrt cannot be it ("a
     *     size", "an index"), else null
     */
    List<String> checkWrt(Function<String, String> kindOf) {
        if (wrt.isEmpty()) {
            return List.copyOf(inputs.keySet());
        }
        List<String> names = new ArrayList<>();
        for (Ast.Ident id : wrt.values()) {
            if (inputs.containsKey(id.name())) {
                names.add(id.name());
                continue;
            }
            String kind = assignments.containsKey(id.name()) ? "assigned" : kindOf.apply(id.name());
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
                                            + Suggestions.didYouMean(id.name(), inputs.keySet())));
        }
        return List.copyOf(names);
    }

    // ---- names used wrongly ---------------------------------------------------------------------

    /** The message for a function's name used as a value. */
    static String functionAsValue(String name) {
        return Checker.quote(name)
                + " is a function: call it as "
                + Suggestions.shorten(name)
                + "(...)";
    }

    /** The message for a name that means nothing, with the nearest of {@code known}. */
    static String undeclared(String name, Collection<String> known) {
        return "undeclared name "
                + Checker.quote(name)
                + Suggestions.closest(name, known)
                        .map(Suggestions::hint)
                        .orElse(": add it to the input line, or assign it");
    }
}
