package io.github.chainrule.diagram;

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
 * {@code chainrule graph} on the indexed examples, byte for byte against the golden DOT under
 * src/test/resources/graph/indexed. After a deliberate change (of the diagram, or of how ranges and
 * extents print), rewrite them with {@code mvn test -Dtest=IndexedDotGoldenTest
 * -Dchainrule.golden.update=true} and read the diff.
 */
class IndexedDotGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/graph/indexed");

    /** The point of the README's derive example. */
    static final String OSCILLATOR_POINT = "k=1,c=0.1,x0=1,v0=0,dt=0.01";

    static Stream<Arguments> cases() {
        return Stream.of(
                golden("lj.dot", "lj"),
                golden("logreg.dot", "logreg"),
                golden("mlp784.dot", "mlp784"),
                golden("oscillator.dot", "oscillator"),
                golden("rosenbrock.dot", "rosenbrock"),
                golden("oscillator-at.dot", "oscillator", "--at", OSCILLATOR_POINT),
                golden("rosenbrock-at.dot", "rosenbrock", "--at", "x=[1.5,-0.5,2,0.25]"),
                golden(
                        "logreg-at.dot",
                        "logreg",
                        "--at",
                        "X=[[1,2],[3,-4],[0.5,6]],y=[0,1,1],w=[0.5,-0.25],b=0.1"));
    }

    private static Arguments golden(String file, String example, String... more) {
        String[] args = new String[2 + more.length];
        args[0] = "graph";
        args[1] = "examples/indexed/" + example + ".chain";
        System.arraycopy(more, 0, args, 2, more.length);
        return Arguments.of(file, args);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesGolden(String golden, String[] args) throws IOException {
        String dot = DotCli.ok(args);
        Path file = GOLDEN.resolve(golden);
        if (Boolean.getBoolean("chainrule.golden.update")) {
            Files.createDirectories(GOLDEN);
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
}
