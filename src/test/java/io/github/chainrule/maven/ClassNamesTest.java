package io.github.chainrule.maven;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.chainrule.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/**
 * One table of file names (class-names.csv), and the same answer from the command line's {@code
 * generate} and from the plugin's build for each: the same class, byte for byte, or the same
 * positioned error, never an internal one.
 */
class ClassNamesTest {
    @TempDir Path dir;

    @ParameterizedTest(name = "{0} → {1}")
    @CsvFileSource(resources = "/class-names.csv")
    void theCommandLineAndThePluginNameTheClassAlike(String file, String expected)
            throws Exception {
        Path src = dir.resolve("src");
        Path source = src.resolve(file).toAbsolutePath();
        Files.createDirectories(src);
        Files.writeString(source, "input x\nf = x^2\n");

        List<String> pluginLog = new ArrayList<>();
        Path pluginOut = dir.resolve("plugin");
        IncrementalBuild.Summary summary =
                IncrementalBuild.run(
                        new IncrementalBuild.Settings(src, pluginOut, Optional.empty(), "test"),
                        new IncrementalBuild.BuildLog() {
                            @Override
                            public void debug(String message) {}

                            @Override
                            public void info(String message) {}

                            @Override
                            public void warn(String message) {
                                pluginLog.add(message);
                            }

                            @Override
                            public void error(String message) {
                                pluginLog.add(message);
                            }
                        });

        Path cliOut = dir.resolve("cli");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status =
                Main.run(
                        new String[] {"generate", source.toString(), "-d", cliOut.toString()},
                        new ByteArrayInputStream(new byte[0]),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        String cliErr = err.toString(StandardCharsets.UTF_8);

        if (!expected.startsWith("!")) {
            assertThat(pluginLog).isEmpty();
            assertThat(summary.errors()).isZero();
            assertThat(status).as(cliErr).isZero();
            String java = Files.readString(cliOut.resolve(expected + ".java"));
            assertThat(java).contains("public final class " + expected + " {");
            assertThat(pluginOut.resolve(expected + ".java")).hasContent(java);
            return;
        }
        String error =
                source
                        + ": error: cannot make a Java class name of the file name '"
                        + file
                        + "' ("
                        + expected.substring(1).strip()
                        + "); rename the file";
        assertThat(summary.errors()).isEqualTo(1);
        assertThat(pluginLog).singleElement().asString().startsWith(error);
        assertThat(status).isEqualTo(Main.USAGE);
        assertThat(cliErr)
                .startsWith(pluginLog.get(0))
                .endsWith(", or give one with --class\n")
                .doesNotContain("internal error");
        assertThat(cliOut).doesNotExist();
    }
}
