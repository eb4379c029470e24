package io.github.chainrule.javagen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.chainrule.TestPrograms;
import io.github.chainrule.check.CheckedProgram;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Programs far beyond what fits one method or one constant pool: a random 100,000-operation graph
 * and a program of 50,000 distinct literals generate, compile and run, every method stays under
 * HotSpot's 8,000-byte limit for JIT compilation, and the results agree with the evaluator.
 */
class LargeProgramsTest {
    static final int JIT_LIMIT = 8000;

    @TempDir Path dir;

    @Test
    void aRandomProgramOf100000Operations() {
        String text = RandomPrograms.dag(100_000, 20, 11);
        long start = System.nanoTime();
        CheckedProgram p = TestPrograms.compile("random100000.chain", text);
        long compiled = System.nanoTime();
        String source = JavaEmitter.generate(p, "big", "Random100000");
        long generated = System.nanoTime();
        double[] x = point(p.inputs().size(), 5);
        Oracle.Values expected = Oracle.at(p, x);
        p = null; // let the graph go before javac needs the memory

        long javacStart = System.nanoTime();
        InMemoryJavac.Compiled c = InMemoryJavac.compile(dir, Map.of("big.Random100000", source));
        long javacEnd = System.nanoTime();
        Map.Entry<String, Integer> largest = Bytecode.largest(c.classFile("big.Random100000"));
        System.out.printf(
                "random100000: front end %.1f s, generate %.1f s (%,d chars), javac %.1f s; largest"
                        + " method %s%n",
                (compiled - start) / 1e9,
                (generated - compiled) / 1e9,
                source.length(),
                (javacEnd - javacStart) / 1e9,
                largest);
        assertTrue(largest.getValue() < JIT_LIMIT, "largest method " + largest);

        GeneratedClass g = new GeneratedClass(c.load("big.Random100000"));
        ConformanceTest.assertAgrees("random100000", g, x, expected, 1e-12, 1e-300);
    }

    @Test
    void fiftyThousandDistinctLiteralsFitTheConstantPool() {
        String text = RandomPrograms.literals(50_000);
        CheckedProgram p = TestPrograms.compile("literals.chain", text);
        String source = JavaEmitter.generate(p, "", "Literals");
        InMemoryJavac.Compiled c = InMemoryJavac.compile(dir, Map.of("Literals", source));
        byte[] classFile = c.classFile("Literals");
        assertTrue(Bytecode.constantPoolCount(classFile) < 65535);
        Map.Entry<String, Integer> largest = Bytecode.largest(classFile);
        assertTrue(largest.getValue() < JIT_LIMIT, "largest method " + largest);

        GeneratedClass g = new GeneratedClass(c.load("Literals"));
        Random random = new Random(3);
        for (double x : new double[] {0, 1.1, 1.3, 1.5, 1.7, random.nextDouble() + 1, 2}) {
            double expected = 0;
            for (int i = 0; 3 * i < 50_000; i++) {
                expected +=
                        x < RandomPrograms.literalValue(3 * i)
                                ? RandomPrograms.literalValue(3 * i + 1)
                                : RandomPrograms.literalValue(3 * i + 2);
            }
            ConformanceTest.assertAgrees(
                    "literals at " + x,
                    g,
                    new double[] {x},
                    Oracle.at(p, new double[] {x}),
                    1e-12,
                    1e-300);
            assertEquals(expected, g.forward(new double[] {x})[0], 1e-9 * Math.abs(expected));
        }
    }

    static double[] point(int n, long seed) {
        Random random = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 2 * random.nextDouble() - 1;
        }
        return x;
    }
}
