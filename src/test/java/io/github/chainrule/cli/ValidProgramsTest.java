package io.github.chainrule.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import io.github.chainrule.Driver;
import io.github.chainrule.diag.Severity;
import io.github.chainrule.diag.SourceFile;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The other side of the bad-input suite: programs under {@code src/test/resources/valid} (every
 * piece of the syntax, line ends, a byte order mark) derive with no diagnostic at all, and every
 * program of the conformance corpus passes the front end without an error.
 */
class ValidProgramsTest {

    static Stream<Path> validPrograms() throws Exception {
        Path dir = Path.of(ValidProgramsTest.class.getResource("/valid").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".chain")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validPrograms")
    void derivesWithoutAnyDiagnostic(Path program) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status =
                Main.run(
                        new String[] {"derive", program.toString()},
                        new ByteArrayInputStream(new byte[0]),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("derivatives");
    }

    static List<String[]> corpus() throws Exception {
        try (BufferedReader in =
                new BufferedReader(
                        new InputStreamReader(
                                ValidProgramsTest.class.getResourceAsStream(
                                        "/conformance/corpus.jsonl"),
                                StandardCharsets.UTF_8))) {
            return in.lines()
                    .map(l -> JsonParser.parseString(l).getAsJsonObject())
                    .map(
                            o ->
                                    new String[] {
                                        o.get("id").getAsString(), o.get("program").getAsString()
                                    })
                    .toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void everyCorpusProgramPassesTheFrontEnd(String id, String program) {
        Driver.Checked c = Driver.check(new SourceFile(id, program));
        assertThat(c.reporter().diagnostics())
                .filteredOn(d -> d.severity() == Severity.ERROR)
                .as(c.reporter().format())
                .isEmpty();
        assertThat(c.ok()).isTrue();
    }
}
