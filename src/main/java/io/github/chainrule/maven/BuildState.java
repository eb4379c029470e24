package io.github.chainrule.maven;

import io.github.chainrule.files.AtomicWrite;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the last build generated: for each output (a path under the output folder), the source it
 * came from and the SHA-256 of both as they were then, and the {@code fingerprint} of the generator
 * and options that made them. A small text file in the output folder, written whole or not at all;
 * a missing or unreadable one means "nothing is known", so everything is regenerated.
 *
 * <pre>
 * chainrule-state 1
 * fingerprint 0.1.0|package=com.acme
 * entry SOURCE-SHA256 OUTPUT-SHA256 com/acme/neuron.chain com/acme/Neuron.java
 * </pre>
 */
final class BuildState {
    private static final String HEADER = "chainrule-state 1";

    record Entry(String source, String sourceHash, String output, String outputHash) {}

    private final String fingerprint;
    private final Map<String, Entry> byOutput = new TreeMap<>();

    BuildState(String fingerprint) {
        this.fingerprint = fingerprint;
    }

    String fingerprint() {
        return fingerprint;
    }

    Optional<Entry> entry(String output) {
        return Optional.ofNullable(byOutput.get(output));
    }

    Collection<Entry> entries() {
        return List.copyOf(byOutput.values());
    }

    void put(Entry entry) {
        byOutput.put(entry.output(), entry);
    }

    /**
     * The state in {@code file}, or empty when there is none or it is not one this version wrote.
     */
    static Optional<BuildState> load(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
        if (lines.size() < 2
                || !lines.get(0).equals(HEADER)
                || !lines.get(1).startsWith("fingerprint ")) {
            return Optional.empty();
        }
        BuildState state =
                new BuildState(unescape(lines.get(1).substring("fingerprint ".length())));
        for (String line : lines.subList(2, lines.size())) {
            String[] f = line.split(" ", -1);
            if (f.length != 5 || !f[0].equals("entry")) {
                return Optional.empty();
            }
            state.put(new Entry(unescape(f[3]), f[1], unescape(f[4]), f[2]));
        }
        return Optional.of(state);
    }

    /** Writes the state, unless {@code file} already holds exactly this. */
    void save(Path file) throws IOException {
        StringBuilder out = new StringBuilder();
        out.append(HEADER).append('\n');
        out.append("fingerprint ").append(escape(fingerprint)).append('\n');
        for (Entry e : byOutput.values()) {
            out.append("entry ")
                    .append(e.sourceHash())
                    .append(' ')
                    .append(e.outputHash())
                    .append(' ')
                    .append(escape(e.source()))
                    .append(' ')
                    .append(escape(e.output()))
                    .append('\n');
        }
        byte[] bytes = out.toString().getBytes(StandardCharsets.UTF_8);
        if (!OutputFiles.readIfExists(file).map(old -> Arrays.equals(old, bytes)).orElse(false)) {
            AtomicWrite.write(file, bytes);
        }
    }

    /** Paths may hold spaces or line breaks (folders are free-form with {@code <packageName>}). */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' || c <= ' ' || c == 0x7f) {
                out.append('%').append(String.format("%02X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%'
                    && i + 2 < s.length()
                    && isHex(s.charAt(i + 1))
                    && isHex(s.charAt(i + 2))) {
                out.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
    }
}
