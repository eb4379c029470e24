package io.github.chainrule.check;

import io.github.chainrule.diag.Reporter;
import io.github.chainrule.indexed.IndexedProgram;
import io.github.chainrule.syntax.Ast;
import java.util.Optional;

/**
 * Checks an indexed program (README, "Indexed programs") and lowers it into the indexed
 * intermediate form. All errors of the file are reported; the program comes back only when there
 * were none.
 */
public final class IndexedChecker {
    private IndexedChecker() {}

    /** Whether {@code program} uses anything of the indexed language (else it is scalar). */
    public static boolean isIndexed(Ast.Program program) {
        for (Ast.Stmt s : program.statements()) {
            if (s instanceof Ast.SizeDecl) {
                return true;
            }
            if (s instanceof Ast.Declaration d && d.shapes().stream().anyMatch(x -> !x.isEmpty())) {
                return true;
            }
            if (s instanceof Ast.Assignment a && (a.indexed() || !a.binders().isEmpty())) {
                return true;
            }
        }
        return false; // reductions and indexing alone are checked (and refused) as scalar programs
    }

    public static Optional<IndexedProgram> check(Ast.Program program, Reporter reporter) {
        throw new UnsupportedOperationException("being written");
    }
}
