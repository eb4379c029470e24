package io.github.chainrule.loopgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.chainrule.Corpus;
import io.github.chainrule.Corpus.Case;
import io.github.chainrule.Driver;
import io.github.chainrule.diag.SourceFile;
import io.github.chainrule.diff.IndexedAdjoint;
import io.github.chainrule.diff.IndexedDerivatives;
import io.github.chainrule.diff.IndexedForward;
import io.github.chainrule.diff.IndexedReverse;
import io.github.chainrule.indexed.IndexedEvaluator;
import io.github.chainrule.indexed.IndexedPoint;
import io.github.chainrule.indexed.IndexedProgram;
import io.github.chainrule.indexed.IndexedValues;
import io.github.chainrule.indexed.Points;
import io.github.chainrule.javagen.Bytecode;
import io.github.chainrule.javagen.InMemoryJavac;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The indexed corpus (150 programs with exact values and derivatives) through generated loop
 * classes, compiled in one javac run as Java 8 and called through their named forms (and packed
 * forms, where every size is fixed): every value and derivative to 1e-9 relative against the
 * computer algebra system, and bit for bit against the indexed evaluator and its adjoint programs
 * (the same operations in the same order), except where the class's loop nests interleave two
 * statements' additions into one array ({@link #reorders}): there to 1e-13 of the row's largest
 * magnitude. Every method stays under the JIT's 8,000 bytes.
 */
class LoopCorpusTest {
    @TempDir static Path dir;

    private static final Map<String, IndexedProgram> PROGRAMS = new LinkedHashMap<>();
    private static InMemoryJavac.Compiled compiled;

    static Stream<Case> corpus() {
        return Corpus.indexedCases().stream();
    }

    private static String className(Case c) {
        return "gen.C" + c.id().replace("indexed-", "");
    }

