package io.github.chainrule.indexed;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import io.github.chainrule.ConformanceTest;
import io.github.chainrule.Corpus;
import io.github.chainrule.check.IndexedChecker;
import io.github.chainrule.diag.Reporter;
import io.github.chainrule.diag.SourceFile;
import io.github.chainrule.diff.IndexedDerivatives;
import io.github.chainrule.syntax.Ast;
import io.github.chainrule.syntax.SyntaxParser;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scalar programs are the zero-dimensional case of the indexed form ({@link
 * IndexedChecker#checkScalar}): the 300 programs of the scalar conformance corpus, lowered into
 * statements over empty domains, give through the indexed evaluator and {@link IndexedDerivatives}
 * (reverse and forward mode) the values and derivatives the computer algebra system computed, to
 * the corpus's tolerance.
 */
class ScalarAsIndexedTest {
    static Stream<Corpus.Case> corpus() {
        return Corpus.cases().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void theIndexedFormOfAScalarProgramGivesItsValuesAndDerivatives(Corpus.Case c) {
        SourceFile source = new SourceFile(c.id() + ".chain", c.program());
        Reporter reporter = new Reporter(source);
        Optional<Ast.Program> parsed = SyntaxParser.parse(source, reporter);
        assertThat(parsed).as(reporter.format()).isPresent();
        assertThat(IndexedChecker.isIndexed(parsed.get())).isFalse();
        Optional<IndexedProgram> checked = IndexedChecker.checkScalar(parsed.get(), reporter);
        assertThat(checked).as(reporter.format()).isPresent();
        IndexedProgram program = checked.get();
        assertThat(program.sizes()).isEmpty();
        for (IndexedProgram.Step step : program.steps()) {
            assertThat(step).isInstanceOf(IndexedProgram.Single.class);
            assertThat(((IndexedProgram.Single) step).statement().domain()).isEmpty();
        }

        IndexedPoint.Builder point = IndexedPoint.builder();
        for (Map.Entry<String, JsonElement> e : c.at().entrySet()) {
            point.scalar(e.getKey(), Double.parseDouble(e.getValue().getAsString()));
        }
        IndexedPoint at = point.build();
        IndexedValues values = IndexedEvaluator.evaluate(program, at);
        for (Map.Entry<String, JsonElement> e : c.outputs().entrySet()) {
            ConformanceTest.assertClose(
                    c.id() + " " + e.getKey(),
                    e.getValue().getAsString(),
                    new JsonPrimitive(values.scalar(e.getKey())));
        }
        compare(c, "reverse mode", IndexedDerivatives.at(program, at));
        compare(c, "forward mode", IndexedDerivatives.inForwardMode(program, at));
    }

    private static void compare(Corpus.Case c, String mode, IndexedDerivatives d) {
        for (Map.Entry<String, JsonElement> row : c.derivatives().entrySet()) {
            Map<String, double[]> byWrt = d.byElement().get(row.getKey());
            assertThat(byWrt).as(c.id() + " " + mode + ": d" + row.getKey()).isNotNull();
            for (Map.Entry<String, JsonElement> cell :
                    row.getValue().getAsJsonObject().entrySet()) {
                double[] got = byWrt.get(cell.getKey());
                String what = c.id() + " " + mode + ": d" + row.getKey() + "/d" + cell.getKey();
                assertThat(got).as(what).hasSize(1);
                ConformanceTest.assertClose(
                        what, cell.getValue().getAsString(), new JsonPrimitive(got[0]));
            }
        }
    }
}
