package io.github.chainrule.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Quadratic forms unchanged by a common shift of their terms (variances written as E[x^2] - E[x]^2)
 * become sums of squared differences; other sums are left alone.
 */
class QuadraticFormsTest {
    private final Graph g = new Graph();
    private final Node x = g.variable("x");
    private final Node y = g.variable("y");
    private final Node z = g.variable("z");
    private final Map<String, Node> definitions = new HashMap<>();

    private Node rewrite(Node n) {
        List<Rewriter.Applied> log = new ArrayList<>();
        return new Rewriter(g, definitions::get).rewrite(n, log);
    }

    private double at(Node n, double x, double y, double z) {
        return Evaluator.evaluate(g, List.of(n), Map.of("x", x, "y", y, "z", z))[n.id()];
    }

    @Test
    void theVarianceOfTwoPointsIsASquaredDifference() {
        Node mean = g.scale(0.5, g.add(x, y));
        Node v = g.sub(g.scale(0.5, g.add(g.square(x), g.square(y))), g.square(mean));
        Node out = rewrite(v);
        assertThat(Printer.print(out)).isEqualTo("0.25*(x - y)^2");
        assertThat(at(out, 1000000001, 1000000003, 0)).isEqualTo(1.0);
        assertThat(at(v, 1000000001, 1000000003, 0)).isNotEqualTo(1.0); // as written: cancels
    }

    @Test
    void aMeanDefinedInAnEarlierStatementIsSeenThrough() {
        definitions.put("m", g.scale(1.0 / 3, g.sum(List.of(x, y, z))));
        Node m = g.variable("m");
        Node v =
                g.sub(
                        g.scale(1.0 / 3, g.sum(List.of(g.square(x), g.square(y), g.square(z)))),
                        g.square(m));
        Node out = rewrite(v);
        assertThat(Printer.print(out)).doesNotContain("m").contains("(x - y)^2");
        // the variance of 0, 1 and 5 is 14/3, shifted to 1e9
        assertThat(at(out, 1e9, 1e9 + 1, 1e9 + 5)).isCloseTo(14.0 / 3, within());
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-14);
    }

    @ParameterizedTest(name = "{0} stays")
    @CsvSource({
        "x^2 - y^2", // changes under a shift
        "x^2 + y^2",
        "(x - y)^2 + x", // a linear term
        "x*y*z - x^2", // degree 3
        "x^2/y - y", // not a polynomial
    })
    void otherSumsAreLeftAlone(String text) {
        Node n =
                switch (text) {
                    case "x^2 - y^2" -> g.sub(g.square(x), g.square(y));
                    case "x^2 + y^2" -> g.add(g.square(x), g.square(y));
                    case "(x - y)^2 + x" -> g.add(g.square(g.sub(x, y)), x);
                    case "x*y*z - x^2" -> g.sub(g.product(List.of(x, y, z)), g.square(x));
                    default -> g.sub(g.div(g.square(x), y), y);
                };
        assertThat(rewrite(n)).isSameAs(n);
    }

    @Test
    void aSumOfSquaredDifferencesIsAlreadyStable() {
        Node n = g.add(g.square(g.sub(x, y)), g.square(g.sub(y, z)));
        assertThat(rewrite(n)).isSameAs(n);
    }
}
