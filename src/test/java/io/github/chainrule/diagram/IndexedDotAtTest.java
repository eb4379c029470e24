package io.github.chainrule.diagram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.chainrule.diff.IndexedDerivatives;
import io.github.chainrule.indexed.IndexedEvaluator;
import io.github.chainrule.indexed.IndexedPoint;
import io.github.chainrule.indexed.IndexedProgram;
import io.github.chainrule.indexed.IndexedValues;
import java.io.IOException;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * With {@code --at}, the numbers on an indexed diagram: each node's values (a scalar's value, an
 * array's size, L2 norm, least and greatest element) against the evaluator, the wrt inputs'
 * gradients against forward mode, and the adjoints of intermediates against the closed forms of a
 * softmax network's backward pass, computed here from the forward values alone.
 */
class IndexedDotAtTest {
    private static final String SMALL_MLP =
            """
            dim d = 5, h = 4, k = 3
            input x[d], label[k], W1[h, d], b1[h], W2[k, h], b2[k]
            wrt W1, b1, W2, b2
            a[j] = tanh(sum(W1[j, i] * x[i] for i) + b1[j])
            s[c] = sum(W2[c, j] * a[j] for j) + b2[c]
            L = log(sum(exp(s[c]) for c)) - sum(label[c] * s[c] for c)
            """;

    /** An array's numbers as its node's tooltip gives them, exactly. */
    record Summary(double norm, double min, double max) {
        static Summary of(double[] v) {
            double squares = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double x : v) {
                squares += x * x;
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
            return new Summary(Math.sqrt(squares), min, max);
        }
    }

    private static final Pattern SUMMARY =
            Pattern.compile("L2 norm (\\S+), min (\\S+), max (\\S+)$");

    /** The line {@code label: … L2 norm …, min …, max …} of the node's tooltip. */
    private static Summary shown(DotCli.Item node, String label) {
        for (String line : node.tooltip().lines().toList()) {
            if (line.startsWith(label + ": ")) {
                Matcher m = SUMMARY.matcher(line);
                assertThat(m.find()).as(line).isTrue();
                return new Summary(
                        Double.parseDouble(m.group(1)),
                        Double.parseDouble(m.group(2)),
                        Double.parseDouble(m.group(3)));
            }
        }
        throw new AssertionError("no line " + label + ": in " + node.tooltip());
    }

    private static void assertClose(Summary shown, Summary expected, String what) {
        double scale = Math.max(1, Math.abs(expected.norm()));
        assertThat(shown.norm())
                .as(what + " norm")
                .isCloseTo(expected.norm(), within(1e-12 * scale));
        assertThat(shown.min()).as(what + " min").isCloseTo(expected.min(), within(1e-12 * scale));
        assertThat(shown.max()).as(what + " max").isCloseTo(expected.max(), within(1e-12 * scale));
    }

    private static IndexedPoint randomPoint(IndexedProgram p, long seed) {
        Random random = new Random(seed);
        IndexedPoint.Builder b = IndexedPoint.builder();
        Map<String, Long> sizes = new java.util.HashMap<>();
        p.sizes().forEach(s -> sizes.put(s.name(), s.fixed().orElseThrow()));
        for (IndexedProgram.Array a : p.inputs()) {
            long length = 1;
            for (var e : a.extents()) {
                length *= e.evaluate(sizes).orElseThrow();
            }
            double[] v = new double[(int) length];
            for (int i = 0; i < v.length; i++) {
                v[i] =
                        a.name().equals("label")
                                ? (i == 1 ? 1 : 0)
                                : random.nextGaussian() * (a.name().startsWith("W") ? 0.1 : 1);
            }
            b.array(a.name(), v);
        }
        return b.build();
    }

    /**
     * Every node's values, every wrt gradient (forward mode: one tangent run per element, nothing
     * shared with the backward run the diagram makes), and dL/ds = softmax(s) - label, dL/da = W2ᵀ
     * dL/ds and dL/dx = W1ᵀ ((1 - a²) ∘ dL/da) from the values.
     */
    @Test
    void numbersAgreeWithTheEvaluatorForwardModeAndTheClosedForms() {
        IndexedProgram p = IndexedDiagramTest.compile("mlp.chain", SMALL_MLP);
        IndexedPoint point = randomPoint(p, 7);
        String dot = DotWriter.write(p, point);
        Map<String, DotCli.Item> nodes = DotCli.nodes(dot);
        IndexedValues values = IndexedEvaluator.evaluate(p, point);
        for (String name : new String[] {"x", "label", "W1", "b1", "W2", "b2"}) {
            assertClose(shown(nodes.get("in_" + name), name), Summary.of(values.get(name)), name);
        }
        for (String name : new String[] {"a", "s"}) {
            assertClose(shown(nodes.get("st_" + name), name), Summary.of(values.get(name)), name);
        }
        assertThat(nodes.get("st_L").tooltip()).contains("\nL = " + values.scalar("L") + "\n");
        assertThat(shown(nodes.get("in_W1"), "W1").norm()).isPositive();
        assertThat(nodes.get("in_W1").label()).anyMatch(l -> l.startsWith("W1: 4 x 5, norm "));
        assertThat(nodes.get("st_a").label()).anyMatch(l -> l.startsWith("a: 4 elements, norm "));

        IndexedDerivatives forward = IndexedDerivatives.inForwardMode(p, point);
        for (String w : p.wrt()) {
            assertClose(
                    shown(nodes.get("in_" + w), "dL/d" + w),
                    Summary.of(forward.byElement().get("L").get(w)),
                    "dL/d" + w);
        }

        double[] s = values.get("s");
        double total = 0;
        for (double v : s) {
            total += Math.exp(v);
        }
        double[] dS = new double[3];
        for (int c = 0; c < 3; c++) {
            dS[c] = Math.exp(s[c]) / total - values.get("label")[c];
        }
        assertClose(shown(nodes.get("st_s"), "dL/ds"), Summary.of(dS), "dL/ds");
        double[] w2 = values.get("W2");
        double[] a = values.get("a");
        double[] dA = new double[4];
        for (int j = 0; j < 4; j++) {
            for (int c = 0; c < 3; c++) {
                dA[j] += w2[c * 4 + j] * dS[c];
            }
        }
        assertClose(shown(nodes.get("st_a"), "dL/da"), Summary.of(dA), "dL/da");
        double[] w1 = values.get("W1");
        double[] dX = new double[5];
        for (int j = 0; j < 4; j++) {
            for (int i = 0; i < 5; i++) {
                dX[i] += w1[j * 5 + i] * (1 - a[j] * a[j]) * dA[j];
            }
        }
        assertClose(shown(nodes.get("in_x"), "dL/dx"), Summary.of(dX), "dL/dx (x is not wrt)");
        assertThat(nodes.get("in_label").tooltip()).contains("dL/dlabel: ");
    }

