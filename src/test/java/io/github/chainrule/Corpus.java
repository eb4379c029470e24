package io.github.chainrule;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The conformance corpus of the test resources: 300 programs with exact values and derivatives. */
public final class Corpus {
    private Corpus() {}

    public record Case(
            String id, String program, JsonObject at, JsonObject outputs, JsonObject derivatives) {
        @Override
        public String toString() {
            return id;
        }
    }

    public static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = Corpus.class.getResourceAsStream("/conformance/corpus.jsonl")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                JsonObject o = JsonParser.parseString(line).getAsJsonObject();
                cases.add(
                        new Case(
                                o.get("id").getAsString(),
                                o.get("program").getAsString(),
                                o.getAsJsonObject("at"),
                                o.getAsJsonObject("outputs"),
                                o.getAsJsonObject("derivatives")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases;
    }
}