    @BeforeAll
    static void generateAndCompileAll() {
        Map<String, String> sources = new LinkedHashMap<>();
        for (Case c : Corpus.indexedCases()) {
            SourceFile source = new SourceFile(c.id() + ".chain", c.program());
            Driver.Checked checked = Driver.check(source);
            assertTrue(checked.indexed().isPresent(), checked.reporter().format());
            PROGRAMS.put(c.id(), checked.indexed().get());
            String name = className(c);
            Driver.Generated g =
                    Driver.generate(source, "gen", name.substring(name.indexOf('.') + 1));
            assertTrue(g.java().isPresent(), String.join("\n", g.formatted()));
            sources.put(name, g.java().get());
        }
        compiled = InMemoryJavac.compile(dir, sources);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void generatedLoopsGiveTheEvaluatorsBitsAndTheExactValues(Case c) {
        IndexedProgram program = PROGRAMS.get(c.id());
        IndexedPoint point = Points.fromJson(program, c.id() + ".json", c.at().toString());
        IndexedValues values = IndexedEvaluator.evaluate(program, point);
        // where the class computes its gradient in forward mode, the tangent program's bits, and
        // the reverse mode's to 1e-12 of the largest derivative (they add in other orders)
        boolean tangent = IndexedForward.suitsGradient(program);
        IndexedDerivatives d =
                tangent
                        ? IndexedDerivatives.ofTangents(program, point)
                        : IndexedDerivatives.at(program, point);
        if (tangent) {
            assertNearReverseMode(c.id(), d, IndexedDerivatives.at(program, point));
        }
        LoopClass loops = new LoopClass(compiled.load(className(c)), program);
        Map<String, Long> sizes = values.sizes();
        List<Object> args = loops.args(sizes, point.inputs());
        List<String> outputs = program.outputs();
        int gradLength = loops.intOf("gradLength", sizes);

        // the outputs, from forward
        double[] out;
        boolean one = outputs.size() == 1 && values.shape(outputs.get(0)).length == 0;
        if (one) {
            out = new double[] {(Double) LoopClass.invoke(loops.named("forward"), args.toArray())};
        } else {
            out = new double[loops.intOf("outLength", sizes)];
            LoopClass.invoke(loops.named("forward", double[].class), LoopClass.with(args, out));
        }
        int at = 0;
        for (String o : outputs) {
            double[] expected = values.get(o);
            for (int i = 0; i < expected.length; i++) {
                String what = c.id() + " " + o + " element " + i;
                assertSameBits(what, expected[i], out[at + i]);
            }
            List<String> exact = new ArrayList<>();
            flatten(c.outputs().get(o), exact);
            for (int i = 0; i < exact.size(); i++) {
                assertClose(c.id() + " " + o + " element " + i, exact.get(i), out[at + i]);
            }
            at += expected.length;
        }

        // the derivatives, from the Jacobian: one row per output element, in the corpus's order
        double[][] jac = new double[out.length][gradLength];
        LoopClass.invoke(
                loops.named("jacobian", double[][].class), LoopClass.with(args, (Object) jac));
        int row = 0;
        for (Map.Entry<String, Map<String, double[]>> e : d.byElement().entrySet()) {
            JsonObject exact = c.derivatives().getAsJsonObject(e.getKey());
            boolean exactOrder = !reorders(program, outputOf(program, e.getKey()), false);
            double scale = largest(e.getValue().values());
            for (String w : program.wrt()) {
                int offset = loops.intOf(loops.offsetMethod(w), sizes);
                double[] expected = e.getValue().get(w);
                List<String> exactValues = new ArrayList<>();
                flatten(exact.get(w), exactValues);
                assertEquals(expected.length, exactValues.size(), c.id() + " d/d" + w);
                for (int i = 0; i < expected.length; i++) {
                    String what = c.id() + " d" + e.getKey() + "/d" + w + " element " + i;
                    assertSameBitsOrNear(
                            exactOrder, what, expected[i], jac[row][offset + i], scale);
                    assertClose(what, exactValues.get(i), jac[row][offset + i]);
                }
            }
            row++;
        }
        assertEquals(out.length, row, c.id() + ": rows of the Jacobian");

        if (one) {
            double[] grad = new double[gradLength];
            double value =
                    (Double)
                            LoopClass.invoke(
                                    loops.named("gradient", double[].class),
                                    LoopClass.with(args, grad));
            assertSameBits(c.id() + " gradient's value", out[0], value);
            String o = outputs.get(0);
            boolean exactOrder = !reorders(program, o, false) && !reorders(program, o, true);
            double scale = largest(List.of(jac[0]));
            for (int i = 0; i < gradLength; i++) {
                assertSameBitsOrNear(
                        exactOrder, c.id() + " gradient element " + i, jac[0][i], grad[i], scale);
            }
            double[] back = new double[gradLength];
            LoopClass.invoke(
                    loops.named("backward", double.class, double[].class),
                    LoopClass.with(args, 1.0, back));
            for (int i = 0; i < gradLength; i++) {
                assertSameBitsOrNear(
                        exactOrder, c.id() + " backward element " + i, grad[i], back[i], scale);
            }
        }
        if (loops.dims.isEmpty()) {
            packedFormsAgree(c, loops, point, one, out, jac);
        }
    }

    /** The packed forms give what the named forms gave, bit for bit. */
    private static void packedFormsAgree(
            Case c,
            LoopClass loops,
            IndexedPoint point,
            boolean one,
            double[] out,
            double[][] jac) {
        List<Double> packed = new ArrayList<>();
        for (IndexedProgram.Array a : loops.program.inputs()) {
            for (double v : point.inputs().get(a.name())) {
                packed.add(v);
            }
        }
        double[] x = packed.stream().mapToDouble(Double::doubleValue).toArray();
        assertEquals(x.length, loops.intOf("inputLength", Map.of()), c.id() + ": inputLength");
        if (one) {
            double value = (Double) LoopClass.invoke(loops.find("forward", double[].class), x);
            assertSameBits(c.id() + " packed forward", out[0], value);
            double[] grad = (double[]) LoopClass.invoke(loops.find("gradient", double[].class), x);
            for (int i = 0; i < grad.length; i++) {
                assertSameBits(c.id() + " packed gradient " + i, jac[0][i], grad[i]);
            }
        }
        double[][] packedJac = new double[jac.length][jac.length == 0 ? 0 : jac[0].length];
        LoopClass.invoke(loops.find("jacobian", double[].class, double[][].class), x, packedJac);
        for (int r = 0; r < jac.length; r++) {
            for (int i = 0; i < jac[r].length; i++) {
                assertSameBits(c.id() + " packed jacobian", jac[r][i], packedJac[r][i]);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void everyMethodStaysUnderTheJitsLimit(Case c) {
        Map.Entry<String, Integer> largest = Bytecode.largest(compiled.classFile(className(c)));
        assertTrue(largest.getValue() <= 8000, c.id() + ": " + largest);
    }

    /**
     * Whether the loop class's schedule of {@code output}'s backward pass (or, with {@code
     * gradient}, of the gradient's forward and backward passes together) interleaves two
     * statements' additions into one array: lj's gather and scatter into dL/dx, fused into one
     * nest, add their terms to an element in another order than the evaluator, which runs one
     * statement after the other. Those elements agree to rounding, not to the bit.
     */
    static boolean reorders(IndexedProgram program, String output, boolean gradient) {
        if (IndexedForward.suitsGradient(program)) {
            return false; // forward mode: every statement assigns, or adds once to a zero
        }
        IndexedAdjoint a = IndexedReverse.adjoint(program, output);
        List<IndexedProgram.Step> steps = new ArrayList<>();
        List<Boolean> backwards = new ArrayList<>();
        if (gradient) {
            steps.addAll(program.steps());
            program.steps().forEach(x -> backwards.add(false));
        }
        steps.addAll(a.steps());
        a.steps().forEach(x -> backwards.add(true));
        return Schedule.reorders(steps, backwards);
    }

    /** Forward mode's derivatives within 1e-12 of the largest one of reverse mode's. */
    static void assertNearReverseMode(
            String what, IndexedDerivatives forward, IndexedDerivatives reverse) {
        for (Map.Entry<String, Map<String, double[]>> e : reverse.byElement().entrySet()) {
            double scale = largest(e.getValue().values());
            for (Map.Entry<String, double[]> w : e.getValue().entrySet()) {
                double[] got = forward.byElement().get(e.getKey()).get(w.getKey());
                for (int i = 0; i < got.length; i++) {
                    double expected = w.getValue()[i];
                    if (!(Math.abs(expected - got[i]) <= 1e-12 * scale)) {
                        fail(
                                what
                                        + " d"
                                        + e.getKey()
                                        + "/d"
                                        + w.getKey()
                                        + ": reverse mode gives "
                                        + expected
                                        + " but forward mode "
                                        + got[i]);
                    }
                }
            }
        }
    }

    /** The output an element of {@code byElement} (named like {@code y[1]}) belongs to. */
    private static String outputOf(IndexedProgram program, String element) {
        int bracket = element.indexOf('[');
        String name = bracket < 0 ? element : element.substring(0, bracket);
        assertTrue(program.outputs().contains(name), element);
        return name;
    }

    private static double largest(java.util.Collection<double[]> rows) {
        double max = 0;
        for (double[] r : rows) {
            for (double v : r) {
                max = Math.max(max, Math.abs(v));
            }
        }
        return max;
    }

    /**
     * Bit for bit where the loops add in the evaluator's order; else within 1e-13 of the largest
     * magnitude of the row (a few roundings of a sum of a handful of terms).
     */
    static void assertSameBitsOrNear(
            boolean exactOrder, String what, double expected, double got, double scale) {
        if (exactOrder) {
            assertSameBits(what, expected, got);
        } else if (!(Math.abs(expected - got) <= 1e-13 * scale)
                && Double.doubleToLongBits(expected) != Double.doubleToLongBits(got)) {
            fail(what + ": expected " + expected + " (to 1e-13 of " + scale + ") but got " + got);
        }
    }

    static void assertSameBits(String what, double expected, double got) {
        if (Double.doubleToLongBits(expected) != Double.doubleToLongBits(got)) {
            fail(what + ": the evaluator gives " + expected + " but the loops give " + got);
        }
    }

    /** The strings of a nested list, row-major; a scalar is one. */
    static void flatten(JsonElement e, List<String> out) {
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
