package io.github.chainrule.bench.hand;

/**
 * oscillator.chain by hand: a damped oscillator {@code x'' = -k x - c x'} integrated by explicit
 * Euler over T steps (T - 1 updates from x[0] = x0, v[0] = v0), loss {@code x[T-1]^2 + v[T-1]^2},
 * gradient with respect to (k, c, x0, v0, dt) in that order, as the generated class.
 *
 * <p>Two gradients, the two ways a careful human would write it: {@link #gradient} in reverse mode
 * (the trajectory stored on the way forward, in arrays that belong to the instance and grow when T
 * does; the adjoints run back through it), and {@link #gradientTangent} in forward mode (the five
 * tangents carried along with the state: no storage, ten more multiply-adds per step, and the
 * tangents' updates independent of each other). One instance per thread.
 */
public final class HandOscillator {
    private double[] xs = new double[0];
    private double[] vs = new double[0];

    public double forward(int steps, double k, double c, double x0, double v0, double dt) {
        double x = x0;
        double v = v0;
        for (int t = 1; t < steps; t++) {
            double xn = x + dt * v;
            v = v - dt * (k * x + c * v);
            x = xn;
        }
        return x * x + v * v;
    }

    /** Reverse mode: the forward sweep stores x[t] and v[t], the backward sweep reads them. */
    public double gradient(
            int steps, double k, double c, double x0, double v0, double dt, double[] grad) {
        if (xs.length < steps) {
            xs = new double[steps];
            vs = new double[steps];
        }
        double[] xs = this.xs;
        double[] vs = this.vs;
        double x = x0;
        double v = v0;
        for (int t = 1; t < steps; t++) {
            xs[t - 1] = x;
            vs[t - 1] = v;
            double xn = x + dt * v;
            v = v - dt * (k * x + c * v);
            x = xn;
        }
        double ax = 2 * x; // dL/dx[t]
        double av = 2 * v; // dL/dv[t]
        double gk = 0;
        double gc = 0;
        double gdt = 0;
        double damp = 1 - dt * c;
        double spring = -dt * k;
        for (int t = steps - 1; t >= 1; t--) {
            double xp = xs[t - 1];
            double vp = vs[t - 1];
            // x[t] = xp + dt vp, v[t] = vp - dt (k xp + c vp)
            gk -= av * dt * xp;
            gc -= av * dt * vp;
            gdt += ax * vp - av * (k * xp + c * vp);
            double axp = ax + av * spring;
            av = ax * dt + av * damp;
            ax = axp;
        }
        grad[0] = gk;
        grad[1] = gc;
        grad[2] = ax;
        grad[3] = av;
        grad[4] = gdt;
        return x * x + v * v;
    }

    /** Forward mode: d(x, v)/d(k, c, x0, v0, dt) carried along with (x, v). */
    public static double gradientTangent(
            int steps, double k, double c, double x0, double v0, double dt, double[] grad) {
        double x = x0;
        double v = v0;
        double xk = 0; // dx/dk
        double vk = 0;
        double xc = 0;
        double vc = 0;
        double xx = 1; // dx/dx0
        double vx = 0;
        double xv = 0; // dx/dv0
        double vv = 1;
        double xd = 0; // dx/ddt
        double vd = 0;
        double damp = 1 - dt * c;
        double spring = -dt * k;
        for (int t = 1; t < steps; t++) {
            double force = k * x + c * v;
            double nxk = xk + dt * vk;
            vk = spring * xk + damp * vk - dt * x;
            xk = nxk;
            double nxc = xc + dt * vc;
            vc = spring * xc + damp * vc - dt * v;
            xc = nxc;
            double nxx = xx + dt * vx;
            vx = spring * xx + damp * vx;
            xx = nxx;
            double nxv = xv + dt * vv;
            vv = spring * xv + damp * vv;
            xv = nxv;
            double nxd = xd + dt * vd + v;
            vd = spring * xd + damp * vd - force;
            xd = nxd;
            double xn = x + dt * v;
            v = v - dt * force;
            x = xn;
        }
        grad[0] = 2 * (x * xk + v * vk);
        grad[1] = 2 * (x * xc + v * vc);
        grad[2] = 2 * (x * xx + v * vx);
        grad[3] = 2 * (x * xv + v * vv);
        grad[4] = 2 * (x * xd + v * vd);
        return x * x + v * v;
    }
}
