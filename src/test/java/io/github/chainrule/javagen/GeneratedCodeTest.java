package io.github.chainrule.javagen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.chainrule.TestPrograms;
import io.github.chainrule.check.CheckedProgram;
import io.github.chainrule.graph.MathFunctions;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user of a generated class relies on beyond the numbers: untaken branches and overflow
 * never leak NaN, helper functions equal the evaluator's bit for bit, hostile names and comments
 * compile and behave, the 255-slot rule, argument checks, and nothing allocated per call. All the
 * classes are compiled in one javac call.
 */
class GeneratedCodeTest {
    @TempDir static Path dir;

    private static final Map<String, String> PROGRAMS = new LinkedHashMap<>();
    private static final Map<String, CheckedProgram> CHECKED = new LinkedHashMap<>();
    private static InMemoryJavac.Compiled compiled;

    /**
     * Small programs at the corners: no inputs, constant results, conditions, powers of every kind.
     */
    private static final List<String> EDGE_CASES =
            List.of(
                    "f = 2\n",
                    "input x\nf = x\n",
                    "input x, y\nwrt y\nf = x\n",
                    "input x, y\noutput f, g\nf = x\ng = 3\n",
                    "input x, y\n"
                            + "f = if(x > 0 && !(y < 1) || x == y, x^0.5, pow(x, y)) + 2^x + x^70 +"
                            + " x^-3 * 3 / y^2\n",
                    "input x\nf = -(x * x * x * x * x) + x^4 - x^-4 + x^13 / x^-9\n",
                    "input x, y\nf = -x / y + hypot(x, x) + min(x, y) * max(y, x) + atan2(y, x)\n",
                    "input x, y\n"
                            + "output a, b, c\n"
                            + "a = relu(x) * abs(y)\n"
                            + "b = if(a >= 1, a, floor(x) + ceil(y) + sign(x))\n"
                            + "c = exp(a) * log(1 + b^2)\n",
                    "input x\nf = if(x != 0, sin(x) / x, 1)\n");

    private static final String CHAIN300;

    static {
        StringBuilder chain = new StringBuilder("input x, a\nv0 = x\n");
        for (int k = 1; k <= 300; k++) {
            chain.append("v")
                    .append(k)
                    .append(" = sin(v")
                    .append(k - 1)
                    .append(") * a + 0.1 * v")
                    .append(k - 1)
                    .append('\n');
        }
        CHAIN300 = chain.toString();
    }

    static {
        PROGRAMS.put("Branch", "input x\nf = if(x > 0, sqrt(x), -x)\n");
        PROGRAMS.put("Softplus", "input x\nf = softplus(x)\n");
        PROGRAMS.put("Sigmoid", "input x\nf = sigmoid(x)\n");
        PROGRAMS.put(
                "Helpers",
                "input x\n"
                        + "h1 = asinh(x)\n"
                        + "h2 = acosh(x)\n"
                        + "h3 = atanh(x)\n"
                        + "h4 = log2(x)\n"
                        + "h5 = sigmoid(x)\n"
                        + "h6 = softplus(x)\n"
                        + "h7 = erf(x)\n"
                        + "h8 = tanh(x)\n"
                        + "h9 = erfc(x)\n"
                        + "h10 = hypot(x, 1)\n"
                        + "h11 = log(1 + x^2)\n"
                        + "h12 = softplus(-x)\n"
                        + "output h1, h2, h3, h4, h5, h6, h7, h8, h9, h10, h11, h12\n");
        String hostileNames =
                "input int, class, t0, b0, x, work, work0, grad, seed, jac, out, Math, Double,"
                    + " INPUTS, WORK, s, i, j\n"
                    + "f = int * class + t0 * x + sin(work) + grad * Math - Double + b0 * work0 +"
                    + " seed * jac - out\n"
                    + "g = INPUTS * WORK + s * i + j + if(t0 > b0, int, class)\n";
        PROGRAMS.put("Names", hostileNames);
        PROGRAMS.put(
                "NamesSplit",
                hostileNames
                        + CHAIN300.replace("input x, a\n", "").replace("* a", "* int")
                        + "output f, g, v300\n");
        PROGRAMS.put(
                "Comments",
                "# evil */ class Injected {} /*\n"
                    + "# \\u000a static { if (true) throw new Error(\"injected\"); }\n"
                    + "# \\u002a/ static { if (true) throw new Error(\"injected\"); } /\\u002a\n"
                    + "# \\\\u002a/ and a lone backslash \\ and \\uuuu002a/\n"
                    + "// caf\u00e9 \u2202f/\u2202x \u2028 <b>bold</b> &amp; @deprecated {@code x}"
                    + " $dollar */\n"
                    + "input x // the input */ ok\n"
                    + "f = x * x # squared */\n");
        PROGRAMS.put("Chain300", CHAIN300);
        StringBuilder wide = new StringBuilder("input ");
        for (int i = 0; i < 127; i++) {
            wide.append(i > 0 ? ", " : "").append("x").append(i);
        }
        PROGRAMS.put("Inputs127", wide + "\nf = x0 * x126\n");
        PROGRAMS.put("Inputs128", wide + ", x127\nf = x0 * x127\n");
        PROGRAMS.put("Inputs127Two", wide + "\noutput f, g\nf = x0 * x126\ng = x1\n");
        PROGRAMS.put(
                "Inputs126Two",
                wide.toString().replace(", x126", "") + "\noutput f, g\nf = x0 * x125\ng = x1\n");
        for (int i = 0; i < EDGE_CASES.size(); i++) {
            PROGRAMS.put("Edge" + i, EDGE_CASES.get(i));
        }
        PROGRAMS.put("Pair", "input x, y\nwrt x, y\noutput p, q\np = x * y\nq = sin(x) + y^2\n");
    }

