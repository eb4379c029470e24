package io.github.chainrule.indexed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.chainrule.Corpus;
import io.github.chainrule.Corpus.Case;
import io.github.chainrule.check.IndexedChecker;
import io.github.chainrule.diag.Reporter;
import io.github.chainrule.diag.SourceFile;
import io.github.chainrule.diff.IndexedDerivatives;
import io.github.chainrule.diff.IndexedReverse;
import io.github.chainrule.syntax.Ast;
import io.github.chainrule.syntax.SyntaxParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The indexed corpus (150 programs whose values a computer algebra system computed from their
 * unrolled scalar form; see the corpus's README) through the parser, the indexed checker and the
 * indexed evaluator, at each case's point read as {@code --at @point.json} would read it: the
 * values, and the derivatives of every output element by the adjoint programs of {@link
 * IndexedReverse} run by {@link IndexedDerivatives}.
 */
class IndexedCorpusTest {
    static Stream<Case> corpus() {
        return Corpus.indexedCases().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void derivativesMatchTheComputerAlgebraSystem(Case c) {
        IndexedProgram program = checked(c);
        IndexedPoint point = Points.fromJson(program, c.id() + ".json", c.at().toString());
        assertDerivatives(c, IndexedDerivatives.at(program, point));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void derivativesInForwardModeMatchTheComputerAlgebraSystem(Case c) {
        IndexedProgram program = checked(c);
        IndexedPoint point = Points.fromJson(program, c.id() + ".json", c.at().toString());
        assertDerivatives(c, IndexedDerivatives.inForwardMode(program, point));
    }

    private static void assertDerivatives(Case c, IndexedDerivatives d) {
        assertEquals(
                c.derivatives().keySet(),
                d.byElement().keySet(),
                c.id() + ": the output elements differentiated");
        for (Map.Entry<String, JsonElement> e : c.derivatives().entrySet()) {
            JsonObject byWrt = e.getValue().getAsJsonObject();
            Map<String, double[]> got = d.byElement().get(e.getKey());
            assertEquals(byWrt.keySet(), got.keySet(), c.id() + " " + e.getKey() + ": wrt");
            for (Map.Entry<String, JsonElement> w : byWrt.entrySet()) {
                List<String> expected = new ArrayList<>();
                flatten(w.getValue(), expected);
                double[] g = got.get(w.getKey());
                String what = c.id() + " d" + e.getKey() + "/d" + w.getKey();
                assertEquals(expected.size(), g.length, what + ": number of values");
                for (int i = 0; i < g.length; i++) {
                    assertClose(what + " element " + i, expected.get(i), g[i]);
                }
            }
        }
    }

    private static IndexedProgram checked(Case c) {
        SourceFile source = new SourceFile(c.id() + ".chain", c.program());
        Reporter reporter = new Reporter(source);
        Optional<Ast.Program> parsed = SyntaxParser.parse(source, reporter);
        assertTrue(parsed.isPresent() && !reporter.hasErrors(), reporter.format());
        Optional<IndexedProgram> checked = IndexedChecker.check(parsed.get(), reporter);
        assertTrue(checked.isPresent() && !reporter.hasErrors(), reporter.format());
        return checked.get();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void valuesMatchTheComputerAlgebraSystem(Case c) {
        SourceFile source = new SourceFile(c.id() + ".chain", c.program());
        Reporter reporter = new Reporter(source);
        Optional<Ast.Program> parsed = SyntaxParser.parse(source, reporter);
        assertTrue(parsed.isPresent() && !reporter.hasErrors(), reporter.format());
        assertTrue(IndexedChecker.isIndexed(parsed.get()), c.id() + " is not indexed");
        Optional<IndexedProgram> checked = IndexedChecker.check(parsed.get(), reporter);
        assertTrue(checked.isPresent() && !reporter.hasErrors(), reporter.format());
        IndexedProgram program = checked.get();

        IndexedPoint point = Points.fromJson(program, c.id() + ".json", c.at().toString());
        IndexedValues values = IndexedEvaluator.evaluate(program, point);
        for (Map.Entry<String, JsonElement> e : c.outputs().entrySet()) {
            String name = e.getKey();
            List<String> expected = new ArrayList<>();
            flatten(e.getValue(), expected);
            double[] got = values.get(name);
            assertEquals(expected.size(), got.length, c.id() + " " + name + ": number of values");
            for (int i = 0; i < got.length; i++) {
                assertClose(c.id() + " " + name + " element " + i, expected.get(i), got[i]);
            }
        }
    }

    /** The strings of a nested list, row-major; a scalar is one. */
    private static void flatten(JsonElement e, List<String> out) {
        if (e instanceof JsonArray a) {
            a.forEach(x -> flatten(x, out));
        } else {
            out.add(e.getAsString());
        }
    }

    /** 1e-9 relative, 1e-12 absolute where the exact value is 0 (the corpus's tolerance). */
    static void assertClose(String what, String exact, double got) {
        double expected = Double.parseDouble(exact);
        boolean close =
                expected == 0
                        ? Math.abs(got) <= 1e-12
                        : Math.abs(got - expected) <= 1e-9 * Math.abs(expected);
        if (!close) {
            fail(what + ": expected " + exact + " but got " + got);
        }
    }
}
