package fit;

import org.apache.commons.math3.optim.ConvergenceChecker;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunctionGradient;
import org.apache.commons.math3.optim.nonlinear.scalar.gradient.NonLinearConjugateGradientOptimizer;

/**
 * What a user writes: the generated logistic-regression loss ({@code Logreg}, from logreg.chain, an
 * indexed program whose sizes m and p are given at call time) handed to commons-math3's nonlinear
 * conjugate gradients. The optimizer's point is the generated gradient's layout: w[0..p) then b
 * ({@code Logreg.offsetW} and {@code Logreg.offsetB} say so), so no copying of gradients is needed.
 */
public final class Training {
    private Training() {}

    /** What the optimizer found, and how many gradients it asked for. */
    public record Result(double[] w, double b, double loss, int gradientCalls, int iterations) {}

    /**
     * Minimises the mean logistic loss over the m samples (rows of X, row-major m × p) from w = 0,
     * b = 0, until the gradient's largest component is below {@code gradientTolerance}.
     */
    public static Result train(int m, int p, double[] X, double[] y, double gradientTolerance) {
        if (Logreg.offsetW(m, p) != 0 || Logreg.offsetB(m, p) != p || Logreg.gradLength(m, p) != p + 1) {
            throw new IllegalStateException("the generated gradient's layout is not (w, b)");
        }
        int[] gradientCalls = {0};
        ObjectiveFunction loss = new ObjectiveFunction(point -> Logreg.forward(m, p, X, y, w(point, p), point[p]));
        ObjectiveFunctionGradient gradient = new ObjectiveFunctionGradient(point -> {
            gradientCalls[0]++;
            double[] grad = new double[p + 1];
            Logreg.gradient(m, p, X, y, w(point, p), point[p], grad);
            return grad;
        });
        // stop on the gradient, not on the change of the loss: a loss that changes by 1e-15 can
        // still sit 1e-7 away from the minimum in the weights (the loss is flat to second order)
        ConvergenceChecker<PointValuePair> checker = (iteration, previous, current) -> {
            double[] grad = new double[p + 1];
            Logreg.gradient(m, p, X, y, w(current.getPoint(), p), current.getPoint()[p], grad);
            double largest = 0;
            for (double g : grad) {
                largest = Math.max(largest, Math.abs(g));
            }
            return largest < gradientTolerance;
        };
        NonLinearConjugateGradientOptimizer optimizer = new NonLinearConjugateGradientOptimizer(
                NonLinearConjugateGradientOptimizer.Formula.POLAK_RIBIERE, checker, 1e-12, 1e-14, 1e-2);
        PointValuePair best = optimizer.optimize(new MaxEval(100_000), new MaxIter(1_000), loss, gradient,
                GoalType.MINIMIZE, new InitialGuess(new double[p + 1]));
        double[] point = best.getPoint();
        return new Result(w(point, p), point[p], best.getValue(), gradientCalls[0], optimizer.getIterations());
    }

    private static double[] w(double[] point, int p) {
        return java.util.Arrays.copyOf(point, p);
    }
}
