package io.github.chainrule.diagram;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code chainrule graph} on the examples, byte for byte against the golden DOT under
 * src/test/resources/graph. After a deliberate change, rewrite them with {@code mvn test
 * -Dtest=DotGoldenTest -Dchainrule.golden.update=true} and look at the diff.
 */
class DotGoldenTest {
    static final String NEURON_POINT = "x1=1,x2=2,x3=-1,y=1,w1=0.5,w2=-0.3,w3=0.8,b=0.1";
    private static final Path GOLDEN = Path.of("src/test/resources/graph");

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("seed.dot", new String[] {"graph", "examples/seed.chain"}),
                Arguments.of(
                        "seed-at.dot",
                        new String[] {"graph", "examples/seed.chain", "--at", "x=1,y=2"}),
                Arguments.of(
                        "seed-operations.dot",
                        new String[] {
                            "graph",
                            "examples/seed.chain",
                            "--detail",
                            "operations",
                            "--at",
                            "x=1,y=2"
                        }),
                Arguments.of("neuron.dot", new String[] {"graph", "examples/neuron.chain"}),
                Arguments.of(
                        "neuron-at.dot",
                        new String[] {"graph", "examples/neuron.chain", "--at", NEURON_POINT}),
                Arguments.of(
                        "neuron-operations.dot",
                        new String[] {"graph", "examples/neuron.chain", "--detail", "operations"}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesGolden(String golden, String[] args) throws IOException {
        String dot = DotCli.ok(args);
        Path file = GOLDEN.resolve(golden);
        if (Boolean.getBoolean("chainrule.golden.update")) {
            Files.writeString(file, dot, StandardCharsets.UTF_8);
        }
        assertThat(dot)
                .as(
                        "chainrule %s differs from %s (rewrite with -Dchainrule.golden.update=true"
                                + " after a deliberate change)",
                        String.join(" ", args), file)
                .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
        assertThat(DotCli.ok(args)).as("the same DOT every time").isEqualTo(dot);
    }

    /**
     * docs/neuron.svg is what the documented command (docs/graph.md, or README.md once folded in)
     * draws now: every line of text of the current DOT is in the committed picture (Graphviz
     * versions lay it out differently, so the bytes are not compared). After a change, rerun the
     * command in docs/graph.md.
     */
    @Test
    void docsPictureIsCurrent() throws IOException {
        String command =
                "./chainrule graph examples/neuron.chain --at "
                        + NEURON_POINT
                        + " --svg docs/neuron.svg";
        Path docs =
                Files.exists(Path.of("docs/graph.md"))
                        ? Path.of("docs/graph.md")
                        : Path.of("README.md");
        assertThat(Files.readString(docs, StandardCharsets.UTF_8))
                .as("the command %s documents", docs)
                .contains(command);
        String dot = DotCli.ok("graph", "examples/neuron.chain", "--at", NEURON_POINT);
        List<String> shown = new ArrayList<>();
        Matcher m =
                Pattern.compile("<text[^>]*>([^<]*)</text>")
                        .matcher(
                                Files.readString(
                                        Path.of("docs/neuron.svg"), StandardCharsets.UTF_8));
        while (m.find()) {
            shown.add(DotCli.unescapeHtml(m.group(1).replace("&#45;", "-")).strip());
        }
        List<String> drawn = new ArrayList<>();
        DotCli.nodes(dot).values().forEach(n -> n.label().forEach(l -> drawn.add(l.strip())));
        DotCli.edges(dot).forEach(e -> e.label().forEach(l -> drawn.add(l.strip())));
        assertThat(shown).as("docs/neuron.svg is stale: run %s", command).containsAll(drawn);
    }
}
