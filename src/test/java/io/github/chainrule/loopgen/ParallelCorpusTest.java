package io.github.chainrule.loopgen;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chainrule.Corpus;
import io.github.chainrule.Corpus.Case;
import io.github.chainrule.Driver;
import io.github.chainrule.diag.SourceFile;
import io.github.chainrule.indexed.IndexedEvaluator;
import io.github.chainrule.indexed.IndexedPoint;
import io.github.chainrule.indexed.IndexedProgram;
import io.github.chainrule.indexed.IndexedValues;
import io.github.chainrule.indexed.Points;
import io.github.chainrule.javagen.InMemoryJavac;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every indexed program of the conformance corpus generated with {@code --parallel}, compiled as
 * Java 8 beside its sequential class: at the corpus's points (one chunk, which runs inline) its
 * outputs and Jacobian are the sequential class's bits, whatever it splits.
 */
class ParallelCorpusTest {
    @TempDir static Path dir;

    private static final Map<String, IndexedProgram> PROGRAMS = new LinkedHashMap<>();
    private static InMemoryJavac.Compiled compiled;
    private static int splitting;

    static Stream<Case> corpus() {
        return Corpus.indexedCases().stream();
    }

    private static String className(Case c, boolean parallel) {
        return "gen.C" + c.id().replace("indexed-", "") + (parallel ? "Parallel" : "");
    }

    @BeforeAll
    static void generateAndCompileAll() {
        Map<String, String> sources = new LinkedHashMap<>();
        for (Case c : Corpus.indexedCases()) {
            SourceFile source = new SourceFile(c.id() + ".chain", c.program());
            PROGRAMS.put(c.id(), Driver.check(source).indexed().orElseThrow());
            for (boolean parallel : new boolean[] {false, true}) {
                String name = className(c, parallel);
                Driver.Generated g =
                        Driver.generate(
                                source,
                                "gen",
                                name.substring(name.indexOf('.') + 1),
                                new Driver.Options(false, parallel));
                assertTrue(g.java().isPresent(), String.join("\n", g.formatted()));
                sources.put(name, g.java().get());
                if (parallel && g.java().get().contains("IntStream")) {
                    splitting++;
                }
            }
        }
        compiled = InMemoryJavac.compile(dir, sources);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void theParallelClassGivesTheSequentialBitsOverOneChunk(Case c) {
        IndexedProgram program = PROGRAMS.get(c.id());
        IndexedPoint point = Points.fromJson(program, c.id() + ".json", c.at().toString());
        IndexedValues values = IndexedEvaluator.evaluate(program, point);
        double[][] sequential = jacobianAndOutputs(c, false, values, point);
        double[][] parallel = jacobianAndOutputs(c, true, values, point);
        for (int r = 0; r < sequential.length; r++) {
            for (int i = 0; i < sequential[r].length; i++) {
                LoopCorpusTest.assertSameBits(
                        c.id() + " row " + r + " element " + i, sequential[r][i], parallel[r][i]);
            }
        }
    }

    @Test
    void manyOfThemSplitANest() {
        // 49 of the 150 have a nest over a runtime range without a recurrence
        assertTrue(splitting >= 40, splitting + " programs split a nest");
    }

    /** The outputs (from forward) as the last row, after the Jacobian's rows. */
    private static double[][] jacobianAndOutputs(
            Case c, boolean parallel, IndexedValues values, IndexedPoint point) {
        Map<String, Long> sizes = values.sizes();
        IndexedProgram program = PROGRAMS.get(c.id());
        LoopClass loops = new LoopClass(compiled.load(className(c, parallel)), program);
        List<Object> args = loops.args(sizes, point.inputs());
        List<String> outputs = program.outputs();
        double[] out;
        if (outputs.size() == 1 && values.shape(outputs.get(0)).length == 0) {
            out = new double[] {(Double) LoopClass.invoke(loops.named("forward"), args.toArray())};
        } else {
            out = new double[loops.intOf("outLength", sizes)];
            LoopClass.invoke(loops.named("forward", double[].class), LoopClass.with(args, out));
        }
        double[][] rows = new double[out.length + 1][loops.intOf("gradLength", sizes)];
        LoopClass.invoke(
                loops.named("jacobian", double[][].class),
                LoopClass.with(args, (Object) java.util.Arrays.copyOf(rows, out.length)));
        rows[out.length] = out;
        return rows;
    }
}
