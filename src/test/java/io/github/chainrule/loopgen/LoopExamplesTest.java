package io.github.chainrule.loopgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.chainrule.Driver;
import io.github.chainrule.diag.SourceFile;
import io.github.chainrule.diff.IndexedDerivatives;
import io.github.chainrule.diff.IndexedForward;
import io.github.chainrule.indexed.IndexedPoint;
import io.github.chainrule.indexed.IndexedProgram;
import io.github.chainrule.javagen.Bytecode;
import io.github.chainrule.javagen.InMemoryJavac;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The five indexed examples as generated loop classes, compiled together as Java 8 ({@code
 * --release 8}): their gradients against central finite differences of their own {@code forward}
 * and, bit for bit, against the evaluator's adjoint programs; the argument checks and their
 * messages; no allocation once warm; two threads at different sizes; and bytecode that does not
 * depend on the sizes' values.
 */
class LoopExamplesTest {
    @TempDir static Path dir;

    private static final List<String> EXAMPLES =
            List.of("lj", "logreg", "mlp784", "oscillator", "rosenbrock");
    private static final Map<String, IndexedProgram> PROGRAMS = new LinkedHashMap<>();
    private static InMemoryJavac.Compiled compiled;

    /** Calls the generated methods directly, so that measuring allocation measures theirs. */
    private static final String DRIVER =
            """
            package gen;
            public final class Drive {
                public static double logreg(int m, int p, double[] X, double[] y, double[] w,
                        double b, double[] grad, int times) {
                    double s = 0;
                    for (int i = 0; i < times; i++) {
                        s += Logreg.gradient(m, p, X, y, w, b, grad) + Logreg.forward(m, p, X, y, w, b);
                    }
                    return s;
                }
                public static double mlp(double[] x, double[] grad, int times) {
                    double s = 0;
                    for (int i = 0; i < times; i++) {
                        s += Mlp784.gradient(x, grad) + Mlp784.forward(x);
                    }
                    return s;
                }
                public static double oscillator(double[] x, double[] grad, int times) {
                    double s = 0;
                    for (int i = 0; i < times; i++) {
                        s += Oscillator.gradient(x, grad);
                    }
                    return s;
                }
                public static double lj(int n, double[] x, double[] y, double[] z, double[] grad,
                        int times) {
                    double s = 0;
                    for (int i = 0; i < times; i++) {
                        s += Lj.gradient(n, x, y, z, grad);
                    }
                    return s;
                }
            }
            """;

    @BeforeAll
    static void generateAndCompile() throws IOException {
        Map<String, String> sources = new LinkedHashMap<>();
        for (String example : EXAMPLES) {
            Path file = Path.of("examples/indexed/" + example + ".chain");
            SourceFile source = new SourceFile(file.toString(), Files.readString(file));
            Driver.Checked c = Driver.check(source);
            assertThat(c.indexed()).as(c.reporter().format()).isPresent();
            PROGRAMS.put(example, c.indexed().get());
            Driver.Generated g = Driver.generate(source, "gen", className(example));
            assertThat(g.java()).as(String.join("\n", g.formatted())).isPresent();
            sources.put("gen." + className(example), g.java().get());
        }
        sources.put("gen.Drive", DRIVER);
        compiled = InMemoryJavac.compile(dir.resolve("examples"), sources);
    }

    private static String className(String example) {
        return Character.toUpperCase(example.charAt(0)) + example.substring(1);
    }

    private static LoopClass loops(String example) {
        return new LoopClass(compiled.load("gen." + className(example)), PROGRAMS.get(example));
    }

    /** A point where the example is well-conditioned (particles apart, a stable oscillator). */
    private static IndexedPoint point(String example, Map<String, Long> sizes) {
        IndexedProgram program = PROGRAMS.get(example);
        IndexedPoint.Builder point = IndexedPoint.builder();
        sizes.forEach(point::size);
        Random random = new Random(example.hashCode());
        for (IndexedProgram.Array input : program.inputs()) {
            long length = 1;
            for (var extent : input.extents()) {
                length *= extent.substitute(fixedAnd(program, sizes)).constant();
            }
            double[] values = new double[(int) length];
            for (int i = 0; i < values.length; i++) {
                values[i] =
                        switch (example) {
                            case "lj" -> 1.2 * i + 0.1 * random.nextDouble();
                            case "oscillator" ->
                                    switch (input.name()) {
                                        case "k" -> 1;
                                        case "c" -> 0.1;
                                        case "x0" -> 1;
                                        case "v0" -> 0;
                                        default -> 0.01;
                                    };
                            case "logreg" ->
                                    input.name().equals("y")
                                            ? random.nextInt(2)
                                            : random.nextGaussian();
                            default -> 0.5 * random.nextGaussian();
                        };
            }
            point.array(input.name(), values);
        }
        return point.build();
    }

