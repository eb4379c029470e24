package io.github.chainrule.diagram;

import io.github.chainrule.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** For the graph tests: the CLI in-process, Graphviz's dot, and a reader for the DOT we write. */
final class DotCli {
    private DotCli() {}

    record Run(int status, String out, String err) {}

    static Run run(String... args) {
        return runWithInput("", args);
    }

    static Run runWithInput(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status =
                Main.run(
                        args,
                        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(
                status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs and expects success and nothing on standard error. */
    static String ok(String... args) {
        Run r = run(args);
        if (r.status() != 0 || !r.err().isEmpty()) {
            throw new AssertionError(
                    "chainrule "
                            + String.join(" ", args)
                            + " exited "
                            + r.status()
                            + ":\n"
                            + r.err());
        }
        return r.out();
    }

    /** Every program in examples/, by name. */
    static List<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("examples"))) {
            return files.filter(p -> p.toString().endsWith(".chain")).sorted().toList();
        }
    }

    // ---- Graphviz -------------------------------------------------------------------------------

    /** Whether Graphviz's dot can be run here. */
    static boolean dotInstalled() {
        try {
            Process p = new ProcessBuilder("dot", "-V").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static final String NO_DOT =
            "Graphviz's dot is not installed, so the DOT is not rendered"
                    + " (apt-get install graphviz; CI's .ci/run installs it)";

    // ---- reading our DOT ------------------------------------------------------------------------

    /**
     * A node or edge statement of the DOT: its id (or "from -> to"), its label's lines and its
     * tooltip.
     */
    record Item(String id, List<String> label, String tooltip, String attributes) {}

    private static final Pattern NODE = Pattern.compile("^  \"([^\"]*)\" \\[(.*)\\];$");
    private static final Pattern EDGE =
            Pattern.compile("^  \"([^\"]*)\" -> \"([^\"]*)\"(?: \\[(.*)\\])?;$");
    private static final Pattern LABEL = Pattern.compile("label=<(.*?)>(?:, tooltip=|$)");
    private static final Pattern TOOLTIP = Pattern.compile("tooltip=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** The nodes of the DOT, by id, in order. */
    static Map<String, Item> nodes(String dot) {
        Map<String, Item> out = new LinkedHashMap<>();
        for (String line : dot.split("\n")) {
            Matcher m = NODE.matcher(line);
            if (m.matches()) {
                out.put(m.group(1), item(m.group(1), m.group(2)));
            }
        }
        return out;
    }

    /** The edges, each as "from -> to". */
    static List<Item> edges(String dot) {
        List<Item> out = new ArrayList<>();
        for (String line : dot.split("\n")) {
            Matcher m = EDGE.matcher(line);
            if (m.matches()) {
                out.add(
                        item(
                                m.group(1) + " -> " + m.group(2),
                                m.group(3) == null ? "" : m.group(3)));
            }
        }
        return out;
    }

    private static Item item(String id, String attributes) {
        List<String> label = new ArrayList<>();
        Matcher l = LABEL.matcher(attributes);
        if (l.find()) {
            for (String line : l.group(1).split("<BR/>")) {
                label.add(unescapeHtml(line.replaceAll("<[^>]*>", "")));
            }
        }
        Matcher t = TOOLTIP.matcher(attributes);
        String tooltip = t.find() ? unescapeString(t.group(1)) : null;
        return new Item(id, label, tooltip, attributes);
    }

    /** What Graphviz shows for an HTML-like label's text. */
    static String unescapeHtml(String s) {
        return entities(s.replace("\\\\", "\\"));
    }

    /** What Graphviz shows for a quoted string. */
    static String unescapeString(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                out.append(n == 'n' ? '\n' : n);
            } else {
                out.append(c);
            }
        }
        return entities(out.toString());
    }

    private static String entities(String s) {
        Matcher m = Pattern.compile("&(#(\\d+)|amp|lt|gt|quot);").matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String r =
                    switch (m.group(1)) {
                        case "amp" -> "&";
                        case "lt" -> "<";
                        case "gt" -> ">";
                        case "quot" -> "\"";
                        default -> new String(Character.toChars(Integer.parseInt(m.group(2))));
                    };
            m.appendReplacement(out, Matcher.quoteReplacement(r));
        }
        m.appendTail(out);
        return out.toString();
    }
}
