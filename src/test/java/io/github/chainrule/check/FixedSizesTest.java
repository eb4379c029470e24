package io.github.chainrule.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.chainrule.Driver;
import io.github.chainrule.diag.Diagnostic;
import io.github.chainrule.diag.SourceFile;
import io.github.chainrule.indexed.Affine;
import io.github.chainrule.indexed.IndexedEvaluator;
import io.github.chainrule.indexed.IndexedPoint;
import io.github.chainrule.indexed.IndexedProgram;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Fixed sizes stay names in the indexed form ({@code 0..h}, as the user wrote them) and are their
 * values only where numbers decide: in bounds proofs, in comparing the extents that infer a range
 * (README: by value when fixed), in evaluation.
 */
class FixedSizesTest {
    private static Driver.Checked check(String text) {
        return Driver.check(new SourceFile("t.chain", text));
    }

    private static IndexedProgram indexed(String text) {
        Driver.Checked c = check(text);
        assertThat(c.indexed()).as(c.reporter().format()).isPresent();
        return c.indexed().get();
    }

    private static List<String> errors(String text) {
        Driver.Checked c = check(text);
        assertThat(c.ok()).isFalse();
        return c.reporter().diagnostics().stream().map(Diagnostic::message).toList();
    }

    private static IndexedProgram.Statement statement(IndexedProgram p, String target) {
        for (IndexedProgram.Step step : p.steps()) {
            if (step instanceof IndexedProgram.Single one
                    && one.statement().target().equals(target)) {
                return one.statement();
            }
        }
        throw new AssertionError("no statement for " + target);
    }

    @Test
    void rangesExtentsAndSubscriptsKeepTheSizesNames() {
        IndexedProgram p =
                indexed(
                        "dim h = 4, d = 3\ninput W[h, d], x[d]\n"
                                + "a[j] = sum(W[j, i] * x[i] for i) + x[d-1]\nL = sum(a[j] for j)");
        assertThat(p.inputs().get(0).extents())
                .containsExactly(Affine.symbol("h"), Affine.symbol("d"));
        IndexedProgram.Array a =
                p.arrays().stream().filter(x -> x.name().equals("a")).findFirst().orElseThrow();
        assertThat(a.extents()).containsExactly(Affine.symbol("h"));
        IndexedProgram.Statement s = statement(p, "a");
        assertThat(s.domain())
                .containsExactly(new IndexedProgram.Binder("j", Affine.of(0), Affine.symbol("h")));
        assertThat(s.reads().keySet()).contains("x[d-1]");
        assertThat(p.fixedSizes()).containsExactly(Map.entry("h", 4L), Map.entry("d", 3L));
    }

    @Test
    void theEvaluatorKnowsTheFixedValues() {
        IndexedProgram p = indexed("dim n = 3\ninput x[n]\nL = sum(x[i] * (i + 1) for i) + n");
        IndexedPoint at = IndexedPoint.builder().array("x", new double[] {1, 2, 3}).build();
        assertThat(IndexedEvaluator.evaluate(p, at).scalar("L")).isEqualTo(1 + 4 + 9 + 3);
    }

    @Test
    void fixedSizesOfEqualValueAgreeInRangeInference() {
        IndexedProgram p =
                indexed("dim n = 3, m = 3\ninput x[n], y[m]\nL = sum(x[i] * y[i] for i)");
        IndexedPoint at =
                IndexedPoint.builder()
                        .array("x", new double[] {1, 2, 3})
                        .array("y", new double[] {4, 5, 6})
                        .build();
        assertThat(IndexedEvaluator.evaluate(p, at).scalar("L")).isEqualTo(32);
        // the range is the first dimension's, as written
        assertThat(statement(p, "L@1").domain())
                .containsExactly(new IndexedProgram.Binder("i", Affine.of(0), Affine.symbol("n")));
    }

    @Test
    void fixedSizesOfOtherValuesDoNotAndTheMessageGivesTheValues() {
        assertThat(errors("dim n = 3, m = 4\ninput x[n], y[m]\nL = sum(x[i] * y[i] for i)"))
                .containsExactly(
                        "the range of 'i' is ambiguous: it indexes x (n elements, where n = 3) and"
                                + " y (m elements, where m = 4); write it (for i in lo..hi)");
    }

    @Test
    void sizesGivenAtCallTimeCompareByName() {
        assertThat(errors("dim n, m\ninput x[n], y[m]\nL = sum(x[i] * y[i] for i)"))
                .containsExactly(
                        "the range of 'i' is ambiguous: it indexes x (n elements) and y (m"
                                + " elements); write it (for i in lo..hi)");
    }

    @Test
    void boundsProofsUseTheFixedValues() {
        indexed("dim h = 4\ninput x[h]\nL = x[3] + sum(x[i] for i in 0..4)");
        assertThat(errors("dim h = 4\ninput x[h]\nL = x[4]"))
                .containsExactly(
                        "x[4]: 4 reaches 4, but x has h elements (0..h, that is 0 <= index < h,"
                                + " where h = 4)");
        assertThat(errors("dim h = 4\ninput x[h]\nL = sum(x[i+1] for i in 0..h)"))
                .containsExactly(
                        "x[i+1]: i+1 reaches h when i = h-1, but x has h elements (0..h, that is"
                                + " 0 <= index < h, where h = 4)");
    }

    @Test
    void piecesCompareByValueAndMessagesShowWhatWasWritten() {
        IndexedProgram p =
                indexed(
                        "dim T = 3\ninput x0, y[T]\nx[0] = x0\nx[t] = 2 * x[t-1] for t in 1..3\n"
                                + "L = sum(x[t] * y[t] for t)");
        assertThat(p.arrays().stream().filter(a -> a.name().equals("x")).findFirst().orElseThrow())
                .isEqualTo(new IndexedProgram.Array("x", List.of(Affine.of(3))));
        assertThat(
                        errors(
                                "dim T = 3\ninput x0\nx[0] = x0\nx[t] = 2 * x[t-1] for t in 2..T\n"
                                        + "L = x[T-1]"))
                .containsExactly(
                        "a gap in 'x': no statement defines its elements 1..2 (from x[1] up to,"
                                + " not including, x[2])");
    }
}
