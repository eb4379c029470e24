package io.github.chainrule.bench.hand;

/**
 * neuron.chain by hand: one sigmoid neuron with a cross-entropy loss. The gradient is the textbook
 * one, {@code dL/dz = a - y}. Input layout as the generated class: x1, x2, x3, y, w1, w2, w3, b;
 * gradient: w1, w2, w3, b.
 */
public final class HandNeuron {
    private HandNeuron() {}

    public static double forward(double[] x) {
        double z = x[4] * x[0] + x[5] * x[1] + x[6] * x[2] + x[7];
        double a = 1 / (1 + Math.exp(-z));
        double y = x[3];
        return -(y * Math.log(a) + (1 - y) * Math.log(1 - a));
    }

    public static double gradient(double[] x, double[] grad) {
        double x1 = x[0];
        double x2 = x[1];
        double x3 = x[2];
        double z = x[4] * x1 + x[5] * x2 + x[6] * x3 + x[7];
        double a = 1 / (1 + Math.exp(-z));
        double y = x[3];
        double dz = a - y;
        grad[0] = dz * x1;
        grad[1] = dz * x2;
        grad[2] = dz * x3;
        grad[3] = dz;
        return -(y * Math.log(a) + (1 - y) * Math.log(1 - a));
    }
}
