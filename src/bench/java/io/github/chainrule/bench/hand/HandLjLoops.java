package io.github.chainrule.bench.hand;

/**
 * lj.chain (the indexed Lennard-Jones energy, any n) by hand: the coordinates as three arrays
 * (structure of arrays, as the indexed program takes them), so the inner loop over j reads each
 * array with unit stride; one division per pair; the forces on particle i accumulated in locals and
 * those on j subtracted in place. The gradient's layout is the generated class's: x's derivatives,
 * then y's, then z's ({@code Lj.offsetY(n) = n}, {@code Lj.offsetZ(n) = 2n}). No state, no
 * allocation.
 */
public final class HandLjLoops {
    private HandLjLoops() {}

    public static double forward(int n, double[] x, double[] y, double[] z) {
        double e = 0;
        for (int i = 0; i < n; i++) {
            double xi = x[i];
            double yi = y[i];
            double zi = z[i];
            for (int j = i + 1; j < n; j++) {
                double dx = xi - x[j];
                double dy = yi - y[j];
                double dz = zi - z[j];
                double inv = 1 / (dx * dx + dy * dy + dz * dz);
                double s6 = inv * inv * inv;
                e += s6 * s6 - s6;
            }
        }
        return 4 * e;
    }

    public static double gradient(int n, double[] x, double[] y, double[] z, double[] grad) {
        java.util.Arrays.fill(grad, 0, 3 * n, 0.0);
        int gy = n;
        int gz = 2 * n;
        double e = 0;
        for (int i = 0; i < n; i++) {
            double xi = x[i];
            double yi = y[i];
            double zi = z[i];
            double fxi = 0;
            double fyi = 0;
            double fzi = 0;
            for (int j = i + 1; j < n; j++) {
                double dx = xi - x[j];
                double dy = yi - y[j];
                double dz = zi - z[j];
                double inv = 1 / (dx * dx + dy * dy + dz * dz);
                double s6 = inv * inv * inv;
                e += s6 * s6 - s6;
                // dE/d(dx) = 2 dx dE/dr2, dE/dr2 = -12 s6 (2 s6 - 1) / r2
                double c = -24 * s6 * (2 * s6 - 1) * inv;
                double fx = c * dx;
                double fy = c * dy;
                double fz = c * dz;
                fxi += fx;
                fyi += fy;
                fzi += fz;
                grad[j] -= fx;
                grad[gy + j] -= fy;
                grad[gz + j] -= fz;
            }
            grad[i] += fxi;
            grad[gy + i] += fyi;
            grad[gz + i] += fzi;
        }
        return 4 * e;
    }
}
