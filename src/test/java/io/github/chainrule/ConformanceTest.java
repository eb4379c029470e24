package io.github.chainrule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.chainrule.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The conformance corpus (300 programs whose values and derivatives a computer algebra system
 * computed at 30 digits) through the CLI's {@code derive -e … --at … --json}, in-process.
 */
public class ConformanceTest {

    static Stream<Arguments> cases() {
        return Corpus.cases().stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void derivativesMatchTheComputerAlgebraSystem(Corpus.Case c) {
        List<String> point = new ArrayList<>();
        for (Map.Entry<String, JsonElement> e : c.at().entrySet()) {
            point.add(e.getKey() + "=" + e.getValue().getAsString());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status =
                Main.run(
                        new String[] {
                            "derive", "-e", c.program(), "--at", String.join(",", point), "--json"
                        },
                        new ByteArrayInputStream(new byte[0]),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        String errors = err.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, errors);
        assertTrue(errors.lines().noneMatch(l -> l.contains("error:")), errors);
        JsonObject got =
                JsonParser.parseString(out.toString(StandardCharsets.UTF_8)).getAsJsonObject();

        for (Map.Entry<String, JsonElement> e : c.outputs().entrySet()) {
            assertClose(
                    c.id() + " " + e.getKey(),
                    e.getValue().getAsString(),
                    got.getAsJsonObject("outputs").get(e.getKey()));
        }
        for (Map.Entry<String, JsonElement> row : c.derivatives().entrySet()) {
            JsonObject gotRow = got.getAsJsonObject("derivatives").getAsJsonObject(row.getKey());
            for (Map.Entry<String, JsonElement> cell :
                    row.getValue().getAsJsonObject().entrySet()) {
                assertClose(
                        c.id() + " d" + row.getKey() + "/d" + cell.getKey(),
                        cell.getValue().getAsString(),
                        gotRow.get(cell.getKey()));
            }
        }
    }

    /**
     * Relative 1e-9, absolute 1e-12 where the exact value is 0 (the corpus's README). A value below
     * 1e-100 counts as 0: visible-0119 differentiates cosh(atan2(u, u)), whose derivative is
     * exactly 0, and lists -1.6e-142, the rounding residue of the 30-digit evaluation.
     */
    public static void assertClose(String what, String exactText, JsonElement got) {
        if (got == null || got.isJsonNull()) {
            fail(what + ": missing");
        }
        double exact = Double.parseDouble(exactText);
        double value =
                got.getAsJsonPrimitive().isString()
                        ? Double.parseDouble(got.getAsString())
                        : got.getAsDouble();
        double tolerance = Math.abs(exact) < 1e-100 ? 1e-12 : 1e-9 * Math.abs(exact);
        if (!(Math.abs(value - exact) <= tolerance)) {
            fail(what + ": expected " + exactText + ", got " + value);
        }
    }
}
