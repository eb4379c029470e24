package io.github.chainrule.loopgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.chainrule.Driver;
import io.github.chainrule.diag.SourceFile;
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
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Classes generated with {@code --parallel} ({@link Chunked}), compiled as Java 8 beside the
 * sequential ones: over several chunks their values and derivatives are the sequential class's to
 * 1e-12 relative, the same bits whatever pool runs them, and the sequential bits over one chunk;
 * without the option the output is what it was.
 */
class ParallelLoopsTest {
    @TempDir static Path dir;

    private static final Map<String, IndexedProgram> PROGRAMS = new LinkedHashMap<>();
    private static InMemoryJavac.Compiled compiled;

    /** Several chunks of logreg's samples, the last one short. */
    private static final int SAMPLES = 3 * Chunked.CHUNK + 123;

    private static final int FEATURES = 10;

    @BeforeAll
    static void generateAndCompile() throws IOException {
        Map<String, String> sources = new LinkedHashMap<>();
        for (String example : List.of("logreg", "rosenbrock")) {
            SourceFile source = source(example);
            PROGRAMS.put(example, Driver.check(source).indexed().orElseThrow());
            String name = Character.toUpperCase(example.charAt(0)) + example.substring(1);
            for (boolean parallel : new boolean[] {false, true}) {
                String className = name + (parallel ? "Parallel" : "");
                Driver.Generated g =
                        Driver.generate(
                                source, "gen", className, new Driver.Options(false, parallel));
                assertThat(g.java()).as(String.join("\n", g.formatted())).isPresent();
                sources.put("gen." + className, g.java().get());
            }
        }
        compiled = InMemoryJavac.compile(dir.resolve("parallel"), sources);
    }

    private static SourceFile source(String example) throws IOException {
        Path file = Path.of("examples/indexed/" + example + ".chain");
        return new SourceFile(file.toString(), Files.readString(file));
    }

    private static LoopClass loops(String className, String example) {
        return new LoopClass(compiled.load("gen." + className), PROGRAMS.get(example));
    }

