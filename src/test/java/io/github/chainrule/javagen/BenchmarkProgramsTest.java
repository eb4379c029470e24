package io.github.chainrule.javagen;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chainrule.TestPrograms;
import io.github.chainrule.check.CheckedProgram;
import java.nio.file.Path;
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
 * The benchmark programs (seed, neuron, mlp, rosenbrock100, lj20, chain1000, random1000,
 * random10000), generated and compiled in one javac call: at random points every method agrees with
 * the evaluator to 1e-12, and no method is larger than HotSpot compiles.
 */
class BenchmarkProgramsTest {
    static final List<String> PROGRAMS =
            List.of(
                    "seed",
                    "neuron",
                    "mlp",
                    "rosenbrock100",
                    "lj20",
                    "chain1000",
                    "random1000",
                    "random10000");

    @TempDir static Path dir;

    private static InMemoryJavac.Compiled compiled;
    private static final Map<String, Long> millis = new LinkedHashMap<>();

    @BeforeAll
    static void generateAndCompile() {
        Map<String, String> sources = new LinkedHashMap<>();
        for (String name : PROGRAMS) {
            long start = System.nanoTime();
            sources.put(
                    "bench." + className(name),
                    JavaEmitter.generate(TestPrograms.program(name), "bench", className(name)));
            millis.put(name, (System.nanoTime() - start) / 1_000_000);
        }
        long start = System.nanoTime();
        compiled = InMemoryJavac.compile(dir, sources);
        System.out.printf(
                "benchmark programs: generated in %s ms, compiled in %d ms%n",
                millis, (System.nanoTime() - start) / 1_000_000);
    }

    static String className(String program) {
        return Character.toUpperCase(program.charAt(0)) + program.substring(1);
    }

    @TestFactory
    Stream<DynamicTest> agreeWithTheEvaluator() {
        return PROGRAMS.stream()
                .map(
                        name ->
                                DynamicTest.dynamicTest(
                                        name,
                                        () -> {
                                            CheckedProgram p = TestPrograms.program(name);
                                            GeneratedClass g =
                                                    new GeneratedClass(
                                                            compiled.load(
                                                                    "bench." + className(name)));
                                            Random random = new Random(name.hashCode());
                                            for (int trial = 0; trial < 3; trial++) {
                                                double[] x = point(name, p.inputs().size(), random);
                                                ConformanceTest.assertAgrees(
                                                        name + " at point " + trial,
                                                        g,
                                                        x,
                                                        Oracle.at(p, x),
                                                        1e-12,
                                                        1e-300);
                                            }
                                        }));
    }

    @TestFactory
    Stream<DynamicTest> everyMethodIsSmallEnoughForTheJit() {
        return PROGRAMS.stream()
                .map(
                        name ->
                                DynamicTest.dynamicTest(
                                        name,
                                        () -> {
                                            Map.Entry<String, Integer> largest =
                                                    Bytecode.largest(
                                                            compiled.classFile(
                                                                    "bench." + className(name)));
                                            System.out.printf(
                                                    "%s: largest method %s%n", name, largest);
                                            assertTrue(
                                                    largest.getValue()
                                                            < LargeProgramsTest.JIT_LIMIT,
                                                    name + ": " + largest);
                                        }));
    }

    /**
     * A point where the program is defined: the network's labels in [0, 1], particles spread out.
     */
    static double[] point(String program, int n, Random random) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = program.startsWith("lj") ? 4 * random.nextDouble() : 2 * random.nextDouble() - 1;
        }
        if (program.equals("neuron")) {
            x[3] = random.nextDouble(); // y, a label
        }
        return x;
    }
}
