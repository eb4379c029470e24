package io.github.chainrule.javagen;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.chainrule.Driver;
import io.github.chainrule.cli.Main;
import io.github.chainrule.diag.SourceFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * x^y's partials where their formulas meet 0·inf but the function is smooth: at x = 0, y > 0,
 * {@code x^y*log(x)} is 0·(-inf) while x^y is 0 for every exponent nearby, so dz/dy is 0; at y = 0,
 * {@code y*x^(y - 1)} is 0·inf at x = 0 while x^0 is 1 for every x, so dz/dx is 0. Through {@code
 * derive --at} and generated code, in forward mode (two wrt inputs) and reverse mode (three), with
 * the same bits; an infinite slope (dz/dx of x^0.5 at 0) stays infinite.
 */
class PowerLimitsTest {
    private static final String FORWARD = "input x, y\nz = x^y\n";
    private static final String REVERSE = "input x, y, w\nz = w*x^y\n";

    @TempDir static Path dir;

    private static GeneratedClass forwardMode;
    private static GeneratedClass reverseMode;

    @BeforeAll
    static void generate() throws Exception {
        Files.writeString(dir.resolve("f.chain"), FORWARD);
        Files.writeString(dir.resolve("r.chain"), REVERSE);
        String f =
                Driver.generate(new SourceFile("f.chain", FORWARD), "pw", "F", false)
                        .java()
                        .orElseThrow();
        String r =
                Driver.generate(new SourceFile("r.chain", REVERSE), "pw", "R", false)
                        .java()
                        .orElseThrow();
        InMemoryJavac.Compiled c = InMemoryJavac.compile(dir, Map.of("pw.F", f, "pw.R", r));
        forwardMode = new GeneratedClass(c.load("pw.F"));
        reverseMode = new GeneratedClass(c.load("pw.R"));
    }

    @ParameterizedTest(name = "x = {0}, y = {1}: dz/dx = {2}, dz/dy = {3}")
    @CsvSource({
        "0, 2, 0, 0",
        "0, 3.5, 0, 0",
        "0, 1, 1, 0",
        "0, 0.5, Infinity, 0",
        "2, 0, 0, 0.6931471805599453",
        "1e-300, 2, 2e-300, 0",
        "3, 2, 6, 9.887510598012987"
    })
    void theLimitWhereTheFormulaMeetsZeroTimesInfinity(double x, double y, double dx, double dy) {
        double[] grad = new double[2];
        forwardMode.gradient(new double[] {x, y}, grad);
        assertClose("dz/dx", grad[0], dx);
        assertClose("dz/dy", grad[1], dy);
        double[] g3 = new double[3];
        reverseMode.gradient(new double[] {x, y, 1}, g3);
        assertSame("reverse dz/dx", g3[0], grad[0]);
        assertSame("reverse dz/dy", g3[1], grad[1]);
        JsonObject d = derive("f.chain", "x=" + x + ",y=" + y);
        assertSame("derive dz/dx", d.get("x").getAsDouble(), grad[0]);
        assertSame("derive dz/dy", d.get("y").getAsDouble(), grad[1]);
        JsonObject r = derive("r.chain", "x=" + x + ",y=" + y + ",w=1");
        assertSame("derive, reverse, dz/dy", r.get("y").getAsDouble(), grad[1]);
    }

    private static void assertSame(String what, double got, double expected) {
        assertThat(got == expected).as("%s: %s, expected %s", what, got, expected).isTrue();
    }

    /** The exact value, or within a few ulps of it (a log rounds). */
    private static void assertClose(String what, double got, double expected) {
        boolean ok =
                Double.isFinite(expected)
                        ? Math.abs(got - expected) <= 4 * Math.ulp(expected)
                        : got == expected;
        assertThat(ok).as("%s: %s, expected %s", what, got, expected).isTrue();
    }

    private static JsonObject derive(String file, String at) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status =
                Main.run(
                        new String[] {"derive", dir.resolve(file).toString(), "--at", at, "--json"},
                        new ByteArrayInputStream(new byte[0]),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return JsonParser.parseString(out.toString(StandardCharsets.UTF_8))
                .getAsJsonObject()
                .getAsJsonObject("derivatives")
                .getAsJsonObject("z");
    }
}
