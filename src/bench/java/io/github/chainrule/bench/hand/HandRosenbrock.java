package io.github.chainrule.bench.hand;

/**
 * rosenbrock100.chain by hand: {@code sum 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2}, one loop each
 * way.
 */
public final class HandRosenbrock {
    private HandRosenbrock() {}

    public static double forward(double[] x) {
        double f = 0;
        for (int i = 0; i < x.length - 1; i++) {
            double xi = x[i];
            double t = x[i + 1] - xi * xi;
            double u = 1 - xi;
            f += 100 * t * t + u * u;
        }
        return f;
    }

    public static double gradient(double[] x, double[] grad) {
        double f = 0;
        double carried = 0; // 200 (x[i] - x[i-1]^2), the previous term's share of grad[i]
        int last = x.length - 1;
        for (int i = 0; i < last; i++) {
            double xi = x[i];
            double t = x[i + 1] - xi * xi;
            double u = 1 - xi;
            f += 100 * t * t + u * u;
            grad[i] = carried - 400 * t * xi - 2 * u;
            carried = 200 * t;
        }
        grad[last] = carried;
        return f;
    }
}
