package io.github.chainrule.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.chainrule.Driver;
import io.github.chainrule.diag.SourceFile;
import io.github.chainrule.graph.Evaluator;
import io.github.chainrule.graph.Node;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a checked program holds: inputs, wrt, outputs and assignments, with the defaults the
 * README's "The language" gives (every input is wrt, the last assignment is the output).
 */
class CheckerTest {

    private static CheckedProgram check(String text) {
        Driver.Checked c = Driver.check(new SourceFile("t", text));
        assertThat(c.ok()).as(c.reporter().format()).isTrue();
        return c.program().orElseThrow();
    }

    @Test
    void withoutDeclarationsInputsAreTheFreeNamesInOrderAndTheOutputIsTheLastAssignment() {
        CheckedProgram p = check("a = y * x\nb = sin(a) + z + pi\nc = b * e");
        assertThat(p.inputs()).containsExactly("y", "x", "z");
        assertThat(p.wrt()).containsExactly("y", "x", "z");
        assertThat(p.outputs()).containsExactly("c");
        assertThat(p.definitions())
                .extracting(CheckedProgram.Definition::name)
                .containsExactly("a", "b", "c");
        assertThat(p.definition("b").orElseThrow().reads()).containsExactly("a", "z");
    }

    @Test
    void declarationsGiveTheOrder() {
        CheckedProgram p = check("input b, a\nwrt a\noutput u, v\nu = a * b\nv = u + a");
        assertThat(p.inputs()).containsExactly("b", "a");
        assertThat(p.wrt()).containsExactly("a");
        assertThat(p.outputs()).containsExactly("u", "v");
    }

    @Test
    void userFunctionsAreInlinedAndParametersShadowInputs() {
        CheckedProgram p =
                check("input x, a\nz = twice(x) + a\ntwice(a) = double(a)\ndouble(x) = 2 * x");
        assertThat(p.inputs()).containsExactly("x", "a");
        assertThat(value(p, "z", Map.of("x", 3.0, "a", 100.0))).isEqualTo(106.0);
    }

    @Test
    void longChainsMeanWhatShortOnesMean() {
        StringBuilder sum = new StringBuilder("z = 1");
        StringBuilder product = new StringBuilder("z = 1");
        for (int i = 1; i <= Lowering.LONG_CHAIN * 3; i++) {
            sum.append(i % 3 == 0 ? " - " : " + ").append("x * ").append(i);
            product.append(i % 4 == 0 ? " / " : " * ").append("(x + ").append(i).append(")");
        }
        double x = 0.75;
        double s = 1;
        double q = 1;
        for (int i = 1; i <= Lowering.LONG_CHAIN * 3; i++) {
            s = i % 3 == 0 ? s - x * i : s + x * i;
            q = i % 4 == 0 ? q / (x + i) : q * (x + i);
        }
        assertThat(value(check(sum.toString()), "z", Map.of("x", x)))
                .isCloseTo(s, within(1e-9 * Math.abs(s)));
        assertThat(value(check(product.toString()), "z", Map.of("x", x)))
                .isCloseTo(q, within(1e-9 * Math.abs(q)));
    }

    private static double value(CheckedProgram p, String output, Map<String, Double> at) {
        Node n = p.outputValue(output);
        return Evaluator.evaluate(p.graph(), List.of(n), at)[n.id()];
    }

    @Test
    void aLongSumIsBuiltOnce() {
        StringBuilder sum = new StringBuilder("z = x0");
        for (int i = 1; i < 200_000; i++) {
            sum.append(i % 3 == 0 ? " - " : " + ").append('x').append(i);
        }
        CheckedProgram p = check(sum.toString());
        assertThat(p.inputs()).hasSize(200_000);
        assertThat(p.outputValue("z").children()).hasSize(200_000);
    }
}
