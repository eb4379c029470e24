package io.github.chainrule.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncrementalBuildTest {
    private static final FileTime LONG_AGO = FileTime.fromMillis(946_684_800_000L); // 2000-01-01

    @TempDir Path project;
    Path src;
    Path out;
    final List<String> log = new ArrayList<>();

    @BeforeEach
    void layout() throws Exception {
        src = project.resolve("src/main/chainrule");
        out = project.resolve("target/generated-sources/chainrule");
        write("com/acme/neuron.chain", "input x, w, b\nz = sigmoid(w * x + b)\n");
        write("com/acme/util/my_loss.chain", "input p, y\nL = (p - y)^2\n");
        write("seed.chain", "input x, y\nz = x * y + sin(x)\n");
    }

    private void write(String relative, String text) throws Exception {
        Path file = src.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private IncrementalBuild.Summary build() throws Exception {
        return build(Optional.empty(), "gen-1");
    }

    private IncrementalBuild.Summary build(Optional<String> packageName, String generator)
            throws Exception {
        return build(new IncrementalBuild.Settings(src, out, packageName, generator));
    }

    private IncrementalBuild.Summary build(IncrementalBuild.Settings settings) throws Exception {
        log.clear();
        return IncrementalBuild.run(
                settings,
                new IncrementalBuild.BuildLog() {
                    @Override
                    public void debug(String message) {}

                    @Override
                    public void info(String message) {
                        log.add("[INFO] " + message);
                    }

                    @Override
                    public void warn(String message) {
                        log.add("[WARNING] " + message);
                    }

                    @Override
                    public void error(String message) {
                        log.add("[ERROR] " + message);
                    }
                });
    }

    private List<String> javaFiles() throws Exception {
        try (Stream<Path> files = Files.walk(out)) {
            return files.filter(p -> p.toString().endsWith(".java"))
                    .map(p -> Layout.slashes(out.relativize(p)))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    private void age() throws Exception {
        for (String f : javaFiles()) {
            Files.setLastModifiedTime(out.resolve(f), LONG_AGO);
        }
    }

    @Test
    void aSecondBuildRegeneratesNothingAndAnEditRegeneratesOnlyThatSource() throws Exception {
        IncrementalBuild.Summary first = build();
        assertThat(first.counts()).isEqualTo("generated 3, up to date 0, removed 0");
        assertThat(javaFiles())
                .containsExactly("Seed.java", "com/acme/Neuron.java", "com/acme/util/MyLoss.java");
        assertThat(log)
                .contains(
                        "[INFO] chainrule: generated com/acme/util/MyLoss.java from"
                                + " com/acme/util/my_loss.chain");

        age();
        assertThat(build().counts()).isEqualTo("generated 0, up to date 3, removed 0");
        assertThat(log).isEmpty();

        write("com/acme/neuron.chain", "input x, w, b, c\nz = tanh(w * x + b + c)\n");
        Files.setLastModifiedTime(
                src.resolve("seed.chain"), FileTime.fromMillis(System.currentTimeMillis()));
        assertThat(build().counts()).isEqualTo("generated 1, up to date 2, removed 0");
        assertThat(log)
                .containsExactly(
                        "[INFO] chainrule: generated com/acme/Neuron.java from"
                                + " com/acme/neuron.chain");
        assertThat(Files.getLastModifiedTime(out.resolve("com/acme/Neuron.java")))
                .isNotEqualTo(LONG_AGO);
        assertThat(Files.getLastModifiedTime(out.resolve("Seed.java"))).isEqualTo(LONG_AGO);
        assertThat(Files.getLastModifiedTime(out.resolve("com/acme/util/MyLoss.java")))
                .isEqualTo(LONG_AGO);
    }

    @Test
    void deletingASourceRemovesItsClassAndNothingElse() throws Exception {
        build();
        Files.writeString(out.resolve("com/acme/util/Handwritten.java"), "class Handwritten {}");
        Files.writeString(project.resolve("target/keep.txt"), "keep");
        Files.delete(src.resolve("com/acme/util/my_loss.chain"));
        assertThat(build().counts()).isEqualTo("generated 0, up to date 2, removed 1");
        assertThat(log)
                .contains(
                        "[INFO] chainrule: removed com/acme/util/MyLoss.java (no source generates"
                                + " it any more)");
        assertThat(javaFiles())
                .containsExactly(
                        "Seed.java", "com/acme/Neuron.java", "com/acme/util/Handwritten.java");
        assertThat(project.resolve("target/keep.txt")).exists();

        Files.delete(src.resolve("seed.chain"));
        Files.delete(out.resolve("com/acme/util/Handwritten.java"));
        assertThat(build().counts()).isEqualTo("generated 0, up to date 1, removed 1");
        assertThat(javaFiles()).containsExactly("com/acme/Neuron.java");
        assertThat(out.resolve("com/acme/util"))
                .exists(); // emptied by us? no: by the test, so left alone
    }

    @Test
    void emptiedPackageFoldersGoWithTheirLastClass() throws Exception {
        build();
        Files.delete(src.resolve("com/acme/util/my_loss.chain"));
        build();
        assertThat(out.resolve("com/acme/util")).doesNotExist();
        assertThat(out.resolve("com/acme")).isDirectory();
    }

    @Test
    void aDeletedOrEditedOutputIsRegenerated() throws Exception {
        build();
        Files.delete(out.resolve("Seed.java"));
        Files.writeString(out.resolve("com/acme/Neuron.java"), "// edited by hand");
        assertThat(build().counts()).isEqualTo("generated 2, up to date 1, removed 0");
    }

    @Test
    void aNewGeneratorOrPackageRegeneratesEverythingAndMovesTheClasses() throws Exception {
        build();
        assertThat(build(Optional.empty(), "gen-2").counts())
                .isEqualTo("generated 0, up to date 3, removed 0");
        assertThat(log)
                .containsExactly(
                        "[INFO] chainrule: the generator or its options changed since the last"
                                + " build: regenerating everything");
        assertThat(build(Optional.of("org.example"), "gen-2").counts())
                .isEqualTo("generated 3, up to date 0, removed 3");
        assertThat(javaFiles())
                .containsExactly(
                        "org/example/MyLoss.java",
                        "org/example/Neuron.java",
                        "org/example/Seed.java");
        assertThat(out.resolve("com")).doesNotExist();
    }

    @Test
    void turningParallelOnIsAChangeOfOptions() throws Exception {
        build();
        // the scalar programs' classes are the same with it: checked, none rewritten
        assertThat(
                        build(
                                        new IncrementalBuild.Settings(
                                                src, out, Optional.empty(), "gen-1", false, true))
                                .counts())
                .isEqualTo("generated 0, up to date 3, removed 0");
        assertThat(log)
                .containsExactly(
                        "[INFO] chainrule: the generator or its options changed since the last"
                                + " build: regenerating everything");
    }

    @Test
    void aTamperedStateNeverDeletesOutsideTheOutputFolder() throws Exception {
        build();
        Path victim = project.resolve("Victim.java");
        Files.writeString(victim, "class Victim {}");
        Path state = IncrementalBuild.stateFile(src, out);
        Files.writeString(
                state,
                Files.readString(state)
                        + "entry 00 00 gone.chain ../../../Victim.java\n"
                        + "entry 00 00 gone2.chain "
                        + victim.toAbsolutePath()
                        + "\n");
        assertThat(build().removed()).isZero();
        assertThat(victim).exists();
    }

    @Test
    void everyErrorOfEveryFileIsReportedAndTheGoodFilesAreStillGenerated() throws Exception {
        write("bad/one.chain", "input x\ny = x + * 2\nz = (x * 3\n");
        write("bad/two.chain", "input x\ny = sin(x\n");
        Files.createDirectories(src.resolve("bad"));
        Files.write(
                src.resolve("bad/three.chain"), new byte[] {'x', ' ', '=', ' ', (byte) 0xff, '\n'});
        write("bad-folder/fine.chain", "z = x\n");
        write("warn.chain", "input x, q\ny = 2 * x\n");
        IncrementalBuild.Summary summary = build();
        assertThat(summary.errors()).isEqualTo(5);
        assertThat(summary.filesWithErrors()).isEqualTo(4);
        assertThat(summary.warnings()).isEqualTo(1);
        assertThat(summary.generated()).isEqualTo(4);
        assertThat(log)
                .contains(
                        "[ERROR] "
                                + src.resolve("bad-folder/fine.chain").toAbsolutePath()
                                + ": error: the folder 'bad-folder' is not a Java package name, so"
                                + " the file has no package: rename the folder (to 'bad_folder',"
                                + " say) or set <packageName> in the plugin's configuration");
        // The compiler's messages are its own (its tests check their words): here, their places,
        // each followed by its source line and a caret under the column, at the right level.
        assertReported("[ERROR] ", "bad/one.chain", 2, 9, "y = x + * 2");
        assertReported("[ERROR] ", "bad/one.chain", 3, 11, "z = (x * 3");
        assertReported("[ERROR] ", "bad/two.chain", 2, 10, "y = sin(x");
        assertReported("[ERROR] ", "bad/three.chain", 1, 5, null);
        assertReported("[WARNING] ", "warn.chain", 1, 10, "input x, q");
        assertThat(javaFiles())
                .containsExactly(
                        "Seed.java",
                        "Warn.java",
                        "com/acme/Neuron.java",
                        "com/acme/util/MyLoss.java");

        // still out of date: the next build reports them again and regenerates nothing else
        IncrementalBuild.Summary again = build();
        assertThat(again.errors()).isEqualTo(5);
        assertThat(again.counts()).isEqualTo("generated 0, up to date 4, removed 0");
    }

    private void assertReported(
            String level, String file, int line, int column, String sourceLine) {
        String head =
                level
                        + src.resolve(file).toAbsolutePath()
                        + ":"
                        + line
                        + ":"
                        + column
                        + ": "
                        + (level.equals("[ERROR] ") ? "error: " : "warning: ");
        int at = -1;
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).startsWith(head)) {
                at = i;
            }
        }
        assertThat(at).as("a message at %s:%d:%d in %s", file, line, column, log).isNotNegative();
        if (sourceLine != null) {
            assertThat(log.get(at + 1)).isEqualTo(level + sourceLine);
        }
        assertThat(log.get(at + 2)).isEqualTo(level + " ".repeat(column - 1) + "^");
    }

    @Test
    void noSourcesNoOutput() throws Exception {
        src = project.resolve("nothing-here");
        assertThat(build().counts()).isEqualTo("generated 0, up to date 0, removed 0");
        assertThat(out).doesNotExist();
    }
}
