package io.github.chainrule.javagen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.chainrule.TestPrograms;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated class used the way the README shows: commons-math3's nonlinear conjugate-gradient
 * optimizer takes {@code Rosenbrock::forward} and {@code Rosenbrock::gradient} as its objective and
 * gradient, and finds the minimum of the 10-dimensional Rosenbrock function, all ones.
 */
class OptimizerTest {
    @TempDir Path dir;

    static String rosenbrock(int n) {
        List<String> xs = new ArrayList<>();
        List<String> terms = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            xs.add("x" + i);
        }
        for (int i = 0; i + 1 < n; i++) {
            terms.add("100 * (x" + (i + 1) + " - x" + i + "^2)^2 + (1 - x" + i + ")^2");
        }
        return "# the Rosenbrock function in "
                + n
                + " dimensions\ninput "
                + String.join(", ", xs)
                + "\nf = "
                + String.join(" + ", terms)
                + "\n";
    }

    @Test
    void conjugateGradientsFindTheMinimumOfAGeneratedRosenbrock() throws Exception {
        String source =
                JavaEmitter.generate(
                        TestPrograms.compile("rosenbrock.chain", rosenbrock(10)),
                        "opt",
                        "Rosenbrock");
        InMemoryJavac.Compiled c =
                InMemoryJavac.compile(
                        dir, Map.of("opt.Rosenbrock", source, "opt.Minimise", MINIMISE));
        double[] minimum = (double[]) c.load("opt.Minimise").getMethod("minimise").invoke(null);
        assertThat(minimum).hasSize(10);
        for (double v : minimum) {
            assertThat(v).isCloseTo(1.0, within(1e-5));
        }
    }

    private static final String MINIMISE =
            """
            package opt;

            import org.apache.commons.math3.optim.InitialGuess;
            import org.apache.commons.math3.optim.MaxEval;
            import org.apache.commons.math3.optim.PointValuePair;
            import org.apache.commons.math3.optim.SimpleValueChecker;
            import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
            import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
            import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunctionGradient;
            import org.apache.commons.math3.optim.nonlinear.scalar.gradient.NonLinearConjugateGradientOptimizer;

            public final class Minimise {
                public static double[] minimise() {
                    NonLinearConjugateGradientOptimizer optimizer = new NonLinearConjugateGradientOptimizer(
                            NonLinearConjugateGradientOptimizer.Formula.POLAK_RIBIERE, new SimpleValueChecker(1e-14, 1e-14));
                    double[] start = new double[10];
                    for (int i = 0; i < start.length; i++) {
                        start[i] = i % 2 == 0 ? -1.2 : 1.0;
                    }
                    PointValuePair best = optimizer.optimize(new MaxEval(1_000_000),
                            new ObjectiveFunction(Rosenbrock::forward),
                            new ObjectiveFunctionGradient(Rosenbrock::gradient),
                            GoalType.MINIMIZE, new InitialGuess(start));
                    return best.getPoint();
                }
            }
            """;
}
