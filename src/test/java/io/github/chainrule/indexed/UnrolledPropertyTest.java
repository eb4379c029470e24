package io.github.chainrule.indexed;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.chainrule.Driver;
import io.github.chainrule.check.CheckedProgram;
import io.github.chainrule.diag.SourceFile;
import io.github.chainrule.diff.IndexedDerivatives;
import io.github.chainrule.eval.PointValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * An indexed program and its unrolled scalar program ({@link UnrolledModel}) agree: values from the
 * indexed evaluator, derivatives from {@link IndexedDerivatives} in reverse and in forward mode,
 * against the scalar pipeline's values and derivatives ({@link PointValues}) of the program written
 * out element by element, at a random point, to 1e-9 relative (1e-10 absolute near 0).
 */
class UnrolledPropertyTest {

    @Property(tries = 250)
    void anIndexedProgramAgreesWithItsUnrolledScalarProgram(
            @ForAll @LongRange(min = 0, max = 1L << 40) long seed) {
        Random r = new Random(seed);
        UnrolledModel.Program model = RandomIndexedPrograms.generate(r);
        String indexedText = model.indexedText();
        String scalarText = model.scalarText();
        String both = "indexed:\n" + indexedText + "\nunrolled:\n" + scalarText;

        Driver.Checked ic = Driver.check(new SourceFile("indexed.chain", indexedText));
        assertThat(ic.indexed()).as("%s\n%s", both, ic.reporter().format()).isPresent();
        IndexedProgram indexed = ic.indexed().get();
        Driver.Checked sc = Driver.check(new SourceFile("unrolled.chain", scalarText));
        assertThat(sc.program()).as("%s\n%s", both, sc.reporter().format()).isPresent();
        CheckedProgram scalar = sc.program().get();

        Map<String, Long> sizes = model.sizeValues();
        IndexedPoint.Builder point = IndexedPoint.builder();
        for (UnrolledModel.Size s : model.sizes()) {
            if (!s.fixed()) {
                point.size(s.name(), s.value());
            }
        }
        Map<String, Double> at = new LinkedHashMap<>();
        for (UnrolledModel.Arr input : model.inputs()) {
            List<String> names = UnrolledModel.elements(input, sizes);
            double[] values = new double[names.size()];
            for (int k = 0; k < values.length; k++) {
                values[k] = r.nextDouble() * 3 - 1.5;
                at.put(names.get(k), values[k]);
            }
            point.array(input.name(), values);
        }
        IndexedPoint p = point.build();
        String where = both + "\nat " + at;

        List<String> scalarWrt = new ArrayList<>();
        model.wrt().forEach(w -> scalarWrt.addAll(UnrolledModel.elements(arr(model, w), sizes)));
        PointValues expected = PointValues.at(scalar, scalarWrt, at);

        IndexedValues values = IndexedEvaluator.evaluate(indexed, p);
        for (String output : model.outputs()) {
            List<String> names = UnrolledModel.elements(arr(model, output), sizes);
            double[] got = values.get(output);
            assertThat(got.length).as(where).isEqualTo(names.size());
            for (int k = 0; k < got.length; k++) {
                assertClose(
                        where + "\nvalue of " + names.get(k),
                        expected.outputs().get(names.get(k)),
                        got[k]);
            }
        }
        compare(
                where + "\nreverse mode",
                model,
                sizes,
                expected,
                IndexedDerivatives.at(indexed, p));
        compare(
                where + "\nforward mode",
                model,
                sizes,
                expected,
                IndexedDerivatives.inForwardMode(indexed, p));
    }

    private static IndexedProgram indexed(String text) {
        Driver.Checked c = Driver.check(new SourceFile("t.chain", text));
        assertThat(c.indexed()).as(c.reporter().format()).isPresent();
        return c.indexed().get();
    }

