package io.github.chainrule.javagen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.chainrule.Driver;
import io.github.chainrule.cli.Main;
import io.github.chainrule.diag.SourceFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The README's first example where training needs it: the neuron at {@code x1 = 1, w1 = 40, y = 0}
 * and at {@code w1 = -800, y = 1} (the rest 0), where {@code sigmoid(z)} rounds to 1 or to 0. The
 * loss is finite (40, 800) and so is every derivative ({@code x1*(a*(1 - y) - y*(1 - a))}: 1 and
 * -1); through {@code derive --at} and the generated class alike. As written, the same point gives
 * infinity and NaN, which is what {@code --as-written} still computes.
 */
class NeuronRobustnessTest {
    private static final String FILE = "examples/neuron.chain";

    @TempDir static Path dir;

    private static GeneratedClass rewritten;
    private static GeneratedClass asWritten;

    @BeforeAll
    static void generate() throws Exception {
        String text = java.nio.file.Files.readString(Path.of(FILE));
        String stable =
                Driver.generate(new SourceFile(FILE, text), "robust", "Neuron", false)
                        .java()
                        .orElseThrow();
        String literal =
                Driver.generate(new SourceFile(FILE, text), "robust", "NeuronAsWritten", true)
                        .java()
                        .orElseThrow();
        InMemoryJavac.Compiled c =
                InMemoryJavac.compile(
                        dir, Map.of("robust.Neuron", stable, "robust.NeuronAsWritten", literal));
        rewritten = new GeneratedClass(c.load("robust.Neuron"));
        asWritten = new GeneratedClass(c.load("robust.NeuronAsWritten"));
    }

    /** inputs x1, x2, x3, y, w1, w2, w3, b. */
    private static double[] point(double w1, double y) {
        return new double[] {1, 0, 0, y, w1, 0, 0, 0};
    }

    @ParameterizedTest(name = "w1 = {0}, y = {1}: L = {2}, dL/dw1 = dL/db = {3}")
    @CsvSource({
        "40, 0, 40, 1",
        "-800, 1, 800, -1",
        "0.3, 1, 0.5543552444685271, -0.42555748318834097"
    })
    void generatedCodeGivesTheFiniteLossAndGradient(
            double w1, double y, double loss, double slope) {
        double[] x = point(w1, y);
        double[] grad = new double[4];
        double value = rewritten.gradient(x, grad);
        assertThat(value).isCloseTo(loss, org.assertj.core.data.Percentage.withPercentage(1e-12));
        assertThat(rewritten.forward(x)[0]).isEqualTo(value);
        assertThat(grad[0]).isCloseTo(slope, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(grad[1]).isZero();
        assertThat(grad[2]).isZero();
        assertThat(grad[3]).isCloseTo(slope, org.assertj.core.data.Offset.offset(1e-15));
        double[][] jac = rewritten.jacobian(x);
        assertThat(jac[0]).containsExactly(grad);
    }

    /**
     * The printed derivative, {@code dL/db = a*(1 - y) - y*(1 - a)}, is the computed one: written
     * out in Java it gives the generated gradient's bits, with {@code 1 - a} as the code takes it
     * (from the stored a below z = 1.5, as sigmoid(-z) beyond). At z = 40 with y = 1 it is the true
     * -sigmoid(-40) = -4.2e-18, where the textbook {@code a - y} would give 0.
     */
    @ParameterizedTest(name = "z = {0}, y = {1}")
    @CsvSource({"0.3, 1", "-2.5, 0", "1.2, 0.25", "1.6, 1", "40, 1", "-800, 1", "7, 0.5"})
    void thePrintedDerivativeIsTheComputedOne(double z, double y) {
        double a = io.github.chainrule.graph.MathFunctions.sigmoid(z);
        double oneMinusA = z < 1.5 ? 1 - a : io.github.chainrule.graph.MathFunctions.sigmoid(-z);
        double printed = a * (1 - y) - y * oneMinusA;
        double[] grad = new double[4];
        rewritten.gradient(point(z, y), grad);
        assertThat(grad[3]).isEqualTo(printed);
        JsonObject d = deriveJson(z, y, false).getAsJsonObject("derivatives").getAsJsonObject("L");
        assertThat(d.get("b").getAsDouble()).isEqualTo(printed);
        if (z == 40) {
            assertThat(printed).isCloseTo(-4.248354255291589e-18, withinPercentage(1e-12));
        }
    }

    @Test
    void asWrittenTheGeneratedCodeStillOverflows() {
        double[] grad = new double[4];
        double value = asWritten.gradient(point(40, 0), grad);
        assertThat(value).isInfinite();
        assertThat(Double.isFinite(grad[0])).as("dL/dw1 as written: " + grad[0]).isFalse();
    }

    @ParameterizedTest(name = "w1 = {0}, y = {1}")
    @CsvSource({"40, 0, 40, 1", "-800, 1, 800, -1"})
    void deriveGivesTheFiniteLossAndGradient(double w1, double y, double loss, double slope) {
        JsonObject got = deriveJson(w1, y, false);
        assertThat(got.getAsJsonObject("outputs").get("L").getAsDouble())
                .isCloseTo(loss, org.assertj.core.data.Percentage.withPercentage(1e-12));
        JsonObject d = got.getAsJsonObject("derivatives").getAsJsonObject("L");
        assertThat(d.get("w1").getAsDouble())
                .isCloseTo(slope, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(d.get("b").getAsDouble())
                .isCloseTo(slope, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(d.get("w2").getAsDouble()).isZero();
    }

    @Test
    void deriveAsWrittenComputesTheFormulaAsItIs() {
        JsonObject got = deriveJson(40, 0, true);
        assertThat(got.getAsJsonObject("outputs").get("L").getAsString()).isEqualTo("Infinity");
    }

    @Test
    void deriveSaysWhichRewritesItApplied() {
        String text = run(List.of("derive", FILE));
        assertThat(text)
                .contains("line 6: log(1 - a) with a = sigmoid(z) → -softplus(z)")
                .contains("line 6: log(a) with a = sigmoid(z) → -softplus(-z)")
                .contains("L = y*softplus(-z) + (1 - y)*softplus(z)")
                .contains("dL/dw1 = x1*(a*(1 - y) - y*(1 - a))");
        String literal = run(List.of("derive", FILE, "--as-written"));
        assertThat(literal)
                .doesNotContain("rewritten")
                .contains("L = (y - 1)*log(1 - a) - y*log(a)");
        JsonObject json =
                JsonParser.parseString(run(List.of("derive", FILE, "--json"))).getAsJsonObject();
        assertThat(json.getAsJsonArray("rewrites").toString()).contains("-softplus(z)");
    }

    private static JsonObject deriveJson(double w1, double y, boolean literal) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "derive",
                                FILE,
                                "--at",
                                "x1=1,x2=0,x3=0,y=" + y + ",w1=" + w1 + ",w2=0,w3=0,b=0",
                                "--json"));
        if (literal) {
            args.add("--as-written");
        }
        return JsonParser.parseString(run(args)).getAsJsonObject();
    }

    private static String run(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status =
                Main.run(
                        args.toArray(String[]::new),
                        new ByteArrayInputStream(new byte[0]),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }
}
