package io.github.chainrule.cli;

import static io.github.chainrule.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.chainrule.cli.CliRun.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code graph} on indexed programs through the command line: what it writes and its exit status,
 * for a good run, the options that make no sense for indexed programs, points given wrongly,
 * programs with errors and files that cannot be written.
 */
class IndexedGraphTest {
    @Test
    void drawsEveryExample() throws IOException {
        try (var files = Files.list(Path.of("examples/indexed"))) {
            for (Path f : files.sorted().toList()) {
                Run r = run("graph", f.toString());
                assertThat(r.status()).as("%s: %s", f, r.err()).isEqualTo(Main.OK);
                assertThat(r.err()).isEmpty();
                assertThat(r.out())
                        .startsWith("// chainrule graph:")
                        .contains("in index notation")
                        .endsWith("}\n");
            }
        }
    }

    @Test
    void aPointAsJsonOrAssignmentsDrawsTheSame(@TempDir Path dir) throws IOException {
        Path point = dir.resolve("point.json");
        Files.writeString(point, "{\"x\": [1.5, -0.5, 2], \"n\": 3}");
        Run fromFile = run("graph", "examples/indexed/rosenbrock.chain", "--at", "@" + point);
        Run inline = run("graph", "examples/indexed/rosenbrock.chain", "--at", "x=[1.5,-0.5,2]");
        assertThat(inline.status()).as(inline.err()).isEqualTo(Main.OK);
        assertThat(fromFile.status()).as(fromFile.err()).isEqualTo(Main.OK);
        assertThat(fromFile.out()).isEqualTo(inline.out()).contains("at n = 3");
    }

    @Test
    void operationsDetailIsRefusedInOneLine() {
        Run r = run("graph", "examples/indexed/lj.chain", "--detail", "operations");
        assertThat(r.status()).isEqualTo(Main.USAGE);
        assertThat(r.out()).isEmpty();
        assertThat(r.err())
                .isEqualTo(
                        "chainrule: --detail operations is not taken for indexed programs: their"
                                + " diagram has a node per statement, since a node per operation"
                                + " would unroll their loops\n");
        assertThat(run("graph", "examples/indexed/lj.chain", "--detail", "statements").status())
                .isEqualTo(Main.OK);
    }

    @Test
    void badPointsAreUsageErrors() {
        Run wrongLength =
                run("graph", "examples/indexed/lj.chain", "--at", "x=[0,1],y=[0,0,1],z=[0,0,0]");
        assertThat(wrongLength.status()).isEqualTo(Main.USAGE);
        assertThat(wrongLength.err()).startsWith("chainrule: --at y: ").doesNotContain("\tat ");
        Run missing = run("graph", "examples/indexed/rosenbrock.chain", "--at", "n=3");
        assertThat(missing.status()).isEqualTo(Main.USAGE);
        assertThat(missing.err()).startsWith("chainrule: --at").contains("x");
        Run noFile = run("graph", "examples/indexed/rosenbrock.chain", "--at", "@no/such.json");
        assertThat(noFile.status()).isEqualTo(Main.USAGE);
        assertThat(noFile.err()).startsWith("chainrule: --at @no/such.json: cannot read the file");
        assertThat(noFile.out()).isEmpty();
    }

    @Test
    void programErrorsExitOne() {
        Run r = run("graph", "-e", "dim n\ninput x[n]\nL = sum(x[i+1] for i in 0..n)\n");
        assertThat(r.status()).isEqualTo(Main.PROGRAM_ERRORS);
        assertThat(r.err()).startsWith("<expr>:3:").contains(": error: ").contains("^");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void svgFailuresExitThree(@TempDir Path dir) {
        Run noDot =
                run(
                        "graph",
                        "examples/indexed/lj.chain",
                        "--svg",
                        dir.resolve("lj.svg").toString(),
                        "--dot",
                        dir.resolve("no-such-dot").toString());
        assertThat(noDot.status()).isEqualTo(Main.FILES);
        assertThat(noDot.err()).contains("could not be run");
        assertThat(Files.exists(dir.resolve("lj.svg"))).isFalse();
        Run badTimeout =
                run("graph", "examples/indexed/lj.chain", "--svg", "-", "--dot-timeout", "-1");
        assertThat(badTimeout.status()).isEqualTo(Main.USAGE);
    }
}