    @Test
    void edgeCasesAgreeWithTheEvaluator() {
        Random random = new Random(4);
        for (int i = 0; i < EDGE_CASES.size(); i++) {
            GeneratedClass g = load("Edge" + i);
            for (int trial = 0; trial < 5; trial++) {
                double[] x = new double[g.inputs.size()];
                for (int j = 0; j < x.length; j++) {
                    x[j] = trial == 4 ? 0 : 4 * random.nextDouble() - 1;
                }
                ConformanceTest.assertAgrees(
                        EDGE_CASES.get(i) + " at " + Arrays.toString(x),
                        g,
                        x,
                        Oracle.at(CHECKED.get("Edge" + i), x),
                        1e-12,
                        1e-300);
            }
        }
    }

    @BeforeAll
    static void generateAndCompile() {
        Map<String, String> sources = new LinkedHashMap<>();
        PROGRAMS.forEach(
                (name, text) -> {
                    CheckedProgram p =
                            TestPrograms.compile(
                                    name.equals("Comments")
                                            ? "some/dir/evil\\u002a*@<b>\n.chain"
                                            : name + ".chain",
                                    text);
                    CHECKED.put(name, p);
                    sources.put("gen." + name, JavaEmitter.generate(p, "gen", name));
                });
        sources.put("gen.Driver", DRIVER);
        compiled = InMemoryJavac.compile(dir, sources);
        sources.forEach(
                (name, source) ->
                        assertThat(source.chars().allMatch(c -> c < 0x7f))
                                .as("%s is ASCII", name)
                                .isTrue());
    }

    private static GeneratedClass load(String name) {
        return new GeneratedClass(compiled.load("gen." + name));
    }

    private static double[] gradient(GeneratedClass g, double... x) {
        double[] grad = new double[g.wrt.size()];
        g.gradient(x, grad);
        return grad;
    }

    /**
     * Byte for byte the same for the same source, compiled afresh (as the command line and the
     * Maven plugin do). Not for a graph that has been differentiated before: the graph's local
     * simplification depends on which nodes it keeps whole, so a second generation from the same
     * compilation may come out in another, equally correct, form.
     */
    @Test
    void theSameProgramGivesTheSameSourceByteForByte() {
        for (String text :
                List.of(
                        TestPrograms.resource("/programs/random1000.chain"),
                        RandomPrograms.literals(12_000),
                        PROGRAMS.get("NamesSplit"),
                        PROGRAMS.get("Comments"))) {
            CheckedProgram p = TestPrograms.compile("p.chain", text);
            String first = JavaEmitter.generate(p, "a.b", "P");
            assertThat(JavaEmitter.generate(TestPrograms.compile("p.chain", text), "a.b", "P"))
                    .isEqualTo(first);
        }
    }

