package io.github.chainrule.javagen;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.chainrule.Driver;
import io.github.chainrule.diag.SourceFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Logistic functions that share |u| are written out around one exp(-|u|) and one log1p: the
 * neuron's gradient (softplus(z), softplus(-z), sigmoid(z) and its 1 - s) calls exp and log once
 * each, where four helper calls made four exps and two logs. Their values are the helpers' bits:
 * {@code GeneratedCodeTest} and {@code ConformanceTest} compare them with the evaluator.
 */
class LogisticFormsTest {
    private static final String NEURON =
            "input x1, x2, x3, y, w1, w2, w3, b\n"
                    + "wrt w1, w2, w3, b\n"
                    + "z = w1 * x1 + w2 * x2 + w3 * x3 + b\n"
                    + "a = sigmoid(z)\n"
                    + "L = -(y * log(a) + (1 - y) * log(1 - a))\n";

    private static String method(String java, String signatureStart) {
        int at = java.indexOf(signatureStart);
        assertThat(at).as(signatureStart).isNotNegative();
        return java.substring(at, java.indexOf("\n    }\n", at));
    }

    private static int count(String text, String call) {
        Matcher m = Pattern.compile(Pattern.quote(call)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void theNeuronsGradientComputesOneExpAndOneLog() {
        String java =
                Driver.generate(new SourceFile("neuron.chain", NEURON), "p", "Neuron", false)
                        .java()
                        .orElseThrow();
        String gradient = method(java, "public static double gradient(double x1");
        assertThat(count(gradient, "Math.exp(")).isEqualTo(1);
        assertThat(count(gradient, "log1pByLog(")).isEqualTo(1);
        assertThat(gradient).doesNotContain("softplus(").doesNotContain("sigmoid(");
        String forward = method(java, "public static double forward(double x1");
        assertThat(count(forward, "Math.exp(")).isEqualTo(1);
    }

    @Test
    void aLoneSigmoidKeepsItsHelper() {
        String java =
                Driver.generate(
                                new SourceFile("s.chain", "input x\ns = sigmoid(x)\n"),
                                "p",
                                "S",
                                false)
                        .java()
                        .orElseThrow();
        assertThat(method(java, "public static double forward(double x")).contains("sigmoid(x)");
    }
}
