package io.github.chainrule.diagram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every indexed example, drawn with and without a point, goes through Graphviz's {@code dot -Tsvg}
 * without a single warning or error. Skipped, saying why, only where dot is not installed (CI
 * installs it).
 */
class IndexedDotRenderTest {
    @BeforeAll
    static void needsDot() {
        assumeTrue(DotCli.dotInstalled(), DotCli.NO_DOT);
    }

    static Stream<Arguments> drawings() {
        return Stream.of(
                Arguments.of("lj", "x=[0,1,0,1.5],y=[0,0,1,1],z=[0,0,0,1]"),
                Arguments.of("logreg", "X=[[1,2],[3,-4],[0.5,6]],y=[0,1,1],w=[0.5,-0.25],b=0.1"),
                Arguments.of("mlp784", null),
                Arguments.of("oscillator", IndexedDotGoldenTest.OSCILLATOR_POINT),
                Arguments.of("rosenbrock", "x=[1.5,-0.5,2,0.25]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("drawings")
    void rendersWithoutWarnings(String example, String point) throws Exception {
        String file = "examples/indexed/" + example + ".chain";
        render(DotCli.ok("graph", file), file);
        if (point != null) {
            render(DotCli.ok("graph", file, "--at", point), file + " --at " + point);
        }
    }

    private static void render(String dot, String what) throws Exception {
        DotRenderer.Rendered svg = DotRenderer.render(DotRenderer.DEFAULT_PROGRAM, dot, "svg");
        assertThat(svg.messages()).as("what dot said about chainrule graph %s", what).isEmpty();
        assertThat(new String(svg.output(), StandardCharsets.UTF_8))
                .contains("<svg")
                .contains("</svg>");
    }
}
