package io.github.chainrule.check;

import io.github.chainrule.diag.Reporter;
import io.github.chainrule.diag.Span;
import io.github.chainrule.indexed.IndexedProgram;
import io.github.chainrule.indexed.IndexedProgram.Statement;
import io.github.chainrule.syntax.Ast;
import io.github.chainrule.syntax.AstWalk;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Checks an indexed program (README, "Indexed programs") and lowers it into the indexed
 * intermediate form: sizes, array inputs, indexed statements and their ranges (written or
 * inferred), subscripts that are affine and provably inside their arrays, reductions, piecewise
 * definitions that cover their array exactly once, and recurrences that read only earlier
 * positions. All errors of the file are reported; the program comes back only when there were none.
 *
 * <p>The jobs are small classes over one {@link IndexedScope}: {@link SizeTable} and {@link
 * Declarations} (shared with the scalar {@link Checker}) for what is declared, {@link Ranges} for
 * ranges and extents, {@link ReadChecks} for reductions and subscripts, {@link IndexedLowering} for
 * the statements, and {@link RunOrder} for the order they run in.
 */
public final class IndexedChecker {
    private final IndexedScope scope;
    private final Reporter reporter;
    private final boolean scalarForm;

    private IndexedChecker(Ast.Program program, Reporter reporter, boolean scalarForm) {
        this.scope = new IndexedScope(program, reporter, scalarForm);
        this.reporter = reporter;
        this.scalarForm = scalarForm;
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
                if (a.indexed() || !a.binders().isEmpty() || Declarations.usesIndexing(a.value())) {
                    return true;
                }
            }
            if (s instanceof Ast.FunctionDef f && Declarations.usesIndexing(f.body())) {
                return true;
            }
        }
        return false;
    }

    public static Optional<IndexedProgram> check(Ast.Program program, Reporter reporter) {
        return new IndexedChecker(program, reporter, false).run();
    }

    /**
     * A scalar program (one that {@link #isIndexed} says is not indexed) in the indexed form, as
     * its zero-dimensional case: every assignment a statement over the empty domain, reading
     * scalars. Its declarations follow the scalar rules (inputs from the free names without an
     * input line). What the scalar {@link Checker} adds is not checked here: the order of use
     * (statements run in the order their reads need) and the warnings about unused names.
     */
    public static Optional<IndexedProgram> checkScalar(Ast.Program program, Reporter reporter) {
        if (isIndexed(program)) {
            throw new IllegalArgumentException("an indexed program: use check");
        }
        return new IndexedChecker(program, reporter, true).run();
    }

    private Optional<IndexedProgram> run() {
        if (scope.inputIdents().isEmpty() && !scalarForm) {
            reporter.error(
                    Span.NONE,
                    "an indexed program declares its inputs: write a line such as 'input x[n], b'");
        }
        Ranges ranges = new Ranges(scope);
        IndexedLowering lowering =
                new IndexedLowering(scope, ranges, new ReadChecks(scope, ranges));
        Functions userFunctions = new Functions(scope.graph, reporter, scope.functions());
        for (List<IndexedScope.Piece> ps : scope.pieces.values()) {
            ranges.extentOf(ps.get(0).target(), ps.get(0).assignment.target().span());
        }
        for (Ast.Stmt s : scope.program.statements()) {
            if (s instanceof Ast.Assignment a) {
                IndexedScope.Piece p = scope.pieceOf(a);
                if (p != null) {
                    lowering.lower(p, userFunctions);
                }
            }
        }
        collectIndexNames();
        List<String> outputNames = scope.declarations.checkOutputs(this::notAnOutput);
        List<String> wrtNames = scope.declarations.checkWrt(this::notWrt);
        if (scope.pieces.isEmpty()) {
            reporter.error(
                    Span.NONE, "the program has no assignment: write one such as 'z = x * y'");
        }
        if (reporter.hasErrors()) {
            return Optional.empty();
        }
        List<IndexedProgram.Step> steps =
                new RunOrder(scope.statements, scope.spans, reporter, scope.sizes.facts()).steps();
        if (reporter.hasErrors()) {
            return Optional.empty();
        }
        List<IndexedProgram.Size> sizeList = new ArrayList<>();
        for (IndexExprs.SizeName s : scope.sizes.all()) {
            sizeList.add(
                    new IndexedProgram.Size(
                            s.name(),
                            s.fixed().map(OptionalLong::of).orElse(OptionalLong.empty())));
        }
        List<IndexedProgram.Array> inputList = new ArrayList<>();
        scope.inputShapes.forEach((n, shape) -> inputList.add(new IndexedProgram.Array(n, shape)));
        List<IndexedProgram.Array> arrays = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Statement s : scope.statements) {
            if (seen.add(s.target())) {
                arrays.add(new IndexedProgram.Array(s.target(), scope.extents.get(s.target())));
            }
        }
        return Optional.of(
                new IndexedProgram(
                        scope.program.source(),
                        scope.graph,
                        List.copyOf(sizeList),
                        List.copyOf(inputList),
                        List.copyOf(arrays),
                        steps,
                        wrtNames,
                        outputNames));
    }

    /**
     * What an output that is not assigned is, when only indexed programs have it (a size, an index,
     * an array input); null where a scalar program's message fits (not assigned).
     */
    private String notAnOutput(String name) {
        String kind = scope.kindOf(name);
        return switch (kind == null ? "" : kind) {
            case "an input", "an array input", "a size", "an index" -> kind;
            default -> null;
        };
    }

    /** What a wrt name that is neither an input nor assigned is: a size or an index, else null. */
    private String notWrt(String name) {
        String kind = scope.kindOf(name);
        return "a size".equals(kind) || "an index".equals(kind) ? kind : null;
    }

    private void collectIndexNames() {
        for (Ast.Stmt s : scope.program.statements()) {
            if (s instanceof Ast.Assignment a) {
                a.binders().forEach(b -> scope.indexNames.add(b.index().name()));
                a.subscripts().stream()
                        .filter(e -> e instanceof Ast.Name)
                        .forEach(e -> scope.indexNames.add(((Ast.Name) e).name()));
                AstWalk.preOrder(
                        a.value(),
                        e -> {
                            if (e instanceof Ast.Reduction r) {
                                r.binders().forEach(b -> scope.indexNames.add(b.index().name()));
                            }
                        });
            }
        }
    }
}
