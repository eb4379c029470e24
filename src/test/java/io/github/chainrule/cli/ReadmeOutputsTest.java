package io.github.chainrule.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every command output the documentation quotes is the command's real output, as {@code
 * SamplesTest} checks the quotes of the generated code. A quoted output is a fenced block whose
 * first line is {@code $ ./chainrule ARGS} (arguments as a shell splits them, with '…' or "…"
 * quotes); the lines after it are what the command prints, standard output then standard error,
 * exactly, with two conventions, both visible in the Markdown:
 *
 * <ul>
 *   <li>a line that is only {@code …} stands for lines left out (none or more);
 *   <li>{@code <!-- folded -->} on the line before the block: the output is folded to save space,
 *       and is compared with every run of whitespace made one space.
 * </ul>
 *
 * A block whose first line is {@code # examples/NAME.chain: WHAT} quotes that file, whose first
 * line is {@code # WHAT}.
 */
class ReadmeOutputsTest {
    static final String PROMPT = "$ ./chainrule ";
    static final String FOLDED = "<!-- folded -->";
    static final String LEFT_OUT = "…";

    record Block(Path file, int line, boolean folded, List<String> lines) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + lines.get(0);
        }
    }

    /** The README, docs/*.md and generated-samples/README.md. */
    static List<Path> documents() throws IOException {
        List<Path> out = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(out::add);
        }
        out.add(Path.of("generated-samples", "README.md"));
        return out;
    }

    /**
     * Every fenced block of a Markdown file, with the line of its opening fence; a block indented
     * in a list item loses the fence's indent.
     */
    static List<Block> blocks(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Block> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().startsWith("```")) {
                int start = i;
                int indent = lines.get(i).indexOf('`');
                List<String> body = new ArrayList<>();
                for (i++; i < lines.size() && !lines.get(i).strip().startsWith("```"); i++) {
                    String line = lines.get(i);
                    body.add(
                            line.substring(
                                    Math.min(
                                            indent, line.length() - line.stripLeading().length())));
                }
                boolean folded = start > 0 && lines.get(start - 1).strip().equals(FOLDED);
                if (!body.isEmpty()) {
                    out.add(new Block(file, start + 1, folded, body));
                }
            }
        }
        return out;
    }

    static Stream<Arguments> quotedOutputs() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (Path doc : documents()) {
            for (Block b : blocks(doc)) {
                if (b.lines().get(0).startsWith(PROMPT)) {
                    out.add(Arguments.of(b));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("quotedOutputs")
    void aQuotedOutputIsTheRealOutput(Block block) {
        String command = block.lines().get(0);
        List<String> args = shellWords(command.substring(PROMPT.length()));
        String real = run(args);
        List<String> expected = block.lines().subList(1, block.lines().size());
        String why =
                String.format(
                        "%s:%d quotes what '%s' prints; it prints:%n%s",
                        block.file(), block.line(), command.substring(2), real);
        if (block.folded()) {
            assertThat(oneSpace(real)).as(why).isEqualTo(oneSpace(String.join("\n", expected)));
            return;
        }
        assertThat(quotes(expected, real)).as(why).isTrue();
    }

    /** Whether the lines {@code expected}, with {@code …} for lines left out, are {@code real}. */
    static boolean quotes(List<String> expected, String real) {
        String body = real.endsWith("\n") ? real.substring(0, real.length() - 1) : real;
        List<String> realLines = List.of(body.split("\n", -1));
        // each stretch between left-out lines is found whole, in order
        int from = 0;
        boolean leftOutBefore = false;
        List<String> stretch = new ArrayList<>();
        for (int i = 0; i <= expected.size(); i++) {
            if (i < expected.size() && !expected.get(i).strip().equals(LEFT_OUT)) {
                stretch.add(expected.get(i));
                continue;
            }
            int at = find(realLines, stretch, from, leftOutBefore, i == expected.size());
            if (at < 0) {
                return false;
            }
            from = at + stretch.size();
            stretch.clear();
            leftOutBefore = true;
        }
        return true;
    }

    @Test
    void leftOutLinesAreMarkedOnALineOfTheirOwn() {
        String real = "a\nb\nc\nd\n";
        assertThat(quotes(List.of("a", "b", "c", "d"), real)).isTrue();
        assertThat(quotes(List.of("a", "b", "c"), real)).as("the end left out, unmarked").isFalse();
        assertThat(quotes(List.of("b", "c", "d"), real)).as("the start left out").isFalse();
        assertThat(quotes(List.of("a", "…", "d"), real)).isTrue();
        assertThat(quotes(List.of("a", "…", "c", "…"), real)).isTrue();
        assertThat(quotes(List.of("…", "c", "d"), real)).isTrue();
        assertThat(quotes(List.of("a", "…", "b", "c", "d"), real)).as("… may be nothing").isTrue();
        assertThat(quotes(List.of("a", "…", "c", "b"), real)).isFalse();
        assertThat(quotes(List.of("a", "…", "x", "…"), real)).isFalse();
    }

    /**
     * Where {@code stretch} occurs in {@code lines} at or after {@code from} (just at {@code from}
     * unless lines were left out before it; ending the output if it is the last): -1 if nowhere.
     */
    private static int find(
            List<String> lines, List<String> stretch, int from, boolean anywhere, boolean last) {
        int end = lines.size();
        for (int at = from; at + stretch.size() <= end; at++) {
            if (lines.subList(at, at + stretch.size()).equals(stretch)
                    && (!last || at + stretch.size() == end)) {
                return at;
            }
            if (!anywhere) {
                break;
            }
        }
        return -1;
    }

    /** The README quotes at least its quick start, its JSON and its error example. */
    @Test
    void theReadmeQuotesOutputs() throws IOException {
        List<Block> quoted =
                blocks(Path.of("README.md")).stream()
                        .filter(b -> b.lines().get(0).startsWith(PROMPT))
                        .toList();
        assertThat(quoted)
                .extracting(b -> b.lines().get(0))
                .contains(PROMPT + "derive examples/neuron.chain")
                .anyMatch(l -> l.startsWith(PROMPT + "derive examples/neuron.chain --at"))
                .anyMatch(l -> l.startsWith(PROMPT + "derive -e"))
                .anyMatch(l -> l.startsWith(PROMPT + "graph"));
    }

    /** A program quoted as {@code # examples/NAME.chain: WHAT} is that file. */
    @Test
    void aQuotedExampleIsTheFile() throws IOException {
        int quoted = 0;
        for (Path doc : documents()) {
            for (Block b : blocks(doc)) {
                String first = b.lines().get(0);
                if (!first.matches("# examples/[\\w.-]+\\.chain: .*")) {
                    continue;
                }
                Path example = Path.of(first.substring(2, first.indexOf(':')));
                List<String> quote = new ArrayList<>(b.lines());
                quote.set(0, "# " + first.substring(first.indexOf(':') + 2));
                assertThat(Files.readAllLines(example, StandardCharsets.UTF_8))
                        .as("%s:%d quotes %s", doc, b.line(), example)
                        .isEqualTo(quote);
                quoted++;
            }
        }
        assertThat(quoted).isPositive();
    }

    /** Standard output, then standard error, of the command line run in-process. */
    private static String run(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Main.run(
                args.toArray(String[]::new),
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    private static String oneSpace(String s) {
        return s.strip().replaceAll("\\s+", " ");
    }

    /** Words as a POSIX shell splits them, for the quoting the documentation uses: '…', "…". */
    static List<String> shellWords(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("an unclosed quote in: " + line);
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    @Test
    void shellWordsSplitsAsAShellDoes() {
        assertThat(shellWords("derive -e 'z = x +'  --at x=1,y=2"))
                .containsExactly("derive", "-e", "z = x +", "--at", "x=1,y=2");
        assertThat(shellWords("a\"b c\"d ''")).containsExactly("ab cd", "");
    }
}
