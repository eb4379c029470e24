package io.github.chainrule.diagram;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.chainrule.Driver;
import io.github.chainrule.diag.SourceFile;
import io.github.chainrule.indexed.IndexedProgram;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the diagram of an indexed program shows: a node per input and per assigned array (never the
 * lifted reductions), the pieces of a piecewise definition and a recurrence's loop on one node, the
 * local partials of a statement through its reductions on its backward edges, and the same picture,
 * text for text, at every size.
 */
class IndexedDiagramTest {
    static IndexedProgram compile(String name, String text) {
        Driver.Checked c = Driver.check(new SourceFile(name, text));
        assertThat(c.indexed()).as(c.reporter().format()).isPresent();
        return c.indexed().get();
    }

    static IndexedProgram example(String name) throws IOException {
        Path file = Path.of("examples/indexed/" + name + ".chain");
        return compile(file.toString(), Files.readString(file));
    }

    private static List<String> edgeLabels(String dot, String edge) {
        return DotCli.edges(dot).stream()
                .filter(e -> e.id().equals(edge) && e.attributes().contains("dir=back"))
                .map(e -> String.join(" ", e.label()).replaceAll("\\s+", " "))
                .toList();
    }

    @Test
    void liftedReductionsBelongToTheirStatement() throws IOException {
        String dot = DotWriter.write(example("mlp784"), null);
        Map<String, DotCli.Item> nodes = DotCli.nodes(dot);
        assertThat(nodes.keySet())
                .containsExactly(
                        "in_x",
                        "in_label",
                        "in_W1",
                        "in_b1",
                        "in_W2",
                        "in_b2",
                        "st_a",
                        "st_s",
                        "st_L",
                        "out_L");
        assertThat(dot).doesNotContain("@");
        assertThat(String.join(" ", nodes.get("st_a").label()).replaceAll("\\s+", " "))
                .startsWith("a[j] = tanh(sum(W1[j, i]*x[i] for i in 0..")
                .contains("for j in 0..");
        // the reduction's reads are the statement's: W1 and x are read by a
        assertThat(edgeLabels(dot, "in_W1 -> st_a"))
                .singleElement()
                .asString()
                .startsWith("∂a[j]/∂W1[j, i] = x[i]*(1 - a[j]^2) for j in 0..")
                .contains(", i in 0..");
        assertThat(edgeLabels(dot, "in_b1 -> st_a"))
                .singleElement()
                .asString()
                .startsWith("∂a[j]/∂b1[j] = 1 - a[j]^2 for j in 0..");
        // L reads s[c] in two sums over the same range: one partial, their sum; the
        // log-sum-exp is shifted by its max, which is not differentiated (no second partial)
        assertThat(edgeLabels(dot, "st_s -> st_L"))
                .singleElement()
                .asString()
                .startsWith("∂L/∂s[c] = exp(s[c] - max(s[c] for c in 0..");
        // the label is cut short; its tooltip has it whole: the softmax minus the label
        assertThat(dot)
                .contains(
                        "local partial dL/ds[c] = exp(s[c] - max(s[c] for c in 0..k))/sum(exp(s[c]"
                                + " - max(s[c] for c in 0..k)) for c in 0..k) - label[c]");
        assertThat(String.join("\n", nodes.get("in_W1").label()))
                .contains("dL/dW1[j, i] += dL/da[j] *");
        assertThat(nodes.get("st_L").label()).contains("dL/dL = 1");
        assertThat(nodes.get("in_W1").attributes()).contains("filled");
        assertThat(nodes.get("in_x").attributes()).doesNotContain("filled");
    }