    @Test
    void namesThatAreNotJavaAreRejected() {
        CheckedProgram p = TestPrograms.compile(PROGRAMS.get("Branch"));
        assertThatThrownBy(() -> JavaEmitter.generate(p, "", "class"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a Java class name: 'class'");
        assertThatThrownBy(() -> JavaEmitter.generate(p, "", "a-b"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JavaEmitter.generate(p, "", "Math"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("would hide the type Math");
        assertThatThrownBy(() -> JavaEmitter.generate(p, "a..b", "A"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a Java package name: 'a..b'");
        assertThatThrownBy(() -> JavaEmitter.generate(p, "a.int", "A"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anUntakenBranchNeverLeaksNaN() {
        GeneratedClass g = load("Branch");
        assertThat(g.forward(new double[] {-1})[0]).isEqualTo(1.0);
        assertThat(gradient(g, -1)[0]).isEqualTo(-1.0);
        assertThat(g.jacobian(new double[] {-1})[0][0]).isEqualTo(-1.0);
        assertThat(gradient(g, 4)[0]).isEqualTo(0.25);
    }

    @Test
    void softplusAndSigmoidNeverOverflow() {
        GeneratedClass softplus = load("Softplus");
        assertThat(gradient(softplus, 100)[0]).isEqualTo(1.0);
        assertThat(softplus.forward(new double[] {1000})[0]).isEqualTo(1000.0);
        assertThat(softplus.forward(new double[] {-1000})[0]).isEqualTo(0.0);
        assertThat(gradient(softplus, -1000)[0]).isEqualTo(0.0);
        GeneratedClass sigmoid = load("Sigmoid");
        assertThat(gradient(sigmoid, -800)[0]).isEqualTo(0.0);
        assertThat(gradient(sigmoid, 800)[0]).isEqualTo(0.0);
        assertThat(sigmoid.forward(new double[] {-800})[0]).isEqualTo(0.0);
        assertThat(sigmoid.forward(new double[] {800})[0]).isEqualTo(1.0);
    }

    @Test
    void helperFunctionsEqualTheEvaluatorsBitForBit() {
        GeneratedClass g = load("Helpers");
        List<DoubleUnaryOperator> reference =
                List.of(
                        MathFunctions::asinh,
                        MathFunctions::acosh,
                        MathFunctions::atanh,
                        MathFunctions::log2,
                        MathFunctions::sigmoid,
                        MathFunctions::softplus,
                        MathFunctions::erf,
                        MathFunctions::tanh,
                        MathFunctions::erfc,
                        x -> MathFunctions.hypot(x, 1),
                        MathFunctions::log1pSquare,
                        x -> MathFunctions.softplus(-x));
        Random random = new Random(1);
        for (int trial = 0; trial < 20_000; trial++) {
            double x =
                    switch (trial % 4) {
                        case 0 -> random.nextGaussian();
                        case 1 -> 8 * random.nextDouble() - 4;
                        case 2 ->
                                Math.scalb(random.nextDouble(), random.nextInt(80) - 40)
                                        * (random.nextBoolean() ? 1 : -1);
                        default -> 1 + Math.scalb(random.nextDouble(), -random.nextInt(30));
                    };
            double[] out = g.forward(new double[] {x});
            for (int h = 0; h < reference.size(); h++) {
                double expected = reference.get(h).applyAsDouble(x);
                if (Double.compare(out[h], expected) != 0) {
                    assertEquals(expected, out[h], "h" + (h + 1) + "(" + x + ")");
                }
            }
        }
        double[] specials = {
            0.0,
            -0.0,
            1.0,
            -1.0,
            3.0,
            6.0,
            1e8,
            1e300,
            -1e300,
            Double.NaN,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            Double.MIN_VALUE,
            0.55, // tanh's two forms meet here
            Math.nextDown(0.55),
            -19.1,
            19.2
        };
        for (double x : specials) {
            double[] out = g.forward(new double[] {x});
            for (int h = 0; h < reference.size(); h++) {
                assertEquals(
                        reference.get(h).applyAsDouble(x), out[h], "h" + (h + 1) + "(" + x + ")");
            }
        }
    }

    @Test
    void keywordsAndClashingNamesAreRenamedAndBehave() {
        String source =
                JavaEmitter.generate(TestPrograms.compile(PROGRAMS.get("Names")), "gen", "Names")
                        .replaceAll("\\s+", " ");
        assertThat(source)
                .contains(
                        "double int_, double class_, double t0, double b0, double x, double work,");
        assertThat(source).contains("double Math_, double Double_, double INPUTS, double WORK");
        for (String name : List.of("Names", "NamesSplit")) {
            GeneratedClass g = load(name);
            assertThat(g.inputs).startsWith("int", "class", "t0", "b0", "x", "work");
            Random random = new Random(7);
            double[] x = new double[g.inputs.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = random.nextDouble() - 0.5;
            }
            ConformanceTest.assertAgrees(
                    name, g, x, Oracle.at(CHECKED.get(name), x), 1e-12, 1e-300);
        }
        assertThat(
                        JavaEmitter.generate(
                                TestPrograms.compile(PROGRAMS.get("NamesSplit")),
                                "gen",
                                "NamesSplit"))
                .contains(
                        "Part0(double[][] work) {",
                        "double work_ = work0[5];",
                        "double work0_ = work0[6];",
                        "double t0_ = work0[2];",
                        "= int_ * class_ + t0_ * x + Math.sin(work_)");
    }

    @Test
    void sourceCommentsCannotBreakOutOfTheJavadoc() throws Exception {
        Class<?> type =
                compiled.load(
                        "gen.Comments"); // initialising it would throw if anything were injected
        assertThat(Arrays.stream(type.getDeclaredClasses())).isEmpty();
        GeneratedClass g = new GeneratedClass(type);
        assertThat(g.forward(new double[] {3})[0]).isEqualTo(9.0);
        assertThat(gradient(g, 3)[0]).isEqualTo(6.0);
        String source = JavaEmitter.generate(CHECKED.get("Comments"), "gen", "Comments");
        assertThat(source).doesNotContain("\\u");
        assertThat(source)
                .contains(
                        " * # evil *&#47; class Injected {} /*",
                        "caf&#233; &#8706;f/&#8706;x",
                        "&lt;b&gt;bold&lt;/b&gt; &amp;amp; &#64;deprecated",
                        "&#92;u002a/",
                        " * f = x * x # squared *&#47;",
                        "from evil&#92;u002a*&#64;&lt;b&gt;&#10;.chain");
        // every comment ends on a line of its own: the ends JavaPoet writes, none from the source
        assertThat(source.lines().filter(l -> l.contains("*/")))
                .allMatch(l -> l.trim().equals("*/"));
    }

    @Test
    void scalarOverloadsOnlyWhereTheirParametersFit255Slots() {
        assertThat(signatures("Inputs127"))
                .contains("forward(127 doubles)", "gradient(127 doubles, double[])")
                .doesNotContain("backward(127 doubles, double, double[])");
        assertThat(signatures("Inputs128"))
                .doesNotContain("forward(128 doubles)", "gradient(128 doubles, double[])")
                .contains(
                        "forward(double[])",
                        "gradient(double[], double[])",
                        "gradient(double[])",
                        "backward(double[], double[], double[])",
                        "jacobian(double[], double[][])");
        assertThat(signatures("Inputs127Two"))
                .contains("forward(127 doubles, double[])")
                .doesNotContain(
                        "backward(127 doubles, double, double, double[])", "gradient(double[])");
        assertThat(signatures("Inputs126Two"))
                .contains("forward(126 doubles, double[])")
                .doesNotContain("backward(126 doubles, double, double, double[])");
        assertThat(signatures("Pair"))
                .contains("backward(double, double, double, double, double[])");
        Random random = new Random(2);
        for (String name :
                List.of("Inputs127", "Inputs128", "Inputs127Two", "Inputs126Two", "Pair")) {
            GeneratedClass g = load(name);
            double[] x = random.doubles(g.inputs.size()).toArray();
            ConformanceTest.assertAgrees(
                    name, g, x, Oracle.at(CHECKED.get(name), x), 1e-12, 1e-300);
        }
    }

    private static List<String> signatures(String name) {
        return Arrays.stream(compiled.load("gen." + name).getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()))
                .map(GeneratedCodeTest::signature)
                .toList();
    }

    private static String signature(Method m) {
        StringBuilder s = new StringBuilder(m.getName()).append('(');
        Class<?>[] types = m.getParameterTypes();
        int doubles = 0;
        while (doubles < types.length && types[doubles] == double.class) {
            doubles++;
        }
        List<String> parts = new java.util.ArrayList<>();
        if (doubles > 4) {
            parts.add(doubles + " doubles");
        } else {
            for (int i = 0; i < doubles; i++) {
                parts.add("double");
            }
        }
        for (int i = doubles; i < types.length; i++) {
            parts.add(types[i].getSimpleName());
        }
        return s.append(String.join(", ", parts)).append(')').toString();
    }

    @Test
    void wrongArrayLengthsAreRejectedSayingWhichAndWhy() {
        GeneratedClass pair = load("Pair");
        assertThatThrownBy(() -> pair.forward(new double[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("x has length 3 but must have length 2: one value per input (x, y)");
        assertThatThrownBy(() -> pair.backward(new double[2], new double[1], new double[2]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "seed has length 1 but must have length 2: one value per output (p, q)");
        assertThatThrownBy(() -> pair.backward(new double[2], new double[2], new double[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "grad has length 3 but must have length 2: one value per wrt variable (x,"
                                + " y)");
        assertThatThrownBy(() -> pair.forward(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("x is null");
        GeneratedClass chain = load("Chain300");
        assertThatThrownBy(() -> chain.gradient(new double[2], new double[1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "grad has length 1 but must have length 2: one value per wrt variable (x,"
                                + " a)");
        assertThatThrownBy(() -> chain.jacobian(new double[1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("x has length 1");
    }

    @Test
    void jacobianRowsAreChecked() throws Exception {
        Method jacobian =
                compiled.load("gen.Pair").getMethod("jacobian", double[].class, double[][].class);
        assertThatThrownBy(
                        () ->
                                jacobian.invoke(
                                        null,
                                        new double[2],
                                        new double[][] {new double[2], new double[3]}))
                .cause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "jac[1] has length 3 but must have length 2: one value per wrt variable (x,"
                                + " y)");
        assertThatThrownBy(() -> jacobian.invoke(null, new double[2], new double[1][2]))
                .cause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("jac has length 1 but must have length 2: one row per output (p, q)");
    }

    @Test
    void nothingIsAllocatedPerCall() throws Exception {
        Method run = compiled.load("gen.Driver").getMethod("run", int.class);
        run.invoke(null, 20_000); // warm up: the JIT compiles the loops
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean)
                        java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        run.invoke(null, 20_000);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // 20,000 rounds of eight calls each; a single allocation per call would be megabytes
        assertThat(allocated).isLessThan(20_000);
    }

    /**
     * Calls every non-allocating method of an inline class (Pair) and of a split one (Chain300).
     */
    private static final String DRIVER =
            """
            package gen;

            public final class Driver {
                private Driver() {}

                public static double run(int rounds) {
                    double[] x = {0.3, 0.7};
                    double[] out = new double[2];
                    double[] seed = {1.5, -0.5};
                    double[] seed1 = {1.5};
                    double[] grad = new double[2];
                    double[][] jac = new double[2][2];
                    double[][] jac1 = new double[1][2];
                    double sum = 0;
                    for (int r = 0; r < rounds; r++) {
                        Pair.forward(x, out);
                        Pair.backward(x, seed, grad);
                        Pair.jacobian(x, jac);
                        sum += out[0] + grad[1] + jac[1][0];
                        sum += Chain300.forward(x) + Chain300.forward(0.3, 0.7);
                        sum += Chain300.gradient(x, grad) + Chain300.gradient(0.3, 0.7, grad);
                        Chain300.backward(x, seed1, grad);
                        Chain300.jacobian(x, jac1);
                        sum += grad[0] + jac1[0][1];
                    }
                    return sum;
                }
            }
            """;
}