    private static Map<String, Long> fixedAnd(IndexedProgram program, Map<String, Long> sizes) {
        Map<String, Long> all = new HashMap<>(sizes);
        for (IndexedProgram.Size s : program.sizes()) {
            s.fixed().ifPresent(v -> all.put(s.name(), v));
        }
        return all;
    }

    private static Map<String, Long> sizes(String text) {
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (String s : text.split(" ")) {
            if (!s.isBlank()) {
                sizes.put(s.split("=")[0], Long.parseLong(s.split("=")[1]));
            }
        }
        return sizes;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"lj, n=6", "logreg, m=5 p=3", "rosenbrock, n=7", "oscillator, ''", "mlp784, ''"})
    void gradientsMatchFiniteDifferencesAndTheEvaluator(String example, String sizeText) {
        IndexedProgram program = PROGRAMS.get(example);
        LoopClass loops = loops(example);
        Map<String, Long> sizes = sizes(sizeText);
        IndexedPoint at = point(example, sizes);
        List<Object> args = loops.args(sizes, at.inputs());
        int length = loops.intOf("gradLength", sizes);
        double[] grad = new double[length];
        Method gradient = loops.named("gradient", double[].class);
        Method forward = loops.named("forward");
        double value = (Double) LoopClass.invoke(gradient, LoopClass.with(args, grad));
        assertThat(value).isEqualTo((Double) LoopClass.invoke(forward, args.toArray()));

        boolean tangent = IndexedForward.suitsGradient(program);
        assertThat(tangent)
                .as(example + " in forward mode")
                .isEqualTo(example.equals("oscillator"));
        IndexedDerivatives d =
                tangent
                        ? IndexedDerivatives.ofTangents(program, at)
                        : IndexedDerivatives.at(program, at);
        if (tangent) {
            LoopCorpusTest.assertNearReverseMode(example, d, IndexedDerivatives.at(program, at));
        }
        String output = program.outputs().get(0);
        // bit for bit but where the gradient's loop nests add into an element in another order
        // than the evaluator (lj: the gather and the scatter into dE/dx share one nest)
        boolean exactOrder = !LoopCorpusTest.reorders(program, output, true);
        if (!List.of("lj", "rosenbrock").contains(example)) {
            assertThat(exactOrder).as(example).isTrue();
        }
        double scale = 0;
        for (double[] g : d.byElement().get(output).values()) {
            for (double v : g) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        for (String w : program.wrt()) {
            int offset = loops.intOf(loops.offsetMethod(w), sizes);
            double[] expected = d.byElement().get(output).get(w);
            for (int i = 0; i < expected.length; i++) {
                LoopCorpusTest.assertSameBitsOrNear(
                        exactOrder,
                        example + " d/d" + w + "[" + i + "]",
                        expected[i],
                        grad[offset + i],
                        scale);
            }
            // a few elements of each wrt input, spread over it, by central differences
            int wIndex = inputIndex(program, w);
            for (int k = 0; k < Math.min(expected.length, 4); k++) {
                int i = (int) ((long) k * (expected.length - 1) / 3);
                List<Object> up = loops.args(sizes, at.inputs());
                List<Object> down = loops.args(sizes, at.inputs());
                double x = at.inputs().get(w)[i];
                double h = 1e-6 * Math.max(1, Math.abs(x));
                nudge(up, loops.dims.size() + wIndex, i, h);
                nudge(down, loops.dims.size() + wIndex, i, -h);
                double numeric =
                        ((Double) LoopClass.invoke(forward, up.toArray())
                                        - (Double) LoopClass.invoke(forward, down.toArray()))
                                / (2 * h);
                assertThat(grad[offset + i])
                        .as("%s: d%s/d%s[%d]", example, output, w, i)
                        .isCloseTo(numeric, within(1e-5 * Math.max(1, Math.abs(numeric))));
            }
        }
    }

    private static int inputIndex(IndexedProgram program, String name) {
        for (int i = 0; i < program.inputs().size(); i++) {
            if (program.inputs().get(i).name().equals(name)) {
                return i;
            }
        }
        throw new AssertionError(name);
    }

    private static void nudge(List<Object> args, int at, int element, double h) {
        Object a = args.get(at);
        if (a instanceof double[] array) {
            array[element] += h;
        } else {
            args.set(at, (Double) a + h);
        }
    }

    @Test
    void wrongLengthsAndSizesAreRefusedWithMessagesThatSayWhy() {
        LoopClass logreg = loops("logreg");
        Method forward = logreg.named("forward");
        double[] X = new double[15];
        double[] y = new double[5];
        double[] w = new double[3];
        assertThatThrownBy(() -> LoopClass.invoke(forward, 5, 3, new double[7], y, w, 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("X has length 7 but must have length 15: X[m, p] with m = 5, p = 3");
        assertThatThrownBy(() -> LoopClass.invoke(forward, 0, 3, new double[0], y, w, 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("size m is 0 but must be at least 1");
        assertThatThrownBy(() -> LoopClass.invoke(forward, 5, -2, X, y, w, 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("size p is -2 but must be at least 1");
        assertThatThrownBy(() -> LoopClass.invoke(forward, 5, 3, X, null, w, 0.5))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("y is null");
        Method gradient = logreg.named("gradient", double[].class);
        assertThatThrownBy(() -> LoopClass.invoke(gradient, 5, 3, X, y, w, 0.5, new double[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "grad has length 3 but must have length 4: the derivatives with respect to"
                                + " each element of each wrt input, concatenated in wrt order");
        assertThat(logreg.intOf("offsetW", Map.of("m", 5L, "p", 3L))).isZero();
        assertThat(logreg.intOf("offsetB", Map.of("m", 5L, "p", 3L))).isEqualTo(3);

        LoopClass mlp = loops("mlp784");
        Method mlpForward = mlp.named("forward");
        double[][] inputs = {
            new double[784],
            new double[10],
            new double[1000],
            new double[128],
            new double[1280],
            new double[10]
        };
        assertThatThrownBy(() -> LoopClass.invoke(mlpForward, (Object[]) inputs))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageMatching(
                        "W1 has length 1000 but must have length 100352: W1\\[(h, d\\] with h ="
                                + " 128, d = 784|128, 784\\])");
        Method packed = mlp.find("forward", double[].class);
        assertThatThrownBy(() -> LoopClass.invoke(packed, (Object) new double[5]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "x has length 5 but must have length 102564: the inputs concatenated");
        assertThat(mlp.intOf("inputLength", Map.of())).isEqualTo(102564);
        assertThat(mlp.intOf("gradLength", Map.of())).isEqualTo(100352 + 128 + 1280 + 10);
        assertThat(mlp.intOf("offsetB2", Map.of())).isEqualTo(100352 + 128 + 1280);
    }

    @Test
    void aWarmCallAllocatesNothing() {
        Map<String, Long> logregSizes = Map.of("m", 1000L, "p", 10L);
        IndexedPoint lr = point("logreg", logregSizes);
        IndexedPoint mlp = point("mlp784", Map.of());
        IndexedPoint osc = point("oscillator", Map.of());
        IndexedPoint lj = point("lj", Map.of("n", 30L));
        Class<?> drive = compiled.load("gen.Drive");
        List<double[]> packedMlp = new ArrayList<>();
        for (IndexedProgram.Array a : PROGRAMS.get("mlp784").inputs()) {
            packedMlp.add(mlp.inputs().get(a.name()));
        }
        double[] mlpX = concat(packedMlp);
        List<double[]> packedOsc = new ArrayList<>();
        for (IndexedProgram.Array a : PROGRAMS.get("oscillator").inputs()) {
            packedOsc.add(osc.inputs().get(a.name()));
        }
        double[] oscX = concat(packedOsc);
        double[] lrGrad = new double[11];
        double[] mlpGrad = new double[101770];
        double[] oscGrad = new double[5];
        double[] ljGrad = new double[90];
        Map<String, Callable<Object>> runs = new LinkedHashMap<>();
        runs.put(
                "logreg",
                times ->
                        LoopClass.invoke(
                                find(drive, "logreg"),
                                1000,
                                10,
                                lr.inputs().get("X"),
                                lr.inputs().get("y"),
                                lr.inputs().get("w"),
                                lr.inputs().get("b")[0],
                                lrGrad,
                                times));
        runs.put("mlp784", times -> LoopClass.invoke(find(drive, "mlp"), mlpX, mlpGrad, times));
        runs.put(
                "oscillator",
                times -> LoopClass.invoke(find(drive, "oscillator"), oscX, oscGrad, times));
        runs.put(
                "lj",
                times ->
                        LoopClass.invoke(
                                find(drive, "lj"),
                                30,
                                lj.inputs().get("x"),
                                lj.inputs().get("y"),
                                lj.inputs().get("z"),
                                ljGrad,
                                times));
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (Map.Entry<String, Callable<Object>> r : runs.entrySet()) {
            r.getValue().call(50); // warm: the work space is grown once
            // one reflective call runs the class `times` times; what the reflective call itself
            // allocates (a little, varying with the JIT) is the same for 200 and for 2,200 calls,
            // so
            // the difference is what 2,000 calls of the class allocate: nothing
            long small = allocatedBy(threads, r.getValue(), 200);
            long large = allocatedBy(threads, r.getValue(), 2200);
            assertThat(large - small)
                    .as(r.getKey() + ": bytes allocated by 2,000 more calls")
                    .isLessThan(2000);
        }
    }

    private static long allocatedBy(
            com.sun.management.ThreadMXBean threads, Callable<Object> run, int times) {
        long before = threads.getCurrentThreadAllocatedBytes();
        run.call(times);
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    @FunctionalInterface
    private interface Callable<T> {
        T call(int times);
    }

    private static Method find(Class<?> type, String name) {
        for (Method m : type.getMethods()) {
            if (m.getName().equals(name)) {
                return m;
            }
        }
        throw new AssertionError(name);
    }

    private static double[] concat(List<double[]> parts) {
        int n = 0;
        for (double[] p : parts) {
            n += p.length;
        }
        double[] out = new double[n];
        int at = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    @Test
    void twoThreadsAtDifferentSizesGetTheirOwnResults() throws Exception {
        LoopClass logreg = loops("logreg");
        Method gradient = logreg.named("gradient", double[].class);
        List<java.util.concurrent.Callable<Boolean>> jobs = new ArrayList<>();
        for (long m : new long[] {7, 300}) {
            Map<String, Long> sizes = Map.of("m", m, "p", 4L);
            IndexedPoint point = point("logreg", sizes);
            List<Object> args = logreg.args(sizes, point.inputs());
            double[] reference = new double[5];
            double value = (Double) LoopClass.invoke(gradient, LoopClass.with(args, reference));
            jobs.add(
                    () -> {
                        for (int k = 0; k < 300; k++) {
                            double[] grad = new double[5];
                            double v =
                                    (Double) LoopClass.invoke(gradient, LoopClass.with(args, grad));
                            if (v != value || !java.util.Arrays.equals(grad, reference)) {
                                return false;
                            }
                        }
                        return true;
                    });
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (Future<Boolean> f : pool.invokeAll(jobs)) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void bytecodeDoesNotDependOnTheSizesValues() throws IOException {
        String text = Files.readString(Path.of("examples/indexed/mlp784.chain"));
        Map<String, String> sources = new LinkedHashMap<>();
        for (String d : List.of("784", "7840")) {
            SourceFile source = new SourceFile("mlp.chain", text.replace("d = 784", "d = " + d));
            Driver.Generated g = Driver.generate(source, "gen", "Mlp" + d);
            assertThat(g.java()).isPresent();
            sources.put("gen.Mlp" + d, g.java().get());
        }
        InMemoryJavac.Compiled both = InMemoryJavac.compile(dir.resolve("sizes"), sources);
        Map<String, Integer> small = Bytecode.methodSizes(both.classFile("gen.Mlp784"));
        Map<String, Integer> large = new LinkedHashMap<>();
        Bytecode.methodSizes(both.classFile("gen.Mlp7840"))
                .forEach((k, v) -> large.put(k.replace("Mlp7840", "Mlp784"), v));
        assertThat(small.keySet()).isEqualTo(large.keySet());
        for (String method : small.keySet()) {
            if (!method.startsWith("<clinit>")) {
                assertThat(large.get(method)).as(method).isEqualTo(small.get(method));
            }
        }
        assertThat(small.values().stream().mapToInt(Integer::intValue).max().orElseThrow())
                .isLessThanOrEqualTo(8000);
    }
}