    @Test
    void piecewiseDefinitionsAreOneNodeAndRecurrencesLoopOnIt() throws IOException {
        String dot = DotWriter.write(example("oscillator"), null);
        Map<String, DotCli.Item> nodes = DotCli.nodes(dot);
        assertThat(nodes.keySet()).contains("st_x", "st_v", "st_L").doesNotContain("st_x@1");
        List<String> x = nodes.get("st_x").label();
        assertThat(x.get(0)).isEqualTo("x[0] = x0");
        assertThat(x.get(1)).isEqualTo("x[t] = x[t-1] + dt*v[t-1]");
        assertThat(x.get(2)).startsWith("for t in 1..");
        assertThat(x).contains("recurrence over t, with v");
        assertThat(DotCli.edges(dot).stream().map(DotCli.Item::id))
                .contains("st_x -> st_x", "st_v -> st_v", "st_x -> st_v", "st_v -> st_x");
        assertThat(edgeLabels(dot, "st_x -> st_x"))
                .singleElement()
                .asString()
                .startsWith("∂x[t]/∂x[t-1] = 1 for t in 1..");
        assertThat(edgeLabels(dot, "st_v -> st_v"))
                .singleElement()
                .asString()
                .startsWith("∂v[t]/∂v[t-1] = 1 - c*dt for t in 1..");
        assertThat(edgeLabels(dot, "in_x0 -> st_x")).containsExactly("∂x[0]/∂x0 = 1");
        assertThat(nodes.get("in_x0").label()).contains("dL/dx0 += dL/dx[0]");
        assertThat(String.join("\n", nodes.get("st_x").label())).contains("dL/dx[t-1] += dL/dx[t]");
        assertThat(dot).contains("a recurrence reads its own earlier positions");
    }

    @Test
    void eachElementReadHasItsOwnEdge() throws IOException {
        String dot = DotWriter.write(example("lj"), null);
        List<String> x = edgeLabels(dot, "in_x -> st_E");
        assertThat(x).hasSize(2);
        assertThat(x.get(0))
                .startsWith("∂E/∂x[i] = 2*(x[i] - x[j])*")
                .endsWith("for i in 0..n, j in i+1..n");
        assertThat(x.get(1)).startsWith("∂E/∂x[j] = 2*(x[j] - x[i])*");
        assertThat(DotCli.nodes(dot).get("in_x").label())
                .containsExactly(
                        "x[n]", "dE/dx[i] += dE/dE * ∂E/∂x[i]", "dE/dx[j] += dE/dE * ∂E/∂x[j]");
        assertThat(dot).contains("ranges are half-open: 0..n is 0 &lt;= i &lt; n");
    }

    @Test
    void maxReductionsAndConditionsAndUnusedNames() {
        IndexedProgram p =
                compile(
                        "edges.chain",
                        """
                        dim n
                        input x[n], w[n], y, unused
                        output L
                        q[i] = x[i]^2 for i
                        L = max(x[i] * y for i) + sum(if(x[i] > 0, w[i], 0) for i)
                        """);
        String dot = DotWriter.write(p, null);
        Map<String, DotCli.Item> nodes = DotCli.nodes(dot);
        assertThat(nodes.get("in_unused").label()).contains("not used");
        assertThat(nodes.get("in_unused").attributes()).contains("#8a8a8a");
        assertThat(nodes.get("st_q").label()).contains("no output uses it");
        assertThat(edgeLabels(dot, "in_x -> st_q")).as("q is not live").isEmpty();
        assertThat(edgeLabels(dot, "in_y -> st_L"))
                .singleElement()
                .asString()
                .isEqualTo(
                        "∂L/∂y = x[i] for i in 0..n only at the first i where the max is"
                                + " attained");
        // w is read as a value; x in the max as a value, in the sum only in a condition
        assertThat(edgeLabels(dot, "in_w -> st_L"))
                .containsExactly("∂L/∂w[i] = if(x[i] > 0, 1, 0) for i in 0..n");
        assertThat(edgeLabels(dot, "in_x -> st_L")).hasSize(1);
        assertThat(DotCli.edges(dot).stream().map(DotCli.Item::id))
                .contains("in_x -> st_L", "in_w -> st_L", "in_y -> st_L");
    }

