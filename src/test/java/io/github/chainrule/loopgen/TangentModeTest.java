package io.github.chainrule.loopgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.chainrule.Driver;
import io.github.chainrule.diag.SourceFile;
import io.github.chainrule.diff.IndexedDerivatives;
import io.github.chainrule.diff.IndexedForward;
import io.github.chainrule.indexed.IndexedPoint;
import io.github.chainrule.indexed.IndexedProgram;
import io.github.chainrule.javagen.InMemoryJavac;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which gradients the loop generator computes in forward mode ({@link
 * IndexedForward#suitsGradient}): the oscillator's (a scalar recurrence in five scalar inputs),
 * with no trajectory stored and no backward sweep, against central differences, commons-math3's
 * DerivativeStructure and the evaluator's reverse mode at several points and lengths; and not the
 * other examples', which keep reverse mode.
 */
class TangentModeTest {
    @TempDir static Path dir;

    private static final List<Integer> LENGTHS = List.of(2, 10, 1000, 20000);
    private static final Map<Integer, String> SOURCES = new LinkedHashMap<>();
    private static final Map<Integer, IndexedProgram> PROGRAMS = new LinkedHashMap<>();
    private static InMemoryJavac.Compiled compiled;

    private static IndexedProgram check(String name, String text) {
        Driver.Checked checked = Driver.check(new SourceFile(name, text));
        assertThat(checked.indexed()).as(checked.reporter().format()).isPresent();
        return checked.indexed().get();
    }

    private static String example(String name) throws IOException {
        return Files.readString(Path.of("examples/indexed/" + name + ".chain"));
    }

    @BeforeAll
    static void generateAndCompile() throws IOException {
        String text = example("oscillator");
        assertThat(text).contains("dim T = 1000\n");
        Map<String, String> sources = new LinkedHashMap<>();
        for (int t : LENGTHS) {
            String program = text.replace("dim T = 1000\n", "dim T = " + t + "\n");
            PROGRAMS.put(t, check("oscillator.chain", program));
            Driver.Generated g =
                    Driver.generate(new SourceFile("oscillator.chain", program), "gen", "Osc" + t);
            assertThat(g.java()).as(String.join("\n", g.formatted())).isPresent();
            SOURCES.put(t, g.java().get());
            sources.put("gen.Osc" + t, g.java().get());
        }
        compiled = InMemoryJavac.compile(dir, sources);
    }

    @Test
    void theOscillatorsGradientIsInForwardModeWithNoTrajectoryAndNoBackwardSweep() {
        String java = SOURCES.get(1000);
        assertThat(IndexedForward.suitsGradient(PROGRAMS.get(1000))).isTrue();
        assertThat(java)
                .contains("in forward mode")
                .doesNotContain("backward sweep")
                .doesNotContain("backwardPass")
                .doesNotContain("dL_dx")
                // only the last position's elements are stored, once, after the loop (x[T-1] in
                // its window's slot 1)
                .contains("x[1] = xLast;")
                .contains("dv_ddt[1] = dv_ddtLast;");
        String code =
                java.lines()
                        .filter(l -> !l.trim().startsWith("//") && !l.trim().startsWith("*"))
                        .collect(Collectors.joining("\n"));
        assertThat(code).doesNotContainPattern("\\[t\\] = ");
    }

    /** The allocations of a class's work space: the {@code new double[...]} of workFor. */
    private static List<String> workAllocations(String java) {
        int from = java.indexOf("private static Work workFor(");
        String body = java.substring(from, java.indexOf("return work;", from));
        return Pattern.compile("new double\\[[^\\]]*\\]")
                .matcher(body)
                .results()
                .map(MatchResult::group)
                .collect(Collectors.toList());
    }

    /**
     * x, v and their ten tangents are read and written at their first and last elements only (the
     * initial values, and what the loop stores after its last position): the work space keeps those
     * two elements of each, whatever T, not T doubles (Windows).
     */
    @Test
    void theWorkSpaceKeepsTwoElementsOfEachTrajectoryWhateverT() throws IOException {
        String longer =
                Driver.generate(
                                new SourceFile(
                                        "oscillator.chain",
                                        example("oscillator")
                                                .replace("dim T = 1000\n", "dim T = 100000\n")),
                                "gen",
                                "Osc")
                        .java()
                        .orElseThrow();
        List<String> allocations = workAllocations(SOURCES.get(1000));
        assertThat(allocations)
                .isEqualTo(workAllocations(longer))
                .hasSize(13)
                .containsOnly("new double[2]", "new double[1]");
        assertThat(allocations.stream().filter("new double[1]"::equals)).hasSize(1); // L
        // at T = 2 the two elements are the whole trajectory: kept as it is
        assertThat(workAllocations(SOURCES.get(2))).contains("new double[(int) length]");
    }

    /**
     * Where an array is read at an element that moves (the max and the sum over the trajectory), or
     * at elements a size given at call time places ({@code x[0]} and {@code x[T-1]} are one element
     * at {@code T = 1}), it is kept whole.
     */
    @Test
    void arraysReadAlongTheTrajectoryOrAtRuntimeSizedElementsAreKeptWhole() throws IOException {
        String runtime = example("oscillator").replace("dim T = 1000\n", "dim T\n");
        assertThat(IndexedForward.suitsGradient(check("oscillator.chain", runtime))).isTrue();
        String java =
                Driver.generate(new SourceFile("oscillator.chain", runtime), "gen", "Osc")
                        .java()
                        .orElseThrow();
        assertThat(workAllocations(java))
                .filteredOn("new double[(int) length]"::equals)
                .hasSize(12);
        assertThat(java).doesNotContain("Only the elements");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"lj", "mlp784", "logreg", "rosenbrock"})
    void theOtherExamplesKeepReverseMode(String name) throws IOException {
        IndexedProgram program = check(name + ".chain", example(name));
        assertThat(IndexedForward.suitsGradient(program)).isFalse();
        String java =
                Driver.generate(new SourceFile(name + ".chain", example(name)), "", "C")
                        .java()
                        .orElseThrow();
        assertThat(java).contains("in reverse mode").doesNotContain("in forward mode");
    }

    /** k, c, x0, v0, dt: a stable oscillator, a lightly damped one, one pushed hard. */
    private static final double[][] POINTS = {
        {1, 0.1, 1, 0, 0.01}, {4, 0.02, -0.5, 2, 0.005}, {0.3, 0.5, 2, -1, 0.02}
    };

    @Test
    void gradientsMatchDerivativeStructureFiniteDifferencesAndReverseMode() {
        for (int t : LENGTHS) {
            IndexedProgram program = PROGRAMS.get(t);
            LoopClass loops = new LoopClass(compiled.load("gen.Osc" + t), program);
            Method gradient = loops.find("gradient", double[].class, double[].class);
            Method forward = loops.find("forward", double[].class);
            // the orders of the sums differ: each step's rounding, some T of them, adds up
            double tolerance = Math.max(1e-12, 1e-15 * t);
            for (double[] p : POINTS) {
                String what = "T = " + t + " at " + Arrays.toString(p);
                double[] grad = new double[5];
                double value = (Double) LoopClass.invoke(gradient, p, grad);
                assertThat(value).as(what).isEqualTo((Double) LoopClass.invoke(forward, p));

                // commons-math3's forward mode, one DerivativeStructure per input
                DerivativeStructure[] in = new DerivativeStructure[5];
                for (int i = 0; i < 5; i++) {
                    in[i] = new DerivativeStructure(5, 1, i, p[i]);
                }
                DerivativeStructure x = in[2];
                DerivativeStructure v = in[3];
                for (int s = 1; s < t; s++) {
                    DerivativeStructure xn = x.add(in[4].multiply(v));
                    v = v.subtract(in[4].multiply(in[0].multiply(x).add(in[1].multiply(v))));
                    x = xn;
                }
                DerivativeStructure loss = x.multiply(x).add(v.multiply(v));
                assertThat(value)
                        .as(what)
                        .isCloseTo(loss.getValue(), within(1e-12 * scale(loss.getValue())));
                double largest = 0;
                for (int i = 0; i < 5; i++) {
                    largest = Math.max(largest, Math.abs(grad[i]));
                }
                for (int i = 0; i < 5; i++) {
                    int[] order = new int[5];
                    order[i] = 1;
                    assertThat(grad[i])
                            .as("%s: d/d%s against DerivativeStructure", what, program.wrt().get(i))
                            .isCloseTo(
                                    loss.getPartialDerivative(order), within(tolerance * largest));
                    // a step small against the input: d/ddt at T = 20,000 curves fast
                    double h = 1e-6 * Math.max(1e-3, Math.abs(p[i]));
                    double[] up = p.clone();
                    double[] down = p.clone();
                    up[i] += h;
                    down[i] -= h;
                    double numeric =
                            ((Double) LoopClass.invoke(forward, up)
                                            - (Double) LoopClass.invoke(forward, down))
                                    / (2 * h);
                    assertThat(grad[i])
                            .as("%s: d/d%s against central differences", what, program.wrt().get(i))
                            .isCloseTo(numeric, within(1e-5 * Math.max(1, Math.abs(numeric))));
                }

                // the evaluator: the tangent program's bits, reverse mode's to rounding
                IndexedPoint.Builder b = IndexedPoint.builder();
                for (int i = 0; i < 5; i++) {
                    b.scalar(program.inputs().get(i).name(), p[i]);
                }
                IndexedPoint point = b.build();
                IndexedDerivatives tangents = IndexedDerivatives.ofTangents(program, point);
                for (int i = 0; i < 5; i++) {
                    double expected = tangents.byElement().get("L").get(program.wrt().get(i))[0];
                    LoopCorpusTest.assertSameBits(what + " d/d" + i, expected, grad[i]);
                }
                IndexedDerivatives reverse = IndexedDerivatives.at(program, point);
                for (int i = 0; i < 5; i++) {
                    assertThat(grad[i])
                            .as("%s: d/d%s against reverse mode", what, program.wrt().get(i))
                            .isCloseTo(
                                    reverse.byElement().get("L").get(program.wrt().get(i))[0],
                                    within(tolerance * largest));
                }

                // backward: the seed times the gradient; jacobian: the gradient
                double[] back = new double[5];
                LoopClass.invoke(
                        loops.find("backward", double[].class, double[].class, double[].class),
                        p,
                        new double[] {-2.5},
                        back);
                double[][] jac = new double[1][5];
                LoopClass.invoke(loops.find("jacobian", double[].class, double[][].class), p, jac);
                for (int i = 0; i < 5; i++) {
                    LoopCorpusTest.assertSameBits(what + " backward", -2.5 * grad[i], back[i]);
                    LoopCorpusTest.assertSameBits(what + " jacobian", grad[i], jac[0][i]);
                }
            }
        }
    }

    /**
     * A recurrence with a max and a sum over its trajectory, a tangent that must start at zero (the
     * max's) and a wrt input the output does not depend on: the generated forward mode gives the
     * tangent program's bits and reverse mode's derivatives to rounding.
     */
    @Test
    void maxSumAndAnUnusedInputInForwardMode() {
        String text =
                """
                dim T = 7
                input a, b, unused
                x[0] = a
                x[t] = sin(b * x[t-1]) + a * exp(-t * b)   for t in 1..T
                m = max(x[t] for t in 0..T)
                L = m * a + sum(x[t]^2 for t in 0..T) + 0 * unused
                """;
        IndexedProgram program = check("maxsum.chain", text);
        assertThat(IndexedForward.suitsGradient(program)).isTrue();
        String java =
                Driver.generate(new SourceFile("maxsum.chain", text), "gen", "MaxSum")
                        .java()
                        .orElseThrow();
        // x and its tangents are read at every position after the recurrence: kept whole
        assertThat(java).doesNotContain("Only the elements");
        LoopClass loops =
                new LoopClass(
                        InMemoryJavac.compile(dir.resolve("maxsum"), Map.of("gen.MaxSum", java))
                                .load("gen.MaxSum"),
                        program);
        for (double[] p : new double[][] {{0.7, 1.3, 2}, {-0.4, 0.2, 1}, {1.5, -2.5, 0}}) {
            double[] grad = new double[3];
            LoopClass.invoke(loops.find("gradient", double[].class, double[].class), p, grad);
            IndexedPoint point =
                    IndexedPoint.builder()
                            .scalar("a", p[0])
                            .scalar("b", p[1])
                            .scalar("unused", p[2])
                            .build();
            IndexedDerivatives tangents = IndexedDerivatives.ofTangents(program, point);
            for (int i = 0; i < 3; i++) {
                LoopCorpusTest.assertSameBits(
                        "d/d" + program.wrt().get(i),
                        tangents.byElement().get("L").get(program.wrt().get(i))[0],
                        grad[i]);
            }
            LoopCorpusTest.assertNearReverseMode(
                    Arrays.toString(p), tangents, IndexedDerivatives.at(program, point));
        }
    }

    /**
     * Two coupled recurrences from position 1, whose values and tangents only their first and last
     * elements of are kept (their windows): the tangent program's bits, for gradient, backward and
     * jacobian.
     */
    @Test
    void windowedTrajectoriesGiveTheTangentProgramsBits() {
        String text =
                """
                dim T = 9
                input a, b
                x[0] = a
                y[0] = b * a
                x[t] = sin(b * x[t-1]) + y[t-1]          for t in 1..T
                y[t] = a * cos(x[t-1]) - 0.5 * y[t-1]    for t in 1..T
                L = x[T-1] * y[T-1] + exp(x[T-1])
                """;
        IndexedProgram program = check("coupled.chain", text);
        assertThat(IndexedForward.suitsGradient(program)).isTrue();
        String java =
                Driver.generate(new SourceFile("coupled.chain", text), "gen", "Coupled")
                        .java()
                        .orElseThrow();
        assertThat(workAllocations(java)).hasSize(7).containsOnly("new double[2]", "new double[1]");
        LoopClass loops =
                new LoopClass(
                        InMemoryJavac.compile(dir.resolve("coupled"), Map.of("gen.Coupled", java))
                                .load("gen.Coupled"),
                        program);
        for (double[] p : new double[][] {{0.7, 1.3}, {-0.4, 0.2}, {1.5, -2.5}}) {
            double[] grad = new double[2];
            LoopClass.invoke(loops.find("gradient", double[].class, double[].class), p, grad);
            double[] back = new double[2];
            LoopClass.invoke(
                    loops.find("backward", double[].class, double[].class, double[].class),
                    p,
                    new double[] {3.0},
                    back);
            double[][] jac = new double[1][2];
            LoopClass.invoke(loops.find("jacobian", double[].class, double[][].class), p, jac);
            IndexedPoint point = IndexedPoint.builder().scalar("a", p[0]).scalar("b", p[1]).build();
            IndexedDerivatives tangents = IndexedDerivatives.ofTangents(program, point);
            for (int i = 0; i < 2; i++) {
                String what = Arrays.toString(p) + " d/d" + program.wrt().get(i);
                double expected = tangents.byElement().get("L").get(program.wrt().get(i))[0];
                LoopCorpusTest.assertSameBits(what, expected, grad[i]);
                LoopCorpusTest.assertSameBits(what + " backward", 3.0 * expected, back[i]);
                LoopCorpusTest.assertSameBits(what + " jacobian", expected, jac[0][i]);
            }
        }
    }

    private static double scale(double v) {
        return Math.max(1, Math.abs(v));
    }
}
