package io.github.chainrule.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The series arithmetic against known expansions, and the rewrite it makes against 100 digits. */
class PowerSeriesTest {
    private final Graph g = new Graph();
    private final Node.Var x = g.variable("x");

    /** The coefficients of x^0 … x^(n-1), as exact fractions printed. */
    private List<String> coefficients(Node n, int count) {
        PowerSeries ps = new PowerSeries(g, x, 12);
        PowerSeries.Series s = ps.of(n);
        List<String> out = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            out.add(String.valueOf(s.at(p).constantValue()));
        }
        return out;
    }

    @Test
    void xOverExpm1IsTheBernoulliSeries() {
        Node n = g.div(x, g.apply(Fn.EXPM1, x));
        assertThat(coefficients(n, 7))
                .containsExactly("1", "-1/2", "1/12", "0", "-1/720", "0", "1/30240");
    }

    @Test
    void expm1OverX() {
        Node n = g.div(g.apply(Fn.EXPM1, x), x);
        assertThat(coefficients(n, 4)).containsExactly("1", "1/2", "1/6", "1/24");
    }

    @Test
    void oneMinusCosOverXSquared() {
        Node n = g.div(g.sub(g.constant(1), g.apply(Fn.COS, x)), g.square(x));
        assertThat(coefficients(n, 5)).containsExactly("1/2", "0", "-1/24", "0", "1/720");
    }

    @Test
    void log1pAndSqrtAroundAnotherValue() {
        // log1p(x)/x = 1 - x/2 + x^2/3; sqrt(1 + x) = 1 + x/2 - x^2/8
        assertThat(coefficients(g.div(g.apply(Fn.LOG1P, x), x), 3))
                .containsExactly("1", "-1/2", "1/3");
        assertThat(coefficients(g.apply(Fn.SQRT, g.add(g.constant(1), x)), 3))
                .containsExactly("1", "1/2", "-1/8");
    }

    @Test
    void coefficientsInOtherVariablesCancelExactly() {
        // Hamming's quotient is even in h: its h and h^3 terms are zero, exactly
        Node a = g.variable("a");
        Node b = g.variable("b");
        Node h = x;
        Node n = hamming(g, a, b, h);
        PowerSeries ps = new PowerSeries(g, x, 12);
        PowerSeries.Series s = ps.of(n);
        assertThat(s.v()).isZero();
        assertThat(s.at(1).isZero()).isTrue();
        assertThat(s.at(3).isZero()).isTrue();
        assertThat(s.at(2).isZero()).isFalse();
    }

    private static Node hamming(Graph g, Node a, Node b, Node h) {
        Node top = g.mul(h, g.apply(Fn.EXPM1, g.mul(g.add(a, b), h)));
        Node bottom = g.mul(g.apply(Fn.EXPM1, g.mul(a, h)), g.apply(Fn.EXPM1, g.mul(b, h)));
        return g.div(top, bottom);
    }

    @Test
    void theRewrittenQuotientIsAccurateFromTinyToOrdinaryH() {
        Graph graph = new Graph();
        Node.Var h = graph.variable("h");
        Node original = hamming(graph, graph.variable("a"), graph.variable("b"), h);
        List<Rewriter.Applied> log = new ArrayList<>();
        Node rewritten = Rewriter.rewrite(graph, original, log);
        assertThat(log).anySatisfy(a -> assertThat(a.rules()).contains(Rewrites.SERIES_NEAR_ZERO));
        Map<Node, Node> memo = new HashMap<>();
        Node slope = SeriesNearZero.tangent(graph, rewritten, h, memo);
        Node exactSlope = SeriesNearZero.tangent(graph, original, h, new HashMap<>());
        double[][] ab = {{2, 3}, {-0.5, 7}, {0.01, 0.02}, {-30, -40}, {100, -2}};
        for (double[] p : ab) {
            for (int k = 0; k <= 48; k++) {
                for (int sign = -1; sign <= 1; sign += 2) {
                    double hv = sign * Math.pow(10, -12 + k / 4.0);
                    Map<String, Double> point = Map.of("a", p[0], "b", p[1], "h", hv);
                    BigDecimal[] ref =
                            HighPrecision.evaluate(graph, List.of(original, exactSlope), point);
                    double[] v = Evaluator.evaluate(graph, List.of(rewritten, slope), point);
                    String at = "a = " + p[0] + ", b = " + p[1] + ", h = " + hv;
                    assertThat(relative(v[rewritten.id()], ref[0]))
                            .as("y at " + at)
                            .isLessThan(1e-10);
                    if (Math.abs(p[0] * hv) < 1 && Math.abs(p[1] * hv) < 1) {
                        // beyond, dy/dh is the original's, whose own digits are not this rule's
                        assertThat(relative(v[slope.id()], ref[1]))
                                .as("dy/dh at " + at)
                                .isLessThan(1e-10);
                    }
                }
            }
        }
    }

    private static double relative(double got, BigDecimal expected) {
        if (!Double.isFinite(got)) {
            return Double.POSITIVE_INFINITY;
        }
        return new BigDecimal(got)
                .subtract(expected, HighPrecision.MC)
                .divide(expected, HighPrecision.MC)
                .abs()
                .doubleValue();
    }
}