    /** The 784-128-10 network at a point: the numbers, without unrolling anything. */
    @Test
    void mlp784AtAPoint() throws IOException {
        IndexedProgram p = IndexedDiagramTest.example("mlp784");
        IndexedPoint point = randomPoint(p, 784);
        String dot = DotWriter.write(p, point);
        Map<String, DotCli.Item> nodes = DotCli.nodes(dot);
        IndexedValues values = IndexedEvaluator.evaluate(p, point);
        assertClose(shown(nodes.get("in_W1"), "W1"), Summary.of(values.get("W1")), "W1");
        assertClose(shown(nodes.get("st_a"), "a"), Summary.of(values.get("a")), "a");
        double[] s = values.get("s");
        double total = 0;
        for (double v : s) {
            total += Math.exp(v);
        }
        double[] dS = new double[10];
        for (int c = 0; c < 10; c++) {
            dS[c] = Math.exp(s[c]) / total - values.get("label")[c];
        }
        assertClose(shown(nodes.get("st_s"), "dL/ds"), Summary.of(dS), "dL/ds");
        assertClose(shown(nodes.get("in_b2"), "dL/db2"), Summary.of(dS), "dL/db2 = dL/ds");
        assertThat(nodes.get("in_W1").label())
                .anyMatch(l -> l.startsWith("W1: 128 x 784, norm "))
                .anyMatch(l -> l.startsWith("dL/dW1: norm "));
    }

    /** Scalars show their value and gradient: derive's numbers, exactly, in the tooltip. */
    @Test
    void scalarsShowDerivesNumbers() throws IOException {
        IndexedProgram p = IndexedDiagramTest.example("oscillator");
        String dot =
                DotCli.ok(
                        "graph",
                        "examples/indexed/oscillator.chain",
                        "--at",
                        IndexedDotGoldenTest.OSCILLATOR_POINT);
        IndexedPoint point =
                io.github.chainrule.indexed.Points.fromAssignments(
                        p, IndexedDotGoldenTest.OSCILLATOR_POINT);
        IndexedDerivatives reverse = IndexedDerivatives.at(p, point);
        IndexedDerivatives forward = IndexedDerivatives.inForwardMode(p, point);
        Map<String, DotCli.Item> nodes = DotCli.nodes(dot);
        for (String w : p.wrt()) {
            double d = reverse.byElement().get("L").get(w)[0];
            assertThat(nodes.get("in_" + w).tooltip()).contains("\ndL/d" + w + " = " + d);
            assertThat(d)
                    .isCloseTo(
                            forward.byElement().get("L").get(w)[0],
                            within(1e-9 * Math.max(1, Math.abs(d))));
            assertThat(nodes.get("in_" + w).label())
                    .contains("dL/d" + w + " = " + DotText.number(d));
        }
        assertThat(nodes.get("st_L").label())
                .contains("L = " + DotText.number(reverse.values().scalar("L")));
        // x[0] = x0: the first element of dL/dx is dL/dx0, inside the range shown
        Summary dx = shown(nodes.get("st_x"), "dL/dx");
        double dx0 = reverse.byElement().get("L").get("x0")[0];
        assertThat(dx0).isBetween(dx.min(), dx.max());
        assertThat(dot).contains("at k = 1, c = 0.1, x0 = 1, v0 = 0, dt = 0.01");
    }

    @Test
    void anArrayOutputHasNoGradientsButItsValues() {
        IndexedProgram p =
                IndexedDiagramTest.compile(
                        "array-output.chain", "dim n\ninput x[n]\noutput r\nr[i] = x[i]^2 for i\n");
        IndexedPoint point = IndexedPoint.builder().size("n", 3).array("x", 1, -2, 3).build();
        String dot = DotWriter.write(p, point);
        Map<String, DotCli.Item> nodes = DotCli.nodes(dot);
        assertThat(shown(nodes.get("st_r"), "r")).isEqualTo(new Summary(Math.sqrt(98), 1, 9));
        assertThat(nodes.get("in_x").tooltip()).doesNotContain("dr/dx");
        assertThat(dot).contains("r is an array: its gradients, one per element, are printed by");
    }
}
