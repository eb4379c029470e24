package io.github.chainrule.diagram;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.chainrule.graph.Fn;
import io.github.chainrule.graph.Graph;
import io.github.chainrule.graph.Node;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DotTextTest {
    @ParameterizedTest
    @CsvSource({
        "0, 0",
        "-0.0, 0",
        "1, 1",
        "-3, -3",
        "2.5, 2.5",
        "0.1, 0.1",
        "2.8414709848078967, 2.841",
        "-0.6899744811276125, -0.69",
        "0.21390969652, 0.2139",
        "123456.7, 1.235e5",
        "99999.99, 1e5",
        "0.00012345, 1.235e-4",
        "0.0012345, 0.001235",
        "1234.5, 1235",
        "12345.6, 1.235e4",
        "1e-7, 1e-7",
        "1e300, 1e300",
        "-2.5e-9, -2.5e-9",
        "1e15, 1e15",
        "999999999999999, 999999999999999",
        "NaN, NaN",
        "Infinity, Infinity",
        "-Infinity, -Infinity",
        "0.99995, 1",
        "12.345, 12.35"
    })
    void numbersToFourDigits(double v, String shown) {
        assertThat(DotText.number(v)).isEqualTo(shown);
    }

    @Test
    void shortTextIsOneLine() {
        assertThat(DotText.wrap("z = x*y + sin(x)", 3)).containsExactly("z = x*y + sin(x)");
    }

    @Test
    void longTextBreaksOutsideParentheses() {
        List<String> lines =
                DotText.wrap("dL/dw1 = x1*a*(1 - a)*(-y/a - (y - 1)/(1 - a)) + w2*x2*(y - 1)", 3);
        assertThat(lines)
                .allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(DotText.WIDTH));
        assertThat(String.join(" ", lines).replaceAll("\\s+", " "))
                .isEqualTo("dL/dw1 = x1*a*(1 - a)*(-y/a - (y - 1)/(1 - a)) + w2*x2*(y - 1)");
        assertThat(lines.get(0)).doesNotEndWith("(1").doesNotEndWith("(y");
        assertThat(lines.get(1)).startsWith("  ");
    }

    @Test
    void tooLongTextEndsInAnEllipsis() {
        String text = "a + ".repeat(100) + "b";
        List<String> lines = DotText.wrap(text, 2);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).endsWith(DotText.ELLIPSIS);
        assertThat(lines)
                .allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(DotText.WIDTH));
    }

    @Test
    void wordsLongerThanALineAreCut() {
        List<String> lines = DotText.wrap("x".repeat(100), 5);
        assertThat(lines).hasSize(3);
        assertThat(String.join("", lines).replace(" ", "")).isEqualTo("x".repeat(100));
    }

    @Test
    void treeSizeCountsNamedNodesAsLeavesAndStopsAtItsLimit() {
        Graph g = new Graph();
        Node x = g.variable("x");
        Node xy = g.mul(x, g.variable("y"));
        Node z = g.add(xy, g.apply(Fn.SIN, x));
        assertThat(DotText.treeSize(Map.of(), z, 100)).isEqualTo(6); // +, *, x, y, sin, x
        assertThat(DotText.treeSize(Map.of(xy.id(), "p"), z, 100)).isEqualTo(4); // +, p, sin, x
        Node deep = x;
        for (int i = 0; i < 60; i++) {
            deep =
                    g.mul(
                            g.add(deep, g.constant(1)),
                            g.add(deep, g.constant(2))); // 2^60 paths: a DAG, not a tree
        }
        assertThat(DotText.treeSize(Map.of(), deep, 100)).isEqualTo(101);
    }
}
