package io.github.chainrule.bench.hand;

/**
 * lj20.chain by hand: the Lennard-Jones energy {@code sum over pairs 4 (s^2 - s)} with {@code s = 1
 * / r^6}, and its gradient (minus the forces), one division per pair. Input layout x0, y0, z0, x1,
 * …
 */
public final class HandLj {
    private HandLj() {}

    public static double forward(double[] x) {
        int n = x.length / 3;
        double e = 0;
        for (int i = 0; i < n; i++) {
            double xi = x[3 * i];
            double yi = x[3 * i + 1];
            double zi = x[3 * i + 2];
            for (int j = i + 1; j < n; j++) {
                double dx = xi - x[3 * j];
                double dy = yi - x[3 * j + 1];
                double dz = zi - x[3 * j + 2];
                double inv = 1 / (dx * dx + dy * dy + dz * dz);
                double s6 = inv * inv * inv;
                e += s6 * s6 - s6;
            }
        }
        return 4 * e;
    }

    public static double gradient(double[] x, double[] grad) {
        int n = x.length / 3;
        java.util.Arrays.fill(grad, 0.0);
        double e = 0;
        for (int i = 0; i < n; i++) {
            double xi = x[3 * i];
            double yi = x[3 * i + 1];
            double zi = x[3 * i + 2];
            double gx = 0;
            double gy = 0;
            double gz = 0;
            for (int j = i + 1; j < n; j++) {
                double dx = xi - x[3 * j];
                double dy = yi - x[3 * j + 1];
                double dz = zi - x[3 * j + 2];
                double inv = 1 / (dx * dx + dy * dy + dz * dz);
                double s6 = inv * inv * inv;
                e += s6 * s6 - s6;
                // dE/d(dx) = 2 dx dE/dr2, dE/dr2 = -12 s6 (2 s6 - 1) / r2
                double c = -24 * s6 * (2 * s6 - 1) * inv;
                double fx = c * dx;
                double fy = c * dy;
                double fz = c * dz;
                gx += fx;
                gy += fy;
                gz += fz;
                grad[3 * j] -= fx;
                grad[3 * j + 1] -= fy;
                grad[3 * j + 2] -= fz;
            }
            grad[3 * i] += gx;
            grad[3 * i + 1] += gy;
            grad[3 * i + 2] += gz;
        }
        return 4 * e;
    }
}
