package io.github.chainrule.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input suite: every file under {@code src/test/resources/errors} is a program that carries
 * its expected diagnostics in comments, as jlox's tests do, and is run through the command line's
 * entry point ({@code chainrule derive FILE}).
 *
 * <p>The comments:
 *
 * <pre>
 * # expect: LINE:COL: error: MESSAGE      one per diagnostic, in any order, anywhere in the file
 * # expect: LINE:COL: warning: MESSAGE
 * # exit: N                              the exit status; without it, 1 if an error is expected, else 0
 * </pre>
 *
 * The diagnostics printed must be exactly the expected ones (the same multiset of line, column,
 * severity and message), each followed by its source line and a caret under the column; standard
 * error must hold nothing else that looks like a crash. The comments are found in the raw bytes
 * (read as Latin-1), so a file that is not UTF-8 on purpose can carry them too.
 */
class MalformedProgramsTest {
    private static final Pattern EXPECT =
            Pattern.compile("#\\s*expect:\\s*(\\d+):(\\d+): (error|warning): (.*?)\\s*$");
    private static final Pattern EXIT = Pattern.compile("#\\s*exit:\\s*(\\d+)");
    private static final Pattern DIAGNOSTIC =
            Pattern.compile("^(.*):(\\d+):(\\d+): (error|warning): (.*)$");

    record Expected(int line, int column, String severity, String message) {
        @Override
        public String toString() {
            return line + ":" + column + ": " + severity + ": " + message;
        }
    }

    static Path errorsDirectory() throws URISyntaxException {
        return Path.of(MalformedProgramsTest.class.getResource("/errors").toURI());
    }

    static Stream<Path> programs() throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.list(errorsDirectory())) {
            return files.filter(p -> p.toString().endsWith(".chain")).sorted().toList().stream();
        }
    }

    @Test
    void theSuiteHoldsAtLeastSixtyPrograms() throws Exception {
        assertThat(programs().count()).isGreaterThanOrEqualTo(60);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("programs")
    void reportsExactlyTheExpectedDiagnostics(Path program) throws Exception {
        String raw = new String(Files.readAllBytes(program), StandardCharsets.ISO_8859_1);
        List<Expected> expected = new ArrayList<>();
        Integer exit = null;
        for (String line : raw.split("\n", -1)) {
            Matcher m = EXPECT.matcher(line);
            if (m.find()) {
                expected.add(
                        new Expected(
                                Integer.parseInt(m.group(1)),
                                Integer.parseInt(m.group(2)),
                                m.group(3),
                                new String(
                                        m.group(4).getBytes(StandardCharsets.ISO_8859_1),
                                        StandardCharsets.UTF_8)));
            }
            Matcher x = EXIT.matcher(line);
            if (x.find()) {
                exit = Integer.parseInt(x.group(1));
            }
        }
        assertThat(expected)
                .as("%s carries no '# expect:' comment", program.getFileName())
                .isNotEmpty();
        int expectedExit =
                exit != null
                        ? exit
                        : expected.stream().anyMatch(e -> e.severity().equals("error")) ? 1 : 0;

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status =
                Main.run(
                        new String[] {"derive", program.toString()},
                        new ByteArrayInputStream(new byte[0]),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        String stderr = err.toString(StandardCharsets.UTF_8);

        List<Expected> actual = new ArrayList<>();
        String[] lines = stderr.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = DIAGNOSTIC.matcher(lines[i]);
            if (!m.matches() || !m.group(1).equals(program.toString())) {
                continue;
            }
            Expected d =
                    new Expected(
                            Integer.parseInt(m.group(2)),
                            Integer.parseInt(m.group(3)),
                            m.group(4),
                            m.group(5));
            actual.add(d);
            assertThat(i + 2).as("source line and caret after %s", d).isLessThan(lines.length);
            String source = lines[i + 1];
            String caret = lines[i + 2];
            assertThat(caret.strip()).as("caret line after %s", d).isEqualTo("^");
            if (source.length() < 120 && source.indexOf('\t') < 0 && !source.isEmpty()) {
                assertThat(caret.codePointCount(0, caret.length()) - 1)
                        .as("caret column of %s", d)
                        .isEqualTo(d.column() - 1);
            }
        }
        Comparator<Expected> order =
                Comparator.comparingInt(Expected::line)
                        .thenComparingInt(Expected::column)
                        .thenComparing(Expected::toString);
        assertThat(sorted(actual, order))
                .as("diagnostics of %s; standard error was:%n%s", program.getFileName(), stderr)
                .containsExactlyElementsOf(sorted(expected, order));
        assertThat(status)
                .as("exit status of %s; standard error was:%n%s", program.getFileName(), stderr)
                .isEqualTo(expectedExit);
        assertThat(stderr)
                .doesNotContain("at io.")
                .doesNotContain("Exception")
                .doesNotContain("internal error");
        if (expectedExit != 0) {
            assertThat(out.toString(StandardCharsets.UTF_8))
                    .as("standard output on errors")
                    .isEmpty();
        }
    }

    private static List<Expected> sorted(List<Expected> list, Comparator<Expected> order) {
        List<Expected> copy = new ArrayList<>(list);
        copy.sort(order);
        return copy;
    }
}
