package fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Trains a logistic regression on 1,000 synthetic samples through the generated gradient and checks
 * where it lands against two independent references: the maximum-likelihood estimate found by
 * Newton's method written here with its own formulas (the optimizer must reach it to within what
 * its stopping gradient allows), and the weights the labels were drawn from (the estimate must be
 * within four standard errors of them, as the asymptotic theory of the MLE says it nearly always
 * is).
 */
class TrainingTest {
    static final int M = 1000;
    static final int P = 10;
    static final double[] TRUE_W = {1.0, -0.5, 0.25, 0.75, -1.0, 0.5, 0.0, -0.25, 0.6, -0.8};
    static final double TRUE_B = 0.3;
    /**
     * Where the optimizer stops. Not much lower: commons-math3's line search compares loss values,
     * and a loss flat to second order near its minimum resolves the weights only to about the
     * square root of double precision (it stalls near 1e-8 on this data).
     */
    static final double GRADIENT_TOLERANCE = 1e-7;

    static double[] X = new double[M * P];
    static double[] y = new double[M];
    /** The MLE (w, then b) and the mean Hessian of the loss there, from Newton's method. */
    static double[] mle;
    static RealMatrix hessian;

    @BeforeAll
    static void data() {
        Random random = new Random(20261201L);
        for (int s = 0; s < M; s++) {
            double z = TRUE_B;
            for (int f = 0; f < P; f++) {
                X[s * P + f] = random.nextGaussian();
                z += X[s * P + f] * TRUE_W[f];
            }
            y[s] = random.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
        }
        newton();
    }

    /** Newton's method on the mean loss, with the textbook gradient and Hessian of logistic regression. */
    static void newton() {
        double[] theta = new double[P + 1];
        for (int iteration = 0; iteration < 50; iteration++) {
            double[] g = new double[P + 1];
            double[][] h = new double[P + 1][P + 1];
            for (int s = 0; s < M; s++) {
                double[] row = row(s);
                double z = 0;
                for (int i = 0; i <= P; i++) {
                    z += row[i] * theta[i];
                }
                double sigma = 1 / (1 + Math.exp(-z));
                for (int i = 0; i <= P; i++) {
                    g[i] += (sigma - y[s]) * row[i] / M;
                    for (int j = 0; j <= i; j++) {
                        h[i][j] += sigma * (1 - sigma) * row[i] * row[j] / M;
                    }
                }
            }
            for (int i = 0; i <= P; i++) {
                for (int j = 0; j < i; j++) {
                    h[j][i] = h[i][j];
                }
            }
            hessian = new Array2DRowRealMatrix(h);
            RealVector step = new CholeskyDecomposition(hessian).getSolver().solve(new ArrayRealVector(g));
            for (int i = 0; i <= P; i++) {
                theta[i] -= step.getEntry(i);
            }
            if (step.getNorm() < 1e-15) {
                break;
            }
        }
        mle = theta;
    }

    /** Sample s's features and a 1 for the intercept. */
    static double[] row(int s) {
        double[] row = new double[P + 1];
        System.arraycopy(X, s * P, row, 0, P);
        row[P] = 1;
        return row;
    }

    @Test
    void theGeneratedLossAndGradientAreTheTextbookOnesAtTheMle() {
        double[] grad = new double[P + 1];
        double loss = Logreg.gradient(M, P, X, y, java.util.Arrays.copyOf(mle, P), mle[P], grad);
        double expected = 0;
        for (int s = 0; s < M; s++) {
            double[] row = row(s);
            double z = 0;
            for (int i = 0; i <= P; i++) {
                z += row[i] * mle[i];
            }
            expected += (Math.log1p(Math.exp(-Math.abs(z))) + Math.max(z, 0) - y[s] * z) / M;
        }
        assertEquals(expected, loss, 1e-14);
        for (double g : grad) {
            assertEquals(0, g, 1e-12, "the gradient vanishes at Newton's minimum");
        }
    }

    @Test
    void conjugateGradientsReachTheMaximumLikelihoodEstimate() {
        Training.Result r = Training.train(M, P, X, y, GRADIENT_TOLERANCE);
        // The loss is strictly convex: at a point whose gradient is at most t per component (so at
        // most t sqrt(P + 1) in norm), the distance to the minimum is at most that norm over the
        // Hessian's smallest eigenvalue (to first order; the factor 2 covers the rest).
        double smallest = Double.POSITIVE_INFINITY;
        for (double e : new EigenDecomposition(hessian).getRealEigenvalues()) {
            smallest = Math.min(smallest, e);
        }
        assertTrue(smallest > 0.02, "the Hessian is well conditioned: smallest eigenvalue " + smallest);
        double bound = 2 * GRADIENT_TOLERANCE * Math.sqrt(P + 1) / smallest;
        for (int f = 0; f < P; f++) {
            assertEquals(mle[f], r.w()[f], bound, "w[" + f + "]");
        }
        assertEquals(mle[P], r.b(), bound, "b");
        assertTrue(r.gradientCalls() > 5, "the optimizer used the gradient: " + r.gradientCalls() + " calls");
        System.out.printf("conjugate gradients: %d iterations, %d gradients, loss %.15f, distance bound %.1e%n",
                r.iterations(), r.gradientCalls(), r.loss(), bound);
    }

    @Test
    void theEstimateIsNearTheWeightsTheLabelsWereDrawnFrom() {
        // The MLE's asymptotic covariance is the inverse Fisher information, (M H)^-1 with H the
        // mean Hessian: each component within 4 standard errors (all 11 at once fail with
        // probability about 11 × 6e-5 for a random seed; this seed is fixed).
        RealMatrix covariance = new CholeskyDecomposition(hessian).getSolver().getInverse().scalarMultiply(1.0 / M);
        Training.Result r = Training.train(M, P, X, y, GRADIENT_TOLERANCE);
        double[] fitted = java.util.Arrays.copyOf(r.w(), P + 1);
        fitted[P] = r.b();
        double[] truth = java.util.Arrays.copyOf(TRUE_W, P + 1);
        truth[P] = TRUE_B;
        for (int i = 0; i <= P; i++) {
            double se = Math.sqrt(covariance.getEntry(i, i));
            assertTrue(se < 0.15, "1,000 samples pin each weight down: standard error " + se);
            assertEquals(truth[i], fitted[i], 4 * se, "component " + i + " (standard error " + se + ")");
        }
    }
}
