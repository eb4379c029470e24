package io.github.chainrule.bench.hand;

/**
 * rosenbrock.chain (the indexed Rosenbrock function, any n) by hand: {@code sum 100 (x[i+1] -
 * x[i]^2)^2 + (1 - x[i])^2}. The gradient's element i gathers the two terms that read x[i] and
 * recomputes the previous term's {@code x[i] - x[i-1]^2} instead of carrying it from the previous
 * iteration: no value flows from one iteration to the next but the sum, so the loop can run several
 * elements at a time. No state, no allocation.
 */
public final class HandRosenbrockLoops {
    private HandRosenbrockLoops() {}

    public static double forward(int n, double[] x) {
        double f = 0;
        for (int i = 0; i < n - 1; i++) {
            double xi = x[i];
            double t = x[i + 1] - xi * xi;
            double u = 1 - xi;
            f += 100 * t * t + u * u;
        }
        return f;
    }

    public static double gradient(int n, double[] x, double[] grad) {
        if (n == 1) {
            grad[0] = 0;
            return 0;
        }
        double x0 = x[0];
        double t0 = x[1] - x0 * x0;
        double u0 = 1 - x0;
        double f = 100 * t0 * t0 + u0 * u0;
        grad[0] = -400 * t0 * x0 - 2 * u0;
        for (int i = 1; i < n - 1; i++) {
            double xp = x[i - 1];
            double xi = x[i];
            double t = x[i + 1] - xi * xi;
            double u = 1 - xi;
            f += 100 * t * t + u * u;
            grad[i] = 200 * (xi - xp * xp) - 400 * t * xi - 2 * u;
        }
        double xp = x[n - 2];
        grad[n - 1] = 200 * (x[n - 1] - xp * xp);
        return f;
    }
}
