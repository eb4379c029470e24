package io.github.chainrule.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.chainrule.Corpus;
import io.github.chainrule.Corpus.Case;
import io.github.chainrule.check.IndexedChecker;
import io.github.chainrule.diag.Reporter;
import io.github.chainrule.diag.SourceFile;
import io.github.chainrule.diff.IndexedAdjoint;
import io.github.chainrule.diff.IndexedFormulas;
import io.github.chainrule.indexed.IndexedProgram;
import io.github.chainrule.syntax.Ast;
import io.github.chainrule.syntax.SyntaxParser;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The derivatives section on every program of the indexed corpus, plain and expanded: one formula
 * per output and wrt input, no internal name ({@code a@1}) in sight, and no adjoint name left where
 * a division would make it ambiguous ({@code dL/dL/m}).
 */
class IndexedFormulasCorpusTest {
    /** An adjoint name, not in parentheses, followed by a division. */
    private static final Pattern AMBIGUOUS =
            Pattern.compile("(^|[^(\\w])d\\w+/d\\w+(\\[[^\\]]*\\])?/");

    static Stream<Case> corpus() {
        return Corpus.indexedCases().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void everyDerivativeIsAFormulaThatReads(Case c) {
        SourceFile source = new SourceFile(c.id() + ".chain", c.program());
        Reporter reporter = new Reporter(source);
        Ast.Program parsed = SyntaxParser.parse(source, reporter).orElseThrow();
        IndexedProgram program = IndexedChecker.check(parsed, reporter).orElseThrow();
        IndexedReport report = new IndexedReport(program);
        String backward = report.backwardText();
        for (boolean expand : new boolean[] {false, true}) {
            String text = report.formulasText(expand);
            assertThat(text).as(c.id()).doesNotContain("@");
            assertThat(backward + text).as(c.id()).doesNotContainPattern(AMBIGUOUS);
            IndexedFormulas formulas = IndexedFormulas.of(program, expand);
            assertThat(formulas.formulas())
                    .as(c.id())
                    .hasSize(program.outputs().size() * program.wrt().size());
            for (IndexedFormulas.Formula f : formulas.formulas()) {
                String adjoint = IndexedAdjoint.adjointName(f.output(), f.wrt());
                assertThat(text)
                        .as(c.id())
                        .containsPattern("\n  " + Pattern.quote(adjoint) + "[\\[ ]");
                if (!expand) {
                    assertThat(f.notExpanded()).as(c.id()).isEmpty();
                }
            }
        }
    }
}