    /** logreg's inputs at {@code m} samples: X, y, w, b. */
    private static Map<String, double[]> logregInputs(int m) {
        Random random = new Random(13);
        double[] x = new double[m * FEATURES];
        double[] y = new double[m];
        double[] w = new double[FEATURES];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextGaussian();
        }
        for (int i = 0; i < m; i++) {
            y[i] = random.nextInt(2);
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = 0.3 * random.nextGaussian();
        }
        Map<String, double[]> inputs = new LinkedHashMap<>();
        inputs.put("X", x);
        inputs.put("y", y);
        inputs.put("w", w);
        inputs.put("b", new double[] {0.2});
        return inputs;
    }

    private static Map<String, Long> logregSizes(int m) {
        return Map.of("m", (long) m, "p", (long) FEATURES);
    }

    /** The value, then the gradient, of {@code gradient}. */
    private static double[] gradient(LoopClass loops, List<Object> args) {
        double[] grad = new double[FEATURES + 1];
        Method gradient = loops.named("gradient", double[].class);
        double value = (Double) LoopClass.invoke(gradient, LoopClass.with(args, grad));
        double[] out = new double[grad.length + 1];
        out[0] = value;
        System.arraycopy(grad, 0, out, 1, grad.length);
        return out;
    }

    private static void assertClose(double[] actual, double[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(Math.abs(actual[i] - expected[i]))
                    .as("element %d: %s vs %s", i, actual[i], expected[i])
                    .isLessThanOrEqualTo(1e-12 * Math.abs(expected[i]));
        }
    }

    private static void assertSameBits(double[] actual, double[] expected) {
        for (int i = 0; i < expected.length; i++) {
            assertThat(Double.doubleToRawLongBits(actual[i]))
                    .as("element %d: %s vs %s", i, actual[i], expected[i])
                    .isEqualTo(Double.doubleToRawLongBits(expected[i]));
        }
    }

    private static <T> T inPool(int threads, java.util.concurrent.Callable<T> call)
            throws InterruptedException, ExecutionException {
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            return pool.submit(call).get();
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void logregOverSeveralChunksIsTheSequentialClassTo1e12() {
        LoopClass sequential = loops("Logreg", "logreg");
        LoopClass parallel = loops("LogregParallel", "logreg");
        List<Object> args = parallel.args(logregSizes(SAMPLES), logregInputs(SAMPLES));
        double[] expected = gradient(sequential, args);
        double[] actual = gradient(parallel, args);
        assertClose(actual, expected);
        assertThat(actual[0])
                .isEqualTo((Double) LoopClass.invoke(parallel.named("forward"), args.toArray()));

        // backward with a seed, and the jacobian: the same sums split alike
        double[] seeded = new double[FEATURES + 1];
        double[] seededParallel = new double[FEATURES + 1];
        Method backward = sequential.named("backward", double.class, double[].class);
        LoopClass.invoke(backward, LoopClass.with(args, 0.7, seeded));
        LoopClass.invoke(
                parallel.named("backward", double.class, double[].class),
                LoopClass.with(args, 0.7, seededParallel));
        assertClose(seededParallel, seeded);
        double[][] jac = new double[1][FEATURES + 1];
        LoopClass.invoke(
                parallel.named("jacobian", double[][].class), LoopClass.with(args, (Object) jac));
        assertClose(jac[0], Arrays.copyOfRange(expected, 1, expected.length));
    }

    @Test
    void theBitsDoNotDependOnTheNumberOfThreads() throws Exception {
        LoopClass parallel = loops("LogregParallel", "logreg");
        List<Object> args = parallel.args(logregSizes(SAMPLES), logregInputs(SAMPLES));
        double[] common = gradient(parallel, args);
        assertSameBits(inPool(1, () -> gradient(parallel, args)), common);
        assertSameBits(inPool(4, () -> gradient(parallel, args)), common);
        assertSameBits(gradient(parallel, args), common); // a warm call, partial sums reused
    }

    @Test
    void callsFromThePoolsOwnTasksEachGetTheirBits() throws Exception {
        // a user's parallel stream of calls, each splitting its nests on the same pool: a thread
        // waiting for its chunks may run another call meanwhile, which must not share its work
        LoopClass parallel = loops("LogregParallel", "logreg");
        Map<String, double[]> inputs = logregInputs(SAMPLES);
        int calls = 24;
        List<List<Object>> args = new java.util.ArrayList<>();
        double[][] expected = new double[calls][];
        for (int t = 0; t < calls; t++) {
            inputs.get("w")[t % FEATURES] += 0.1;
            args.add(parallel.args(logregSizes(SAMPLES), inputs));
            expected[t] = gradient(parallel, args.get(t));
        }
        double[][] got =
                inPool(
                        2,
                        () ->
                                java.util.stream.IntStream.range(0, calls)
                                        .parallel()
                                        .mapToObj(t -> gradient(parallel, args.get(t)))
                                        .toArray(double[][]::new));
        for (int t = 0; t < calls; t++) {
            assertSameBits(got[t], expected[t]);
        }
    }

    @Test
    void oneChunkRunsInlineWithTheSequentialBits() {
        int m = Chunked.CHUNK - 1;
        List<Object> args = loops("Logreg", "logreg").args(logregSizes(m), logregInputs(m));
        assertSameBits(
                gradient(loops("LogregParallel", "logreg"), args),
                gradient(loops("Logreg", "logreg"), args));
    }

    @Test
    void rosenbrockSplitsItsSumToo() throws Exception {
        int n = 2 * Chunked.CHUNK + 7;
        double[] x = new double[n];
        Random random = new Random(5);
        for (int i = 0; i < n; i++) {
            x[i] = 1 + 0.5 * random.nextGaussian();
        }
        LoopClass sequential = loops("Rosenbrock", "rosenbrock");
        LoopClass parallel = loops("RosenbrockParallel", "rosenbrock");
        List<Object> args = parallel.args(Map.of("n", (long) n), Map.of("x", x));
        double[] expected = new double[n];
        double[] actual = new double[n];
        double value =
                (Double)
                        LoopClass.invoke(
                                sequential.named("gradient", double[].class),
                                LoopClass.with(args, expected));
        Method gradient = parallel.named("gradient", double[].class);
        double parallelValue = (Double) LoopClass.invoke(gradient, LoopClass.with(args, actual));
        assertClose(new double[] {parallelValue}, new double[] {value});
        assertClose(actual, expected);
        double[] single = new double[n];
        double singleValue =
                inPool(1, () -> (Double) LoopClass.invoke(gradient, LoopClass.with(args, single)));
        assertSameBits(new double[] {singleValue}, new double[] {parallelValue});
        assertSameBits(single, actual);
    }

    @Test
    void withoutTheOptionTheClassIsUnchanged() throws IOException {
        SourceFile logreg = source("logreg");
        String plain = Driver.generate(logreg, "", "Logreg").java().orElseThrow();
        assertThat(Driver.generate(logreg, "", "Logreg", Driver.Options.DEFAULT).java())
                .contains(plain);
        assertThat(plain)
                .isEqualTo(Files.readString(Path.of("generated-samples/indexed/Logreg.java")));
        String split =
                Driver.generate(logreg, "", "Logreg", new Driver.Options(false, true))
                        .java()
                        .orElseThrow();
        assertThat(split).contains("IntStream", "gradientStep2Chunk").isNotEqualTo(plain);
        assertThat(plain).doesNotContain("IntStream", "Chunk");
    }

    @Test
    void aProgramOfFixedSizesHasNothingToSplit() throws IOException {
        SourceFile mlp = source("mlp784");
        assertThat(
                        Driver.generate(mlp, "", "Mlp784", new Driver.Options(false, true))
                                .java()
                                .orElseThrow())
                .isEqualTo(Driver.generate(mlp, "", "Mlp784").java().orElseThrow());
    }
}
