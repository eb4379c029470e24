package io.github.chainrule.cli;

import static io.github.chainrule.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.chainrule.cli.CliRun.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The command line's edges: options that used to pass silently are errors with one line that says
 * why, and every command's help lists the exit codes.
 */
class CliEdgesTest {
    @TempDir Path dir;

    /** Exit 2 and exactly this one line on standard error, nothing on standard output. */
    private static void assertUsage(Run r, String line) {
        assertThat(r.status()).as(r.err()).isEqualTo(Main.USAGE);
        assertThat(r.err()).isEqualTo("chainrule: " + line + "\n");
        assertThat(r.out()).isEmpty();
    }

    // ---- --at
    // ------------------------------------------------------------------------------------

    @Test
    void anInputGivenTwiceIsAnError() {
        assertUsage(
                run("derive", "-e", "z = x * y", "--at", "x=1,y=2,x=3"),
                "--at x: given twice (x=1 and x=3): give each input one value");
        assertUsage(
                run("graph", "-e", "z = x * y", "--at", "x=1,y=2", "--at", "y=2"),
                "--at y: given twice (y=2 and y=2): give each input one value");
    }

    @Test
    void aValueTooLargeForADoubleIsAnErrorAsInAProgram() {
        assertUsage(
                run("derive", "-e", "z = 2 * x", "--at", "x=1e400"),
                "--at x=1e400: too large: a double holds at most about 1.8e308 (write Infinity for"
                        + " infinity)");
        assertUsage(
                run("graph", "-e", "z = 2 * x", "--at", "x=-1e999"),
                "--at x=-1e999: too large: a double holds at most about 1.8e308 (write Infinity"
                        + " for infinity)");
        // the program's own literal, for comparison
        assertThat(run("derive", "-e", "z = 1e400 * x").err())
                .contains("number '1e400' is too large: a double holds at most about 1.8e308");
    }

    @Test
    void aValueTooSmallForADoubleIsZeroWithAWarningAsInAProgram() {
        Run r = run("derive", "-e", "z = 2 * x", "--at", "x=1e-400", "--json");
        assertThat(r.status()).isZero();
        assertThat(r.err())
                .isEqualTo(
                        "chainrule: warning: --at x=1e-400: too small for a double and taken as"
                                + " 0\n");
        assertThat(r.out()).contains("\"x\": 0.0");
        assertThat(run("derive", "-e", "z = 2 * x", "--at", "x=0e5").err()).isEmpty();
    }

    @Test
    void aStatementThatIsAConstantDoesNotNameItsZeroPartial() {
        // y = 0*x is the constant 0; its partial 0 must print as 0, not as the name y
        assertThat(run("derive", "-e", "y = 0 * x").out()).contains("  dy/dx = 0\n");
        assertThat(run("derive", "-e", "z = 0*x\ny = z + x").out()).contains("  dy/dx = 1\n");
    }

    @Test
    void notANumberAndInfinitiesAreSpelledAsTheJsonPrintsThem() {
        Run r =
                run(
                        "derive",
                        "-e",
                        "z = 2 * x + y + w",
                        "--at",
                        "x=NaN,y=Infinity,w=-Infinity",
                        "--json");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out().replaceAll("\\s+", " "))
                .contains("\"at\": { \"x\": \"NaN\", \"y\": \"Infinity\", \"w\": \"-Infinity\" }");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0x1p3", "2d", "1f", "inf", "nan", "1_000", "1e", "--1", ""})
    void onlyTheLanguagesNumbersAreNumbers(String text) {
        assertUsage(
                run("derive", "-e", "z = 2 * x", "--at", "x=" + text),
                "--at x="
                        + text
                        + ": not a number (write it as 2, -0.5 or 1e-3; or NaN, Infinity,"
                        + " -Infinity)");
    }

    @Test
    void signedAndShortNumbersAreNumbers() {
        for (String text : new String[] {"+2", "-2", "2.", ".5", "-.5e-1", "6.02E23"}) {
            Run r = run("derive", "-e", "z = 2 * x", "--at", "x=" + text);
            assertThat(r.status()).as(text + ": " + r.err()).isZero();
        }
    }

    // ---- empty names
    // -----------------------------------------------------------------------------

    @Test
    void anEmptyNameIsAnErrorNotEveryInput() {
        assertUsage(
                run("derive", "-e", "z = x * y", "--wrt", ","),
                "--wrt ',': an empty name; give one or more, separated by commas, as in --wrt"
                        + " w1,b");
        assertUsage(
                run("derive", "-e", "z = x * y", "--wrt", "x,"),
                "--wrt 'x,': an empty name; give one or more, separated by commas, as in --wrt"
                        + " w1,b");
        assertUsage(
                run("derive", "-e", "z = x * y", "--wrt", ""),
                "--wrt '': an empty name; give one or more, separated by commas, as in --wrt w1,b");
        assertUsage(
                run("derive", "-e", "z = x * y", "--at", "x=1,,y=2"),
                "--at 'x=1,,y=2': an empty NAME=VALUE; give one or more, separated by commas, as"
                        + " in --at x=1,y=2");
    }