    @Test
    void anArrayOutputIsSeededOneElementAtATime() {
        IndexedProgram p =
                compile("array-output.chain", "dim n\ninput x[n]\noutput r\nr[i] = x[i]^2 for i\n");
        String dot = DotWriter.write(p, null);
        assertThat(edgeLabels(dot, "st_r -> out_r"))
                .containsExactly("dr/dr = 1 at one element per backward pass");
        assertThat(DotCli.nodes(dot).get("in_x").label()).contains("dr/dx[i] += dr/dr[i] * 2*x[i]");
    }

    /**
     * Nothing is unrolled: a program with n = 10, 10,000 or 10^9 fixed draws the same diagram but
     * for the numbers, as fast.
     */
    @Test
    void theDiagramIsTheSameAtEverySize() {
        String program =
                """
                dim n = %d
                input x[n], w
                wrt x, w
                s[0] = x[0]
                s[t] = s[t-1] * w + x[t] for t in 1..n
                m = max(x[i] for i)
                L = sum(s[i]^2 for i in 0..n) + m
                """;
        String small = DotWriter.write(compile("sizes.chain", program.formatted(10)), null);
        long start = System.nanoTime();
        String large = DotWriter.write(compile("sizes.chain", program.formatted(10_000)), null);
        String huge =
                DotWriter.write(compile("sizes.chain", program.formatted(1_000_000_000)), null);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(small).isNotEqualTo(large);
        assertThat(digitsMasked(large)).isEqualTo(digitsMasked(small));
        assertThat(digitsMasked(huge)).isEqualTo(digitsMasked(small));
        assertThat(millis).as("two diagrams, in ms").isLessThan(20_000);
    }

    /**
     * The DOT with every number as {@code #} and each wrapped line joined to the one before: a
     * longer number can move where a label wraps.
     */
    private static String digitsMasked(String s) {
        return s.replaceAll("[0-9]+", "#")
                .replaceAll("(</B>|</FONT>)?<BR/>(<B>|<FONT COLOR=\"[^\"]*\">)?  ", " ");
    }

    /**
     * Names and a file name that DOT or HTML would take for syntax: the DOT stays ASCII, every node
     * and edge is one statement, and the caption shows the file name as it is.
     */
    @Test
    void oddNamesAreEscaped(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("we\"ird\\N&<name> é.chain");
        Files.writeString(
                file,
                """
                dim n
                input node[n], edge
                graph[i] = node[i] * edge for i
                _ = sum(graph[i] for i)
                """);
        DotCli.Run run = DotCli.run("graph", file.toString(), "--at", "node=[1,2],edge=3");
        assertThat(run.status()).as(run.err()).isZero();
        String dot = run.out();
        assertThat(dot.chars().allMatch(c -> c < 128)).as("ASCII").isTrue();
        Map<String, DotCli.Item> nodes = DotCli.nodes(dot);
        assertThat(nodes.keySet())
                .containsExactly("in_node", "in_edge", "st_graph", "st__", "out__");
        assertThat(nodes.get("st_graph").label()).contains("graph[i] = node[i]*edge");
        assertThat(nodes.get("st__").label()).contains("_ = 9");
        assertThat(DotCli.edges(dot)).hasSize(3 * 2 + 2);
        String caption =
                dot.lines().filter(l -> l.startsWith("         label=<")).findFirst().orElseThrow();
        String first = caption.substring("         label=<<B>".length(), caption.indexOf("</B>"));
        assertThat(DotCli.unescapeHtml(first))
                .isEqualTo(file + ": the chain rule, statement by statement, in index notation");
        if (DotCli.dotInstalled()) {
            DotRenderer.Rendered svg = DotRenderer.render(DotRenderer.DEFAULT_PROGRAM, dot, "svg");
            assertThat(svg.messages()).isEmpty();
            assertThat(new String(svg.output(), java.nio.charset.StandardCharsets.UTF_8))
                    .contains("we&quot;ird\\N&amp;&lt;name&gt; é.chain");
        }
    }
}
