package io.github.chainrule;

import io.github.chainrule.check.CheckedProgram;
import io.github.chainrule.check.Checker;
import io.github.chainrule.diag.Reporter;
import io.github.chainrule.diag.SourceFile;
import io.github.chainrule.syntax.Ast;
import io.github.chainrule.syntax.SyntaxParser;
import java.util.Optional;

/**
 * The front of the pipeline, as one call: parse, then check and lower into the graph. It stops
 * between stages when a stage reported errors. The CLI and the Maven plugin both start here.
 */
public final class Compiler {
    private Compiler() {}

    /**
     * What compiling one source gave: the checked program when there were no errors, and every
     * diagnostic.
     */
    public record Compilation(
            SourceFile source, Reporter reporter, Optional<CheckedProgram> program) {
        public boolean ok() {
            return program.isPresent();
        }
    }

    public static Compilation compile(SourceFile source) {
        Reporter reporter = new Reporter(source);
        Optional<Ast.Program> tree = SyntaxParser.parse(source, reporter);
        if (tree.isEmpty()) {
            return new Compilation(source, reporter, Optional.empty());
        }
        Optional<CheckedProgram> checked = Checker.check(tree.get(), reporter);
        return new Compilation(source, reporter, checked);
    }
}
