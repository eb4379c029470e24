package io.github.chainrule.emit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code chainrule graph} on the examples, byte for byte against the golden DOT under
 * src/test/resources/graph. After a deliberate change, rewrite them with
 * {@code mvn test -Dtest=DotGoldenTest -Dchainrule.golden.update=true} and look at the diff.
 */
class DotGoldenTest {
    static final String NEURON_POINT = "x1=1,x2=2,x3=-1,y=1,w1=0.5,w2=-0.3,w3=0.8,b=0.1";
    private static final Path GOLDEN = Path.of("src/test/resources/graph");

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("seed.dot", new String[] {"graph", "examples/seed.chain"}),
                Arguments.of("seed-at.dot", new String[] {"graph", "examples/seed.chain", "--at", "x=1,y=2"}),
                Arguments.of("seed-operations.dot",
                        new String[] {"graph", "examples/seed.chain", "--detail", "operations", "--at", "x=1,y=2"}),
                Arguments.of("neuron.dot", new String[] {"graph", "examples/neuron.chain"}),
                Arguments.of("neuron-at.dot", new String[] {"graph", "examples/neuron.chain", "--at", NEURON_POINT}),
                Arguments.of("neuron-operations.dot",
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
                .as("chainrule %s differs from %s (rewrite with -Dchainrule.golden.update=true after a deliberate"
                        + " change)", String.join(" ", args), file)
                .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
        assertThat(DotCli.ok(args)).as("the same DOT every time").isEqualTo(dot);
    }
}
