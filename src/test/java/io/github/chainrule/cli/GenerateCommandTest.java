package io.github.chainrule.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.chainrule.TestPrograms;
import io.github.chainrule.javagen.JavaEmitter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chainrule generate}: where classes go, what they are named, and that failures write
 * nothing.
 */
class GenerateCommandTest {
    @TempDir Path dir;

    private record Run(int status, String out, String err) {}

    private static Run run(String stdin, String... args) {
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

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    private static final String NEURON = TestPrograms.resource("/programs/neuron.chain");

    @Test
    void parallelSplitsAnIndexedProgramsLoopsAndNothingElse() throws IOException {
        Path logreg = Path.of("examples/indexed/logreg.chain");
        Path neuron = write("in/neuron.chain", NEURON);
        Path plain = dir.resolve("plain");
        Path parallel = dir.resolve("parallel");
        assertThat(
                        run(
                                        "",
                                        "generate",
                                        logreg.toString(),
                                        neuron.toString(),
                                        "-d",
                                        plain.toString())
                                .status())
                .isEqualTo(0);
        Run r =
                run(
                        "",
                        "generate",
                        logreg.toString(),
                        neuron.toString(),
                        "-d",
                        parallel.toString(),
                        "--parallel");
        assertThat(r.status()).as(r.err()).isEqualTo(0);
        assertThat(Files.readString(plain.resolve("Logreg.java")))
                .isEqualTo(Files.readString(Path.of("generated-samples/indexed/Logreg.java")));
        assertThat(Files.readString(parallel.resolve("Logreg.java")))
                .contains("IntStream.range(0, chunks).parallel()", "gradientStep2Chunk");
        // a scalar program has no loops to split
        assertThat(Files.readString(parallel.resolve("Neuron.java")))
                .isEqualTo(Files.readString(plain.resolve("Neuron.java")));
    }

    @Test
    void writesEachClassInItsPackageFolderNamedAfterItsFile() throws IOException {
        Path neuron = write("in/neuron.chain", NEURON);
        Path model = write("in/my-model.chain", "input x\nf = x^2\n");
        Path out = dir.resolve("out");
        Run r =
                run(
                        "",
                        "generate",
                        neuron.toString(),
                        model.toString(),
                        "-d",
                        out.toString(),
                        "--package",
                        "p.q");
        assertThat(r.status()).as(r.err()).isEqualTo(0);
        Path neuronJava = out.resolve("p/q/Neuron.java");
        assertThat(r.out())
                .contains("wrote " + neuronJava, "wrote " + out.resolve("p/q/MyModel.java"));
        assertThat(Files.readString(neuronJava))
                .isEqualTo(
                        JavaEmitter.generate(
                                TestPrograms.compile(neuron.toString(), NEURON), "p.q", "Neuron"))
                .contains("package p.q;", "public final class Neuron {");
        assertThat(Files.readString(out.resolve("p/q/MyModel.java")))
                .contains("public final class MyModel {");
        try (Stream<Path> files = Files.list(out.resolve("p/q"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("Neuron.java", "MyModel.java");
        }
    }

    @Test
    void classNamesAnyFileAndStandardInput() throws IOException {
        Path out = dir.resolve("out");
        Run r =
                run(
                        "input x\nf = sin(x)\n",
                        "generate",
                        "-",
                        "-d",
                        out.toString(),
                        "--class",
                        "Sine");
        assertThat(r.status()).as(r.err()).isEqualTo(0);
        assertThat(Files.readString(out.resolve("Sine.java")))
                .contains("public final class Sine {", "Math.sin(x)");
        Path odd = write("2d.chain", "input x\nf = x\n");
        assertThat(
                        run("", "generate", odd.toString(), "-d", out.toString(), "--class", "Two")
                                .status())
                .isEqualTo(0);
        assertThat(out.resolve("Two.java")).exists();
    }

    @Test
    void aFileNameThatMakesNoClassNameIsAUsageError() throws IOException {
        Path odd = write("2d.chain", "input x\nf = x\n");
        Run r = run("", "generate", odd.toString(), "-d", dir.resolve("out").toString());
        assertThat(r.status()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("cannot make a Java class name of the file name", "--class");
        Path math = write("math.chain", "input x\nf = x\n");
        r = run("", "generate", math.toString(), "-d", dir.resolve("out").toString());
        assertThat(r.status()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("class name Math would hide the type Math");
        assertThat(run("", "generate", "-", "-d", dir.toString()).err())
                .contains("give --class Name");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void classOnlyWithOneFileAndPackagesMustBeJavaNames() throws IOException {
        Path a = write("a.chain", "input x\nf = x\n");
        Path b = write("b.chain", "input x\nf = x\n");
        Run r =
                run(
                        "",
                        "generate",
                        a.toString(),
                        b.toString(),
                        "-d",
                        dir.toString(),
                        "--class",
                        "Both");
        assertThat(r.status()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("--class names one class");
        r = run("", "generate", a.toString(), "-d", dir.toString(), "--package", "p.class");
        assertThat(r.status()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("--package p.class: not a Java package name");
        r =
                run(
                        "",
                        "generate",
                        a.toString(),
                        write("x/a.chain", "input y\nf = y\n").toString(),
                        "-d",
                        dir.toString());
        assertThat(r.status()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("would both be class A");
        assertThat(run("", "generate", a.toString()).status()).isEqualTo(Main.USAGE); // no -d
    }

    @Test
    void aProgramWithErrorsWritesNothingAtAll() throws IOException {
        Path good = write("good.chain", "input x\nf = x\n");
        Path bad = write("bad.chain", "input x\nf = sine(x)\n");
        Path out = dir.resolve("out");
        Run r = run("", "generate", good.toString(), bad.toString(), "-d", out.toString());
        assertThat(r.status()).isEqualTo(Main.PROGRAM_ERRORS);
        assertThat(r.err())
                .contains(bad + ":2:5: error: unknown function 'sine'", "nothing written");
        assertThat(out).doesNotExist();
    }

    @Test
    void unreadableAndUnwritableFilesExitWith3AndLeaveNoPartialFile() throws IOException {
        Run r = run("", "generate", dir.resolve("missing.chain").toString(), "-d", dir.toString());
        assertThat(r.status()).isEqualTo(Main.FILES);
        assertThat(r.err()).contains("missing.chain: no such file");

        Path good = write("good.chain", "input x\nf = x\n");
        Path blocked = write("blocked", "a file where the package folder should be");
        r = run("", "generate", good.toString(), "-d", blocked.toString(), "--package", "p");
        assertThat(r.status()).isEqualTo(Main.FILES);
        assertThat(r.err()).contains("cannot write " + blocked.resolve("p/Good.java"));
        assertThat(Files.readString(blocked))
                .isEqualTo("a file where the package folder should be");
    }

    @Test
    void anExistingFileIsReplacedWholeAndNoTemporaryFileIsLeft() throws IOException {
        Path good = write("good.chain", "input x\nf = x * 2\n");
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        Files.writeString(out.resolve("Good.java"), "old");
        assertThat(run("", "generate", good.toString(), "-d", out.toString()).status())
                .isEqualTo(0);
        assertThat(Files.readString(out.resolve("Good.java")))
                .contains("public final class Good {");
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("Good.java");
        }
    }

    @Test
    void aFileNameThatHidesATypeIsAPositionedErrorWithAHint() throws IOException {
        Path math = write("math.chain", "input x\nf = x\n");
        Run r = run("", "generate", math.toString(), "-d", dir.resolve("out").toString());
        assertThat(r.status()).isEqualTo(Main.USAGE);
        assertThat(r.err())
                .startsWith(
                        math
                                + ": error: cannot make a Java class name of the file name"
                                + " 'math.chain' (class name Math would hide the type Math that"
                                + " generated code uses); rename the file")
                .endsWith(", or give one with --class\n")
                .doesNotContain("internal error");
        r = run("", "generate", math.toString(), "-d", dir.resolve("out").toString(), "-c", "Math");
        assertThat(r.status()).isEqualTo(Main.USAGE);
        assertThat(r.err())
                .isEqualTo(
                        "chainrule: --class Math: class name Math would hide the type Math that"
                                + " generated code uses; choose another name\n");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void aDirectoryThatIsAFileOrEmptyIsAnError() throws IOException {
        Path good = write("good.chain", "input x\nf = x\n");
        Path afile = write("afile", "not a folder");
        Run r = run("", "generate", good.toString(), "-d", afile.toString());
        assertThat(r.status()).isEqualTo(Main.FILES);
        assertThat(r.err())
                .isEqualTo(
                        "chainrule: cannot write "
                                + afile.resolve("Good.java")
                                + ": "
                                + afile
                                + " is not a directory\n");
        assertThat(afile).hasContent("not a folder");

        r = run("", "generate", good.toString(), "-d", "");
        assertThat(r.status()).isEqualTo(Main.USAGE);
        assertThat(r.err())
                .isEqualTo(
                        "chainrule: -d '': no directory given (write . for the current"
                                + " directory)\n");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("good.chain", "afile");
        }
    }
}
