package opt;

import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimpleValueChecker;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunctionGradient;
import org.apache.commons.math3.optim.nonlinear.scalar.gradient.NonLinearConjugateGradientOptimizer;
import org.apache.commons.math3.util.Pair;

/** What a user writes: generated values and gradients handed to commons-math3. */
public final class Fits {
    private Fits() {}

    /** The minimum of Rosenbrock's function, by conjugate gradients on the generated gradient. */
    public static PointValuePair minimizeRosenbrock(double[] start) {
        NonLinearConjugateGradientOptimizer optimizer = new NonLinearConjugateGradientOptimizer(
                NonLinearConjugateGradientOptimizer.Formula.POLAK_RIBIERE, new SimpleValueChecker(1e-15, 1e-15));
        return optimizer.optimize(new MaxEval(100_000),
                new ObjectiveFunction(Rosenbrock::forward),
                new ObjectiveFunctionGradient(Rosenbrock::gradient),
                GoalType.MINIMIZE, new InitialGuess(start));
    }

    /** {@code a} and {@code k} of {@code y = a exp(-k t)} through the points, by Levenberg-Marquardt. */
    public static double[] fitDecay(double[] ts, double[] ys) {
        LeastSquaresOptimizer.Optimum optimum = new LevenbergMarquardtOptimizer().optimize(new LeastSquaresBuilder()
                .start(new double[] {1, 1})
                .target(ys)
                .model(point -> {
                    RealVector value = new ArrayRealVector(ts.length);
                    RealMatrix jacobian = new Array2DRowRealMatrix(ts.length, 2);
                    double[] grad = new double[2];
                    for (int i = 0; i < ts.length; i++) {
                        value.setEntry(i, Decay.gradient(ts[i], point.getEntry(0), point.getEntry(1), grad));
                        jacobian.setRow(i, grad);
                    }
                    return new Pair<>(value, jacobian);
                })
                .maxEvaluations(1000)
                .maxIterations(1000)
                .build());
        return optimum.getPoint().toArray();
    }
}