    @Test
    void namesMayBeSplitOverSeveralOptionsAndSpaced() {
        Run r = run("derive", "-e", "z = x * y * w", "--wrt", "x", "--wrt", " y , w", "--json");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out().replaceAll("\\s+", " ")).contains("\"wrt\": [\"x\", \"y\", \"w\"]");
    }

    // ---- exit codes in every help
    // ----------------------------------------------------------------

    @Test
    void everyHelpListsTheExitCodes() {
        for (String[] args :
                new String[][] {
                    {"--help"},
                    {"derive", "--help"},
                    {"generate", "--help"},
                    {"graph", "--help"},
                    {"help", "generate"}
                }) {
            Run r = run(args);
            assertThat(r.status()).isZero();
            assertThat(r.out())
                    .as(String.join(" ", args))
                    .contains("Exit status:")
                    .containsPattern("\\n +0 +success\\n")
                    .containsPattern("\\n +1 +the program has errors")
                    .containsPattern("\\n +2 +wrong usage")
                    .containsPattern("\\n +3 +a file could not be read or written")
                    .containsPattern("\\n +4 +an internal error");
            assertThat(r.out().split("Exit status:", -1)).as("listed once").hasSize(2);
        }
    }

    // ---- graph --svg on a diagram too large for Graphviz
    // -----------------------------------------

    @Test
    void aDiagramTooLargeToLayOutIsRefusedAtOnceAndNothingIsWritten() {
        Path svg = dir.resolve("chain1000.svg");
        long start = System.nanoTime();
        Run r = run("graph", "examples/chain1000.chain", "--svg", svg.toString());
        assertThat(r.status()).isEqualTo(Main.FILES);
        assertThat(r.err())
                .isEqualTo(
                        "chainrule: the diagram is too large for Graphviz to lay out: its edges"
                                + " cross 1005004 ranks in all, and dot takes minutes and gigabytes"
                                + " above 10000; nothing was written\n"
                                + "chainrule: draw a smaller program, or render the DOT yourself,"
                                + " without a limit: chainrule graph FILE | dot -Tsvg -o"
                                + " graph.svg\n");
        assertThat(svg).doesNotExist();
        assertThat((System.nanoTime() - start) / 1e9).as("seconds").isLessThan(60);
        // the DOT itself is still there for whoever wants to wait for dot
        assertThat(run("graph", "examples/chain1000.chain").status()).isZero();
    }

    /** What the examples that DotRenderTest lays out weigh, and chain1000. */
    @Test
    void theRenderedExamplesAreUnderTheLimitAndChain1000IsFarAbove() throws Exception {
        assertThat(pieces("examples/chain1000.chain", "statements")).isEqualTo(1_005_004);
        assertThat(pieces("examples/lj20.chain", "operations"))
                .isEqualTo(7_222)
                .isLessThan(LayoutSize.MAX_PIECES);
        try (Stream<Path> examples = Files.list(Path.of("examples"))) {
            for (Path e : examples.filter(p -> p.toString().endsWith(".chain")).toList()) {
                if (!e.endsWith("chain1000.chain")) {
                    for (String detail : new String[] {"statements", "operations"}) {
                        assertThat(pieces(e.toString(), detail))
                                .as("%s --detail %s", e, detail)
                                .isLessThanOrEqualTo(LayoutSize.MAX_PIECES);
                    }
                }
            }
        }
    }

    private static long pieces(String file, String detail) {
        Run r = run("graph", file, "--detail", detail);
        assertThat(r.status()).as(r.err()).isZero();
        return LayoutSize.pieces(r.out());
    }

    /**
     * A dot that never finishes (a script that sleeps) is stopped at the time limit, and nothing is
     * written; a script rather than Graphviz, so that the test is quick and needs no Graphviz.
     */
    @Test
    void dotIsStoppedAtTheTimeLimitAndNothingIsWritten() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh");
        Path slowDot = dir.resolve("slow-dot");
        Files.writeString(slowDot, "#!/bin/sh\nsleep 600\n");
        Files.setPosixFilePermissions(slowDot, PosixFilePermissions.fromString("rwx------"));
        Path svg = dir.resolve("seed.svg");
        long start = System.nanoTime();
        Run r =
                run(
                        "graph",
                        "examples/seed.chain",
                        "--svg",
                        svg.toString(),
                        "--dot",
                        slowDot.toString(),
                        "--dot-timeout",
                        "0.3");
        assertThat(r.status()).isEqualTo(Main.FILES);
        assertThat(r.err())
                .isEqualTo(
                        "chainrule: "
                                + slowDot
                                + " did not finish laying out the diagram in 0.3 s and was stopped"
                                + " (--dot-timeout SECONDS gives it longer, 0 no limit); nothing"
                                + " was written\n"
                                + "chainrule: draw a smaller program, or render the DOT yourself,"
                                + " without a limit: chainrule graph FILE | dot -Tsvg -o"
                                + " graph.svg\n");
        assertThat((System.nanoTime() - start) / 1e9)
                .as("seconds: the script and its sleep were stopped")
                .isLessThan(60);
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).containsExactly(slowDot);
        }
    }

    @Test
    void aTimeLimitIsANumberOfSeconds() {
        assertUsage(
                run("graph", "examples/seed.chain", "--svg", "-", "--dot-timeout", "-1"),
                "--dot-timeout -1: not a number of seconds (0: no limit)");
    }
}
