package io.github.chainrule.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.chainrule.ConformanceTest;
import io.github.chainrule.Corpus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The indexed corpus through the command line, as a user runs it: {@code chainrule derive FILE
 * --at @point.json --json}; every output value and every derivative (each output element by each
 * wrt input, element by element) against the computer algebra system's, to 1e-9 relative.
 */
class IndexedConformanceTest {
    @TempDir static Path dir;

    static List<Corpus.Case> cases() {
        return Corpus.indexedCases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void deriveAtAPointGivesTheExactValuesAndDerivatives(Corpus.Case c) throws IOException {
        String id = c.id();
        Path program = dir.resolve(id + ".chain");
        Path point = dir.resolve(id + ".json");
        Files.writeString(program, c.program());
        Files.writeString(point, c.at().toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status =
                Main.run(
                        new String[] {"derive", program.toString(), "--at", "@" + point, "--json"},
                        new ByteArrayInputStream(new byte[0]),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).as(id + ": " + err.toString(StandardCharsets.UTF_8)).isZero();
        JsonObject got =
                JsonParser.parseString(out.toString(StandardCharsets.UTF_8)).getAsJsonObject();
        for (Map.Entry<String, JsonElement> e : c.outputs().entrySet()) {
            compare(
                    id + " " + e.getKey(),
                    e.getValue(),
                    got.getAsJsonObject("outputs").get(e.getKey()));
        }
        JsonObject derivatives = got.getAsJsonObject("derivatives");
        for (Map.Entry<String, JsonElement> e : c.derivatives().entrySet()) {
            JsonObject byWrt = derivatives.getAsJsonObject(e.getKey());
            assertThat(byWrt).as(id + " derivatives of " + e.getKey()).isNotNull();
            for (Map.Entry<String, JsonElement> w : e.getValue().getAsJsonObject().entrySet()) {
                compare(
                        id + " d" + e.getKey() + "/d" + w.getKey(),
                        w.getValue(),
                        byWrt.get(w.getKey()));
            }
        }
    }

    /** Nested lists element by element; numbers with the corpus's rule. */
    private static void compare(String what, JsonElement exact, JsonElement got) {
        assertThat(got).as(what + " is missing").isNotNull();
        if (exact.isJsonArray()) {
            JsonArray e = exact.getAsJsonArray();
            JsonArray g = got.getAsJsonArray();
            assertThat(g.size()).as(what + " length").isEqualTo(e.size());
            for (int i = 0; i < e.size(); i++) {
                compare(what + "[" + i + "]", e.get(i), g.get(i));
            }
            return;
        }
        ConformanceTest.assertClose(what, exact.getAsString(), got);
    }
}
