package io.github.chainrule;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The conformance corpora of the test resources, with exact values and derivatives: 300 scalar
 * programs ({@link #cases}) and 150 indexed ones ({@link #indexedCases}, with arrays as nested
 * lists).
 */
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
        return read("/conformance/corpus.jsonl");
    }

    public static List<Case> indexedCases() {
        return read("/conformance/indexed.jsonl");
    }

    private static List<Case> read(String resource) {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = Corpus.class.getResourceAsStream(resource)) {
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
