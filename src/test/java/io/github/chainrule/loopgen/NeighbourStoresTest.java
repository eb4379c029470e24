package io.github.chainrule.loopgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.chainrule.Driver;
import io.github.chainrule.diag.SourceFile;
import io.github.chainrule.javagen.InMemoryJavac;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Two scatters of one nest into neighbouring elements of a one-dimensional adjoint ({@code
 * df/dx[i+1] += a} and {@code df/dx[i] += b}, Rosenbrock's gradient) store each element once,
 * carrying what one point adds to the next point's element in a local, where together they cover
 * the array; the gradient is then not zeroed first. Its bits are those of the Jacobian (which adds
 * into zeros, as the evaluator does), at every size from 1 (no point at all) up.
 */
class NeighbourStoresTest {
    @TempDir Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "rosenbrock | sum(100 * (x[i+1] - x[i]^2)^2 + (1 - x[i])^2 for i in 0..n-1) | true",
                "differences | sum((x[i] - x[i-1])^2 for i in 1..n) | true",
                "products | sum(x[i] * x[i+1] * i for i in 0..n-1) | true",
                "sines | sum(sin(x[i+1]) * exp(-x[i]) for i in 0..n-1) + x[0] | false",
                "two apart | sum(x[i] * x[i+2] for i in 0..n-2) | false",
                "part of x | sum(x[i+1] * x[i+2] for i in 0..n-2) | false",
            })
    void neighbouringStoresGiveTheJacobiansBits(String name, String sum, boolean carried)
            throws Exception {
        String program = "dim n\ninput x[n]\nf = " + sum + "\n";
        SourceFile source = new SourceFile("p.chain", program);
        Driver.Generated g = Driver.generate(source, "gen", "P");
        assertThat(g.java()).as(String.join("\n", g.formatted())).isPresent();
        String code = g.java().get();
        assertThat(code.contains("double carry = 0.0")).as(code).isEqualTo(carried);
        Class<?> type = InMemoryJavac.compile(dir, Map.of("gen.P", code)).load("gen.P");
        Method gradient = type.getMethod("gradient", int.class, double[].class, double[].class);
        Method jacobian = type.getMethod("jacobian", int.class, double[].class, double[][].class);
        SplittableRandom random = new SplittableRandom(7);
        for (int n = 1; n <= 9; n++) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = random.nextDouble(-2, 2);
            }
            x[0] = n == 3 ? -0.0 : x[0]; // a signed zero among the points
            double[] grad = new double[n];
            java.util.Arrays.fill(grad, Double.NaN); // a store must reach every element
            LoopClass.invoke(gradient, n, x, grad);
            double[][] jac = new double[1][n];
            LoopClass.invoke(jacobian, n, x, jac);
            for (int i = 0; i < n; i++) {
                assertThat(Double.doubleToRawLongBits(grad[i]))
                        .as("%s n = %d element %d: %s against %s", name, n, i, grad[i], jac[0][i])
                        .isEqualTo(Double.doubleToRawLongBits(jac[0][i]));
            }
        }
    }
}
