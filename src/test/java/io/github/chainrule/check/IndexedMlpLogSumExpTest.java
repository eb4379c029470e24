package io.github.chainrule.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.chainrule.Driver;
import io.github.chainrule.diag.SourceFile;
import io.github.chainrule.diff.IndexedDerivatives;
import io.github.chainrule.indexed.IndexedPoint;
import io.github.chainrule.indexed.IndexedProgram;
import io.github.chainrule.javagen.InMemoryJavac;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The softmax cross-entropy of {@code examples/indexed/mlp784.chain} where its logits {@code s[c]}
 * are near 800, so that {@code exp(s[c])} overflows as written: rewritten into a max-shifted
 * log-sum-exp, it is finite, and equal to the loss at the same network with {@code b2} lowered by
 * 800 (a cross-entropy with a one-hot label does not change when every logit moves by the same
 * amount), evaluated as written where nothing overflows: an exact reference, up to the rounding of
 * {@code s}. Through the evaluator and through the generated class.
 */
class IndexedMlpLogSumExpTest {
    @TempDir static Path dir;

    private static final List<String> WRT = List.of("W1", "b1", "W2", "b2");
    private static IndexedProgram rewritten;
    private static IndexedProgram asWritten;
    private static Class<?> generated;

    /** x, label, W1, b1, W2, b2 with logits near {@code shift}, and the label class 3. */
    private static Map<String, double[]> point(double shift) {
        Random r = new Random(784);
        Map<String, double[]> p = new LinkedHashMap<>();
        p.put("x", fill(r, 784, 1));
        double[] label = new double[10];
        label[3] = 1;
        p.put("label", label);
        p.put("W1", fill(r, 128 * 784, 0.05));
        p.put("b1", fill(r, 128, 0.1));
        p.put("W2", fill(r, 10 * 128, 0.1));
        double[] b2 = fill(r, 10, 1);
        for (int c = 0; c < 10; c++) {
            b2[c] += shift; // exact for the shifts used here
        }
        p.put("b2", b2);
        return p;
    }

    private static double[] fill(Random r, int n, double scale) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = scale * r.nextGaussian();
        }
        return out;
    }

    @BeforeAll
    static void compile() throws IOException {
        Path file = Path.of("examples/indexed/mlp784.chain");
        SourceFile source = new SourceFile(file.toString(), Files.readString(file));
        rewritten = Driver.check(source).indexed().orElseThrow();
        asWritten = Driver.check(source, true).indexed().orElseThrow();
        Driver.Generated g = Driver.generate(source, "gen", "Mlp784");
        generated =
                InMemoryJavac.compile(dir, Map.of("gen.Mlp784", g.java().orElseThrow()))
                        .load("gen.Mlp784");
    }

    /** L, then the gradient in wrt order, through the evaluator. */
    private static double[] evaluated(IndexedProgram p, Map<String, double[]> inputs) {
        IndexedPoint.Builder b = IndexedPoint.builder();
        inputs.forEach(b::array);
        IndexedDerivatives d = IndexedDerivatives.at(p, b.build());
        double[] out = new double[1 + 128 * 784 + 128 + 10 * 128 + 10];
        out[0] = d.values().scalar("L");
        int at = 1;
        for (String w : WRT) {
            double[] g = d.byElement().get("L").get(w);
            System.arraycopy(g, 0, out, at, g.length);
            at += g.length;
        }
        return out;
    }

    /** The same through the generated class's named forms. */
    private static double[] generated(Map<String, double[]> in) {
        Class<?>[] types = new Class<?>[6];
        java.util.Arrays.fill(types, double[].class);
        Object[] args = {
            in.get("x"), in.get("label"), in.get("W1"), in.get("b1"), in.get("W2"), in.get("b2")
        };
        double value = (Double) call("forward", types, args);
        double[] grad = new double[128 * 784 + 128 + 10 * 128 + 10];
        Class<?>[] withGrad = java.util.Arrays.copyOf(types, 7);
        withGrad[6] = double[].class;
        Object[] argsWithGrad = java.util.Arrays.copyOf(args, 7);
        argsWithGrad[6] = grad;
        call("gradient", withGrad, argsWithGrad);
        double[] out = new double[grad.length + 1];
        out[0] = value;
        System.arraycopy(grad, 0, out, 1, grad.length);
        return out;
    }

    private static Object call(String name, Class<?>[] types, Object[] args) {
        try {
            Method m = generated.getMethod(name, types);
            return m.invoke(null, args);
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
            throw new LinkageError(e.getMessage(), e);
        }
    }

    /** The largest difference, relative to the largest entry of {@code expected}. */
    private static double error(double[] actual, double[] expected) {
        double scale = 0;
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
            if (!Double.isFinite(actual[i])) {
                return Double.POSITIVE_INFINITY;
            }
        }
        return worst / scale;
    }

    @Test
    void nearSoftmaxOverflowTheLossAndItsGradientAreFiniteAndExact() {
        Map<String, double[]> hard = point(800);
        Map<String, double[]> reference = point(0);
        double[] exact = evaluated(asWritten, reference);
        assertThat(exact[0]).isFinite();

        // as written: exp(800) overflows; the loss is Infinity and the gradient NaN
        double[] before = evaluated(asWritten, hard);
        assertThat(before[0]).isInfinite();
        assertThat(before[1]).isNaN();

        double[] after = evaluated(rewritten, hard);
        assertThat(Math.abs(after[0] - exact[0]) / Math.abs(exact[0])).isLessThan(1e-12);
        assertThat(error(after, exact)).isLessThan(1e-12);
        double[] gen = generated(hard);
        assertThat(error(gen, exact)).isLessThan(1e-12);
        assertThat(Double.doubleToLongBits(gen[0])).isEqualTo(Double.doubleToLongBits(after[0]));
        // the gradient in b2 is the softmax minus the label: it sums to 0
        double sum = 0;
        for (int c = 0; c < 10; c++) {
            sum += after[after.length - 10 + c];
        }
        assertThat(Math.abs(sum)).isLessThan(1e-14);
    }

    @Test
    void atAnOrdinaryPointTheRewriteChangesNothingBeyondRounding() {
        Map<String, double[]> ordinary = point(0);
        double[] exact = evaluated(asWritten, ordinary);
        assertThat(error(evaluated(rewritten, ordinary), exact)).isLessThan(1e-12);
        assertThat(error(generated(ordinary), exact)).isLessThan(1e-12);
    }
}
