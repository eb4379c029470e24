package io.github.chainrule.diagram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * With {@code --at}, the numbers on the picture are those of {@code derive --at --json}: each
 * output's value on its node, and each derivative dL/dw on the node of the wrt input w, shown to
 * four digits in the label and exactly in the tooltip. In both levels of detail.
 */
class DotAtTest {
    static Stream<Arguments> cases() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (Path example : DotCli.examples()) {
            String point = DotRenderTest.point(example);
            out.add(Arguments.of(example.toString(), point, "statements"));
            out.add(Arguments.of(example.toString(), point, "operations"));
        }
        out.add(Arguments.of("examples/neuron.chain", DotGoldenTest.NEURON_POINT, "statements"));
        out.add(Arguments.of("examples/neuron.chain", DotGoldenTest.NEURON_POINT, "operations"));
        out.add(Arguments.of("examples/seed.chain", "x=-3.5,y=1e-7", "statements"));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} --at {1} --detail {2}")
    @MethodSource("cases")
    void numbersEqualDerive(String file, String point, String detail) {
        JsonObject derived =
                JsonParser.parseString(DotCli.ok("derive", file, "--at", point, "--json"))
                        .getAsJsonObject();
        String dot = DotCli.ok("graph", file, "--at", point, "--detail", detail);
        Map<String, DotCli.Item> nodes = DotCli.nodes(dot);
        int checked = 0;
        for (Map.Entry<String, JsonElement> output :
                derived.getAsJsonObject("outputs").entrySet()) {
            String o = output.getKey();
            DotCli.Item node = outputNode(nodes, dot, o);
            assertShows(node, o + " = ", output.getValue());
            JsonObject row = derived.getAsJsonObject("derivatives").getAsJsonObject(o);
            for (Map.Entry<String, JsonElement> d : row.entrySet()) {
                String label = "d" + o + "/d" + d.getKey() + " = ";
                DotCli.Item input = nodes.get("in_" + d.getKey());
                assertThat(input).as("the node of input %s", d.getKey()).isNotNull();
                if (d.getValue().getAsDouble() == 0
                        && input.label().stream().noneMatch(l -> l.startsWith(label))) {
                    continue; // the output does not depend on it: no adjoint drawn
                }
                assertShows(input, label, d.getValue());
                checked++;
            }
        }
        assertThat(checked).as("derivatives compared").isPositive();
    }

    /**
     * The output's statement node in the statement view; the node feeding out_L in the operation
     * view.
     */
    private static DotCli.Item outputNode(
            Map<String, DotCli.Item> nodes, String dot, String output) {
        DotCli.Item statement = nodes.get("st_" + output);
        if (statement != null) {
            return statement;
        }
        for (DotCli.Item e : DotCli.edges(dot)) {
            if (e.id().endsWith(" -> out_" + output) && !e.attributes().contains("dir=back")) {
                return nodes.get(e.id().substring(0, e.id().indexOf(" -> ")));
            }
        }
        throw new AssertionError("no node for output " + output);
    }

    /** The label shows the number to four digits; the tooltip, exactly as the JSON writes it. */
    private static void assertShows(DotCli.Item node, String prefix, JsonElement json) {
        boolean special =
                json.isJsonPrimitive() && json.getAsJsonPrimitive().isString(); // "NaN", "Infinity"
        double expected = special ? Double.parseDouble(json.getAsString()) : json.getAsDouble();
        String exact = special ? json.getAsString() : json.toString();
        assertThat(node.label())
                .as("label of %s", node.id())
                .contains(prefix + DotText.number(expected));
        assertThat(node.tooltip().split("\n"))
                .as("tooltip of %s", node.id())
                .contains(prefix + exact);
    }

    /**
     * The neuron's dL/dz, a statement's adjoint that derive does not print, is sigmoid's famous a -
     * y.
     */
    @Test
    void intermediateAdjointsAreRight() {
        String dot =
                DotCli.ok(
                        "graph",
                        "examples/neuron.chain",
                        "--as-written", // as written, the loss reads a, so a has an adjoint
                        "--at",
                        DotGoldenTest.NEURON_POINT);
        Map<String, DotCli.Item> nodes = DotCli.nodes(dot);
        double a = tooltipNumber(nodes.get("st_a"), "a = ");
        double dz = tooltipNumber(nodes.get("st_z"), "dL/dz = ");
        double da = tooltipNumber(nodes.get("st_a"), "dL/da = ");
        assertThat(a).isCloseTo(1 / (1 + Math.exp(0.8)), within(1e-15));
        assertThat(dz).isCloseTo(a - 1, within(1e-12));
        assertThat(da).isCloseTo(-1 / a, within(1e-12));
    }

    private static double tooltipNumber(DotCli.Item node, String prefix) {
        for (String line : node.tooltip().split("\n")) {
            if (line.startsWith(prefix) && line.substring(prefix.length()).matches("[-+0-9.eE]+")) {
                return Double.parseDouble(line.substring(prefix.length()));
            }
        }
        throw new AssertionError(
                node.id() + " has no '" + prefix + "' in its tooltip: " + node.tooltip());
    }
}