    /**
     * Found by the property: each piece of a piecewise definition numbered its lifted reductions
     * from 1, so {@code x@1} of {@code x[0]} and of {@code x[t]} were one array.
     */
    @Example
    void reductionsInTwoPiecesOfOneArrayAreTwoStatements() {
        IndexedProgram p =
                indexed(
                        "dim n\ninput y[n]\nx[0] = sum(y[i] for i)\n"
                                + "x[t] = x[t-1] + max(y[i] * t for i) for t in 1..n\nL = x[n-1]");
        IndexedPoint at = IndexedPoint.builder().size("n", 3).array("y", 1, -2, 3).build();
        assertThat(IndexedEvaluator.evaluate(p, at).get("x")).containsExactly(2, 5, 11);
        // y[2] is the max at t = 1 and t = 2: 1 + 1 + 2
        assertThat(IndexedDerivatives.at(p, at).byElement().get("L").get("y"))
                .containsExactly(1, 1, 4);
        assertThat(IndexedDerivatives.inForwardMode(p, at).byElement().get("L").get("y"))
                .containsExactly(1, 1, 4);
    }

    /**
     * Found by the property: a reduction inside a sum over {@code i in 0..n-1} is lifted into an
     * array over {@code i} of extent {@code n-1}, which is 0 at {@code n = 1}: an empty array, not
     * an error.
     */
    @Example
    void aReductionLiftedOverAnEmptyRangeIsAnEmptyArray() {
        IndexedProgram p =
                indexed(
                        "dim n\n"
                            + "input x[n]\n"
                            + "L = sum(x[i] * sum(x[j] for j in 0..i+1) for i in 0..n-1) + x[0]");
        IndexedPoint one = IndexedPoint.builder().size("n", 1).array("x", 2.5).build();
        assertThat(IndexedEvaluator.evaluate(p, one).scalar("L")).isEqualTo(2.5);
        assertThat(IndexedDerivatives.at(p, one).byElement().get("L").get("x")).containsExactly(1);
        IndexedPoint three = IndexedPoint.builder().size("n", 3).array("x", 1, 2, 3).build();
        assertThat(IndexedEvaluator.evaluate(p, three).scalar("L")).isEqualTo(1 + 2 * 3 + 1);
    }

    private static UnrolledModel.Arr arr(UnrolledModel.Program model, String name) {
        return model.arrays().get(name);
    }

    private static void compare(
            String where,
            UnrolledModel.Program model,
            Map<String, Long> sizes,
            PointValues expected,
            IndexedDerivatives got) {
        for (String output : model.outputs()) {
            UnrolledModel.Arr out = arr(model, output);
            List<String> outNames = UnrolledModel.elements(out, sizes);
            int[] shape = got.values().shape(output);
            for (int k = 0; k < outNames.size(); k++) {
                String key = IndexedDerivatives.elementKey(output, shape, k);
                Map<String, double[]> byWrt = got.byElement().get(key);
                assertThat(byWrt).as(where + ": " + key).isNotNull();
                for (String w : model.wrt()) {
                    List<String> wNames = UnrolledModel.elements(arr(model, w), sizes);
                    double[] d = byWrt.get(w);
                    assertThat(d.length).as(where).isEqualTo(wNames.size());
                    for (int e = 0; e < d.length; e++) {
                        assertClose(
                                where + ": d" + outNames.get(k) + "/d" + wNames.get(e),
                                expected.derivatives().get(outNames.get(k)).get(wNames.get(e)),
                                d[e]);
                    }
                }
            }
        }
    }

    private static void assertClose(String what, Double expected, double got) {
        assertThat(expected).as(what + ": the scalar program has no such value").isNotNull();
        double tolerance = 1e-9 * Math.max(Math.abs(expected), Math.abs(got)) + 1e-10;
        assertThat(Math.abs(got - expected) <= tolerance)
                .as("%s: expected %s (unrolled) but got %s (indexed)", what, expected, got)
                .isTrue();
    }
}
