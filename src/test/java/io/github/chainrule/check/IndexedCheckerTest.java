package io.github.chainrule.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.chainrule.Corpus;
import io.github.chainrule.diag.Reporter;
import io.github.chainrule.diag.SourceFile;
import io.github.chainrule.indexed.IndexedProgram;
import io.github.chainrule.syntax.Ast;
import io.github.chainrule.syntax.SyntaxParser;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every program of the indexed conformance corpus passes the indexed checks. */
class IndexedCheckerTest {

    static Stream<Arguments> corpus() {
        return Corpus.indexedCases().stream().map(c -> Arguments.of(c.id(), c.program()));
    }

    static Optional<IndexedProgram> check(String name, String text, Reporter[] reporterOut) {
        SourceFile source = new SourceFile(name, text);
        Reporter reporter = new Reporter(source);
        reporterOut[0] = reporter;
        Optional<Ast.Program> tree = SyntaxParser.parse(source, reporter);
        assertThat(tree).as(reporter.format()).isPresent();
        assertThat(IndexedChecker.isIndexed(tree.get())).isTrue();
        return IndexedChecker.check(tree.get(), reporter);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void everyCorpusProgramPassesTheChecks(String id, String program) {
        Reporter[] reporter = new Reporter[1];
        Optional<IndexedProgram> p = check(id, program, reporter);
        assertThat(reporter[0].hasErrors()).as(reporter[0].format()).isFalse();
        assertThat(p).isPresent();
        assertThat(p.get().steps()).isNotEmpty();
    }
}
