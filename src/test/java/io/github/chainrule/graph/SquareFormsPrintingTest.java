package io.github.chainrule.graph;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The internal functions behind log(1 + u^2) and atan' print as the formulas they compute, inside
 * products too, so a derivative reads as a reader would write it.
 */
class SquareFormsPrintingTest {
    private final Graph g = new Graph();
    private final Node x = g.variable("x");
    private final Node y = g.variable("y");

    @Test
    void logOfOnePlusASquare() {
        assertThat(Printer.print(g.apply(Fn.LOG1P_SQUARE, x))).isEqualTo("log1p(x^2)");
        assertThat(Printer.print(g.apply(Fn.LOG1P_SQUARE, g.mul(x, y))))
                .isEqualTo("log1p((x*y)^2)");
    }

    @Test
    void theQuotientsAlone() {
        assertThat(Printer.print(g.apply(Fn.ONE_OVER_ONE_PLUS_SQUARE, x))).isEqualTo("1/(1 + x^2)");
        assertThat(Printer.print(g.apply(Fn.U_OVER_ONE_PLUS_SQUARE, g.add(x, y))))
                .isEqualTo("(x + y)/(1 + (x + y)^2)");
    }

    @Test
    void theQuotientsAsFactors() {
        Node atanSlope = g.apply(Fn.ONE_OVER_ONE_PLUS_SQUARE, x);
        assertThat(Printer.print(g.mul(g.scale(2, y), atanSlope))).isEqualTo("2*y/(1 + x^2)");
        assertThat(Printer.print(g.mul(g.reciprocal(y), atanSlope))).isEqualTo("1/(y*(1 + x^2))");
        assertThat(Printer.print(g.mul(atanSlope, g.apply(Fn.U_OVER_ONE_PLUS_SQUARE, x))))
                .isEqualTo("x/(1 + x^2)^2");
        assertThat(Printer.print(g.add(atanSlope, y))).isEqualTo("y + 1/(1 + x^2)");
    }
}
