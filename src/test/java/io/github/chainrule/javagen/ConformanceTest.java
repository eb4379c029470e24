package io.github.chainrule.javagen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.github.chainrule.Corpus;
import io.github.chainrule.TestPrograms;
import io.github.chainrule.check.CheckedProgram;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every program of the conformance corpus, generated and compiled (all in one javac call), run at
 * the corpus's point: forward, gradient, backward and jacobian agree with the evaluator to 1e-12
 * and with the corpus's exact values to 1e-9. Each program is also generated with every assigned
 * name an output, which exercises the forms for several outputs against the evaluator.
 */
class ConformanceTest {
    private static final double EVALUATOR = 1e-12;
    private static final double EXACT = 1e-9;

    @TempDir static Path dir;

    private record Case(
            Corpus.Case corpus,
            String className,
            CheckedProgram program,
            double[] x,
            String multiClassName,
            CheckedProgram multi) {
        String id() {
            return corpus.id();
        }
    }

    private static final List<Case> cases = new ArrayList<>();
    private static InMemoryJavac.Compiled compiled;

    @BeforeAll
    static void generateAndCompile() {
        Map<String, String> sources = new LinkedHashMap<>();
        for (Corpus.Case c : Corpus.cases()) {
            String id = c.id();
            String name = "Case_" + id.replaceAll("[^A-Za-z0-9]", "_");
            CheckedProgram p = TestPrograms.compile(id + ".chain", c.program());
            sources.put("conformance." + name, JavaEmitter.generate(p, "conformance", name));
            double[] x = new double[p.inputs().size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = c.at().get(p.inputs().get(i)).getAsDouble();
            }
            CheckedProgram multi = null;
            String multiName = null;
            if (p.definitions().size() > 1) {
                List<String> names = new ArrayList<>();
                p.definitions().forEach(d -> names.add(d.name()));
                String withOutputs =
                        c.program().replaceAll("(?m)^\\s*output\\b.*$", "")
                                + "\noutput "
                                + String.join(", ", names)
                                + "\n";
                multi = TestPrograms.compile(id + "-multi.chain", withOutputs);
                multiName = name + "_multi";
                sources.put(
                        "conformance." + multiName,
                        JavaEmitter.generate(multi, "conformance", multiName));
            }
            cases.add(new Case(c, name, p, x, multiName, multi));
        }
        compiled = InMemoryJavac.compile(dir, sources);
    }

    @TestFactory
    Stream<DynamicTest> everyCorpusProgram() {
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.id(), () -> check(c)));
    }

    private static void check(Case c) {
        GeneratedClass g = new GeneratedClass(compiled.load("conformance." + c.className()));
        // fresh compilations for the oracle: the emitter's graph is not the one checked against
        CheckedProgram fresh = TestPrograms.compile(c.id(), c.corpus().program());
        Oracle.Values expected = Oracle.at(fresh, c.x());
        assertAgrees(c.id(), g, c.x(), expected, EVALUATOR, 1e-300);

        JsonObject outputs = c.corpus().outputs();
        JsonObject derivatives = c.corpus().derivatives();
        double[] forward = g.forward(c.x());
        for (int j = 0; j < g.outputs.size(); j++) {
            String o = g.outputs.get(j);
            double exact = Double.parseDouble(outputs.get(o).getAsString());
            assertTrue(
                    Oracle.close(forward[j], exact, EXACT, 1e-12),
                    c.id() + ": " + o + " = " + forward[j] + ", exactly " + exact);
            double[][] jac = g.jacobian(c.x());
            for (int i = 0; i < g.wrt.size(); i++) {
                String w = g.wrt.get(i);
                double d = Double.parseDouble(derivatives.getAsJsonObject(o).get(w).getAsString());
                assertTrue(
                        Oracle.close(jac[j][i], d, EXACT, 1e-12),
                        c.id() + ": d" + o + "/d" + w + " = " + jac[j][i] + ", exactly " + d);
            }
        }
        if (c.multi() != null) {
            GeneratedClass multi =
                    new GeneratedClass(compiled.load("conformance." + c.multiClassName()));
            CheckedProgram freshMulti = TestPrograms.compile(c.id(), c.multi().source().text());
            assertAgrees(
                    c.id() + " (every name an output)",
                    multi,
                    c.x(),
                    Oracle.at(freshMulti, c.x()),
                    EVALUATOR,
                    1e-300);
        }
    }

    /**
     * forward, gradient, jacobian and backward (with a random seed) against the oracle's values.
     */
    static void assertAgrees(
            String what,
            GeneratedClass g,
            double[] x,
            Oracle.Values expected,
            double rel,
            double abs) {
        int m = g.outputs.size();
        int k = g.wrt.size();
        double[] forward = g.forward(x);
        for (int j = 0; j < m; j++) {
            assertClose(
                    what + ": forward " + g.outputs.get(j),
                    forward[j],
                    expected.outputs()[j],
                    rel,
                    abs);
        }
        double[][] jac = g.jacobian(x);
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < k; i++) {
                assertClose(
                        what + ": jacobian d" + g.outputs.get(j) + "/d" + g.wrt.get(i),
                        jac[j][i],
                        expected.jacobian()[j][i],
                        rel,
                        abs);
            }
        }
        if (m == 1) {
            double[] grad = new double[k];
            double value = g.gradient(x, grad);
            assertClose(what + ": gradient's value", value, expected.outputs()[0], rel, abs);
            for (int i = 0; i < k; i++) {
                assertClose(
                        what + ": gradient d/d" + g.wrt.get(i),
                        grad[i],
                        expected.jacobian()[0][i],
                        rel,
                        abs);
            }
        }
        Random random = new Random(what.hashCode());
        double[] seed = new double[m];
        for (int j = 0; j < m; j++) {
            seed[j] = random.nextGaussian();
        }
        double[] scalar = g.scalarForms(x, seed);
        if (scalar != null) {
            double[] array = g.arrayForms(x, seed);
            if (scalar.length
                    == array.length) { // every scalar form present: they compute what the array
                // forms do
                for (int i = 0; i < scalar.length; i++) {
                    assertEquals(array[i], scalar[i], what + ": scalar form, result " + i);
                }
            }
        }
        double[] grad = new double[k];
        g.backward(x, seed, grad);
        for (int i = 0; i < k; i++) {
            double sum = 0;
            double scale = 0;
            boolean nan = false;
            for (int j = 0; j < m; j++) {
                double term = seed[j] * expected.jacobian()[j][i];
                sum += term;
                scale += Math.abs(term);
                nan |= Double.isNaN(term) || Double.isInfinite(term);
            }
            if (nan) {
                continue; // an infinite derivative: the weighted sum has no finite reference
            }
            assertTrue(
                    Math.abs(grad[i] - sum) <= 1e-12 * scale + 1e-300,
                    what
                            + ": backward d/d"
                            + g.wrt.get(i)
                            + " = "
                            + grad[i]
                            + ", seed . jacobian = "
                            + sum);
        }
    }

    static void assertClose(String what, double actual, double expected, double rel, double abs) {
        if (!Oracle.close(actual, expected, rel, abs)) {
            assertEquals(expected, actual, what);
        }
    }
}
