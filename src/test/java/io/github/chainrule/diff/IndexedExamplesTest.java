package io.github.chainrule.diff;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.chainrule.Driver;
import io.github.chainrule.diag.SourceFile;
import io.github.chainrule.indexed.IndexedEvaluator;
import io.github.chainrule.indexed.IndexedPoint;
import io.github.chainrule.indexed.IndexedProgram;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The five indexed examples, differentiated at the statement level, against central finite
 * differences of the evaluator: an oracle that shares nothing with the adjoint statements.
 */
class IndexedExamplesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"lj, n=6", "logreg, m=5 p=3", "rosenbrock, n=7", "oscillator, ''", "mlp784, ''"})
    void derivativesMatchFiniteDifferences(String example, String sizeText) throws IOException {
        Path file = Path.of("examples/indexed/" + example + ".chain");
        Driver.Checked c = Driver.check(new SourceFile(file.toString(), Files.readString(file)));
        assertThat(c.indexed()).as(c.reporter().format()).isPresent();
        IndexedProgram program = c.indexed().get();
        Map<String, Long> sizes = new HashMap<>();
        for (String s : sizeText.split(" ")) {
            if (!s.isBlank()) {
                sizes.put(s.split("=")[0], Long.parseLong(s.split("=")[1]));
            }
        }
        IndexedPoint.Builder point = IndexedPoint.builder();
        sizes.forEach(point::size);
        Random random = new Random(example.hashCode());
        for (IndexedProgram.Array input : program.inputs()) {
            long length = 1;
            for (var extent : input.extents()) {
                length *= extent.substitute(program.fixedSizes()).substitute(sizes).constant();
            }
            double[] values = new double[(int) length];
            for (int i = 0; i < values.length; i++) {
                values[i] = point(example, input.name(), i, random);
            }
            point.array(input.name(), values);
        }
        IndexedPoint at = point.build();
        IndexedDerivatives d = IndexedDerivatives.at(program, at);
        String output = program.outputs().get(0);
        for (String w : program.wrt()) {
            double[] grad = d.byElement().get(output).get(w);
            double[] x = at.inputs().get(w);
            // a few elements of each wrt input, spread over it
            for (int k = 0; k < Math.min(x.length, 4); k++) {
                int i = (int) ((long) k * (x.length - 1) / Math.max(1, 3));
                double h = 1e-6 * Math.max(1, Math.abs(x[i]));
                double saved = x[i];
                x[i] = saved + h;
                double up = IndexedEvaluator.evaluate(program, at).scalar(output);
                x[i] = saved - h;
                double down = IndexedEvaluator.evaluate(program, at).scalar(output);
                x[i] = saved;
                double numeric = (up - down) / (2 * h);
                assertThat(grad[i])
                        .as("%s: d%s/d%s[%d]", example, output, w, i)
                        .isCloseTo(
                                numeric,
                                org.assertj.core.api.Assertions.within(
                                        1e-5 * Math.max(1, Math.abs(numeric))));
            }
        }
    }

    /** Points where each example is well-conditioned (particles apart, a stable oscillator). */
    private static double point(String example, String input, int i, Random random) {
        return switch (example) {
            case "lj" -> 1.2 * i + 0.1 * random.nextDouble(); // a line of particles 1.2 apart
            case "oscillator" ->
                    switch (input) {
                        case "k" -> 1;
                        case "c" -> 0.1;
                        case "x0" -> 1;
                        case "v0" -> 0;
                        default -> 0.01; // dt
                    };
            case "logreg" -> input.equals("y") ? random.nextInt(2) : random.nextGaussian();
            default -> 0.5 * random.nextGaussian();
        };
    }
}
