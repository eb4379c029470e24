package io.github.chainrule.bench.hand;

/**
 * mlp.chain by hand: a 4-8-1 tanh network with a squared loss, with loops and one scratch array for
 * the hidden layer (allocated once per instance, so an instance is for one thread). Input layout as
 * the generated class: x0..x3, y, then for each hidden unit j W1_j_0..W1_j_3, b1_j, then
 * W2_0..W2_7, b2; the gradient is over the parameters in that order.
 */
public final class HandMlp {
    private static final int IN = 4;
    private static final int HIDDEN = 8;
    private static final int W1 = IN + 1;
    private static final int W2 = W1 + HIDDEN * (IN + 1);
    private static final int B2 = W2 + HIDDEN;

    private final double[] h = new double[HIDDEN];

    public double forward(double[] x) {
        double x0 = x[0];
        double x1 = x[1];
        double x2 = x[2];
        double x3 = x[3];
        double yhat = x[B2];
        for (int j = 0; j < HIDDEN; j++) {
            int r = W1 + (IN + 1) * j;
            double z = x[r] * x0 + x[r + 1] * x1 + x[r + 2] * x2 + x[r + 3] * x3 + x[r + 4];
            yhat += x[W2 + j] * Math.tanh(z);
        }
        double e = yhat - x[IN];
        return e * e / 2;
    }

    public double gradient(double[] x, double[] grad) {
        double x0 = x[0];
        double x1 = x[1];
        double x2 = x[2];
        double x3 = x[3];
        double[] h = this.h;
        double yhat = x[B2];
        for (int j = 0; j < HIDDEN; j++) {
            int r = W1 + (IN + 1) * j;
            double z = x[r] * x0 + x[r + 1] * x1 + x[r + 2] * x2 + x[r + 3] * x3 + x[r + 4];
            double hj = Math.tanh(z);
            h[j] = hj;
            yhat += x[W2 + j] * hj;
        }
        double e = yhat - x[IN];
        for (int j = 0; j < HIDDEN; j++) {
            double hj = h[j];
            grad[W2 - W1 + j] = e * hj;
            double dz = e * x[W2 + j] * (1 - hj * hj);
            int g = (IN + 1) * j;
            grad[g] = dz * x0;
            grad[g + 1] = dz * x1;
            grad[g + 2] = dz * x2;
            grad[g + 3] = dz * x3;
            grad[g + 4] = dz;
        }
        grad[B2 - W1] = e;
        return e * e / 2;
    }
}
