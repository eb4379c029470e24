package io.github.chainrule.diagram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.chainrule.Driver;
import io.github.chainrule.Sources;
import io.github.chainrule.check.CheckedProgram;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example, drawn every way, goes through Graphviz's {@code dot -Tsvg} without a single
 * warning or error. Skipped, saying why, only where dot is not installed (CI installs it).
 */
class DotRenderTest {
    @BeforeAll
    static void needsDot() {
        assumeTrue(DotCli.dotInstalled(), DotCli.NO_DOT);
    }

    /**
     * Graphviz's layout grows much faster than the graph: chain1000 (1,000 statements, each read
     * twice by the next and all reading {@code a}) ran dot for over two minutes and 6 GB without
     * finishing. Examples up to this many statements are rendered; the larger ones are drawn (their
     * DOT is produced and checked by the golden and command tests) but not laid out here.
     */
    static final int MAX_RENDERED_STATEMENTS = 600;

    static Stream<Arguments> drawings() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (Path example : DotCli.examples()) {
            Driver.Checked c =
                    Driver.check(
                            Sources.decode(example.toString(), Files.readAllBytes(example))
                                    .source());
            if (c.program().map(p -> p.definitions().size()).orElse(0) > MAX_RENDERED_STATEMENTS) {
                continue;
            }
            String file = example.toString();
            String point = point(example);
            out.add(Arguments.of(file, new String[] {"graph", file}));
            out.add(Arguments.of(file + " --at", new String[] {"graph", file, "--at", point}));
            out.add(
                    Arguments.of(
                            file + " --detail operations",
                            new String[] {"graph", file, "--detail", "operations"}));
            out.add(
                    Arguments.of(
                            file + " --detail operations --at",
                            new String[] {"graph", file, "--detail", "operations", "--at", point}));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("drawings")
    void rendersWithoutWarnings(String name, String[] args) throws Exception {
        DotCli.Run run = DotCli.run(args);
        assertThat(run.status()).as("chainrule %s: %s", String.join(" ", args), run.err()).isZero();
        String dot = run.out();
        DotRenderer.Rendered svg = DotRenderer.render(DotRenderer.DEFAULT_PROGRAM, dot, "svg");
        assertThat(svg.messages())
                .as("what dot said about chainrule %s", String.join(" ", args))
                .isEmpty();
        assertThat(new String(svg.output(), StandardCharsets.UTF_8))
                .contains("<svg")
                .contains("</svg>");
    }

    /**
     * A point for any example: every input a different value in (0, 1), where most functions are
     * defined.
     */
    static String point(Path example) throws IOException {
        Driver.Checked c =
                Driver.check(
                        Sources.decode(example.toString(), Files.readAllBytes(example)).source());
        CheckedProgram p =
                c.program()
                        .orElseThrow(
                                () -> new AssertionError(example + ":\n" + c.reporter().format()));
        List<String> values = new ArrayList<>();
        for (int i = 0; i < p.inputs().size(); i++) {
            values.add(p.inputs().get(i) + "=" + (0.2 + 0.6 * i / Math.max(1, p.inputs().size())));
        }
        return String.join(",", values);
    }
}
