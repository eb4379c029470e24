package io.github.chainrule.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line's behaviour (the README's "The command line"): where the program comes from,
 * what goes where, the exit status.
 */
class CommandLineTest {
    @TempDir Path dir;

    record Run(int status, String out, String err) {}

    private static Run run(byte[] stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status =
                Main.run(
                        args,
                        new ByteArrayInputStream(stdin),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        Run r =
                new Run(
                        status,
                        out.toString(StandardCharsets.UTF_8),
                        err.toString(StandardCharsets.UTF_8));
        assertThat(r.err())
                .as("no stack trace")
                .doesNotContain("Exception")
                .doesNotContain("at io.")
                .doesNotContain("internal error");
        return r;
    }

    private static Run run(String... args) {
        return run(new byte[0], args);
    }

    private Path file(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    // ---- exit 0
    // ------------------------------------------------------------------------------------

    @Test
    void aValidFileDerivesWithExitZeroAndNothingOnStandardError() throws Exception {
        Path p = file("ok.chain", "input x, y\nz = x * y\n");
        Run r = run("derive", p.toString());
        assertThat(r.status()).isEqualTo(Main.OK).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("dz/dx = y").contains("dz/dy = x");
    }

    @Test
    void dashEGivesTheProgramOnTheCommandLine() {
        Run r = run("derive", "-e", "z = x * x");
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("dz/dx = 2*x");
        assertThat(run("derive", "--expression", "z = x * x").out()).isEqualTo(r.out());
    }

    @Test
    void aDashReadsStandardInput() {
        Run r = run("z = sin(x)\n".getBytes(StandardCharsets.UTF_8), "derive", "-");
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("dz/dx = cos(x)");
    }

    @Test
    void warningsGoToStandardErrorAndTheExitIsStillZero() {
        Run r = run("derive", "-e", "input x, y\nz = x * 2");
        assertThat(r.status()).isZero();
        assertThat(r.err())
                .isEqualTo("<expr>:1:10: warning: input 'y' is not used\ninput x, y\n         ^\n");
        assertThat(r.out()).contains("dz/dx = 2");
    }

    @Test
    void helpAndVersionExitZero() {
        Run help = run("--help");
        assertThat(help.status()).isZero();
        assertThat(help.out())
                .contains("Usage: chainrule")
                .contains("derive")
                .contains("generate")
                .contains("graph");
        assertThat(run("-h").out()).isEqualTo(help.out());

        Run deriveHelp = run("derive", "--help");
        assertThat(deriveHelp.status()).isZero();
        assertThat(deriveHelp.out())
                .contains("Usage: chainrule derive")
                .contains("--json")
                .contains("--at")
                .contains("--wrt")
                .contains("--expand")
                .contains("-e");
        assertThat(run("help", "derive").out()).isEqualTo(deriveHelp.out());

        Run version = run("--version");
        assertThat(version.status()).isZero();
        assertThat(version.out()).matches("chainrule \\d+\\.\\d+\\.\\d+\\S*\\R");
        assertThat(run("-V").out()).isEqualTo(version.out());
        for (String command : List.of("derive", "generate", "graph")) {
            assertThat(run(command, "--version").out())
                    .as(command + " --version")
                    .isEqualTo(version.out());
        }
    }

    // ---- exit 1
    // ------------------------------------------------------------------------------------

    @Test
    void programErrorsExitOneWithTheMessagesOnStandardError() throws Exception {
        Path p = file("bad.chain", "input x\nz = x +\nw = sinn(x)\n");
        Run r = run("derive", p.toString());
        assertThat(r.status()).isEqualTo(Main.PROGRAM_ERRORS).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err())
                .isEqualTo(
                        p + ":2:8: error: expected an expression after '+'\nz = x +\n       ^\n");
    }

    @Test
    void errorsNameTheirSource() {
        assertThat(run("derive", "-e", "z = x +").err()).startsWith("<expr>:1:8: error: ");
        Run stdin = run("z = (x\n".getBytes(StandardCharsets.UTF_8), "derive", "-");
        assertThat(stdin.status()).isEqualTo(1);
        assertThat(stdin.err()).startsWith("<stdin>:1:7: error: missing ')' to close '(' at 1:5\n");
    }

    @Test
    void bytesThatAreNotUtf8ExitOne() throws Exception {
        Path p = dir.resolve("latin1.chain");
        Files.write(p, "z = x # \u00e9t\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        Run r = run("derive", p.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err())
                .startsWith(
                        p + ":1:9: error: the file is not UTF-8 text (byte 0xE9 at offset 8)\n");

        Run stdin = run(new byte[] {'z', ' ', '=', ' ', (byte) 0xC3}, "derive", "-");
        assertThat(stdin.status()).isEqualTo(1);
        assertThat(stdin.err())
                .startsWith(
                        "<stdin>:1:5: error: the file is not UTF-8 text (byte 0xC3 at offset 4)\n");
    }

    // ---- exit 2
    // ------------------------------------------------------------------------------------

    @Test
    void wrongUsageExitsTwo() throws Exception {
        Path p = file("ok.chain", "z = x\n");
        assertUsage(run(), "a command is needed");
        assertUsage(run("frobnicate"), "Unmatched argument");
        assertUsage(run("derive"), "give either a FILE (or - for standard input) or -e PROGRAM");
        assertUsage(run("derive", p.toString(), "-e", "z = x"), "give either a FILE");
        assertUsage(run("derive", p.toString(), p.toString()), "Unmatched argument");
        assertUsage(run("derive", "--bogus", p.toString()), "Unknown option: '--bogus'");
        assertUsage(run("derive", "-e"), "Missing required parameter");
        assertUsage(
                run("derive", p.toString(), "--wrt", "q"),
                "--wrt q: not an input of the program (inputs: x)");
        assertUsage(
                run("derive", p.toString(), "--at", "y=1"), "--at y: not an input of the program");
        assertUsage(run("derive", p.toString(), "--at", "x=one"), "--at x=one: not a number");
        assertUsage(run("derive", p.toString(), "--at", "x"), "--at x: expected NAME=VALUE");
        assertUsage(
                run("derive", "-e", "z = x * y", "--at", "x=1"),
                "--at needs a value for every input; missing: y");
    }

    private static void assertUsage(Run r, String message) {
        assertThat(r.status()).as(r.err()).isEqualTo(Main.USAGE).isEqualTo(2);
        assertThat(r.err()).contains(message);
        assertThat(r.err()).startsWith("chainrule: ");
    }

    // ---- exit 3
    // ------------------------------------------------------------------------------------

    @Test
    void aFileThatCannotBeReadExitsThree() {
        Path missing = dir.resolve("missing.chain");
        Run r = run("derive", missing.toString());
        assertThat(r.status()).isEqualTo(Main.FILES).isEqualTo(3);
        assertThat(r.err()).isEqualTo("chainrule: " + missing + ": no such file\n");
        assertThat(r.out()).isEmpty();

        Run directory = run("derive", dir.toString());
        assertThat(directory.status()).isEqualTo(3);
        assertThat(directory.err()).startsWith("chainrule: " + dir + ": cannot read");
    }

    @Test
    void aProgramOverTheSizeLimitExitsThree() {
        java.io.InputStream endless =
                new java.io.InputStream() {
                    @Override
                    public int read() {
                        return '#';
                    }
                };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status =
                Main.run(
                        new String[] {"derive", "-"},
                        endless,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(3);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo(
                        "chainrule: standard input: too large: a program may have at most 64 MB\n");
    }
}
