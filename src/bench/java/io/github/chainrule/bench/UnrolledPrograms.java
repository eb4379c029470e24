package io.github.chainrule.bench;

import java.util.StringJoiner;

/**
 * The scalar programs that the indexed examples unroll into at given sizes (every element a name of
 * its own, every sum written out), for comparing the compiler's time on the two forms. lj at n = 20
 * and rosenbrock at n = 100 are the test programs lj20.chain and rosenbrock100.chain; the others
 * are written here.
 */
final class UnrolledPrograms {
    private UnrolledPrograms() {}

    /** oscillator.chain at T steps: x_t and v_t for every t. */
    static String oscillator(int steps) {
        StringBuilder sb = new StringBuilder();
        sb.append("# oscillator.chain unrolled, T = ").append(steps).append('\n');
        sb.append("input k, c, x0, v0, dt\n");
        sb.append("x_0 = x0\nv_0 = v0\n");
        for (int t = 1; t < steps; t++) {
            int p = t - 1;
            sb.append("x_").append(t).append(" = x_").append(p).append(" + dt * v_").append(p);
            sb.append('\n');
            sb.append("v_").append(t).append(" = v_").append(p);
            sb.append(" - dt * (k * x_").append(p).append(" + c * v_").append(p).append(")\n");
        }
        int last = steps - 1;
        sb.append("L = x_").append(last).append("^2 + v_").append(last).append("^2\n");
        return sb.toString();
    }

    /** logreg.chain at m samples of p features: z_s for every sample, then the mean loss. */
    static String logreg(int m, int p) {
        StringBuilder sb = new StringBuilder();
        sb.append("# logreg.chain unrolled, m = ")
                .append(m)
                .append(", p = ")
                .append(p)
                .append('\n');
        StringJoiner inputs = new StringJoiner(", ", "input ", "\n");
        for (int s = 0; s < m; s++) {
            for (int f = 0; f < p; f++) {
                inputs.add("X_" + s + "_" + f);
            }
        }
        for (int s = 0; s < m; s++) {
            inputs.add("y_" + s);
        }
        StringJoiner wrt = new StringJoiner(", ", "wrt ", ", b\n");
        for (int f = 0; f < p; f++) {
            inputs.add("w_" + f);
            wrt.add("w_" + f);
        }
        inputs.add("b");
        sb.append(inputs).append(wrt);
        StringJoiner loss = new StringJoiner(" + ", "L = (", ") / " + m + "\n");
        for (int s = 0; s < m; s++) {
            StringJoiner z = new StringJoiner(" + ", "z_" + s + " = ", " + b\n");
            for (int f = 0; f < p; f++) {
                z.add("X_" + s + "_" + f + " * w_" + f);
            }
            sb.append(z);
            loss.add("softplus(z_" + s + ") - y_" + s + " * z_" + s);
        }
        sb.append(loss);
        return sb.toString();
    }

    /** mlp784.chain with d inputs, h hidden units and k classes. */
    static String mlp(int d, int h, int k) {
        StringBuilder sb = new StringBuilder();
        sb.append("# mlp784.chain unrolled, d = ")
                .append(d)
                .append(", h = ")
                .append(h)
                .append(", k = ")
                .append(k)
                .append('\n');
        StringJoiner inputs = new StringJoiner(", ", "input ", "\n");
        StringJoiner wrt = new StringJoiner(", ", "wrt ", "\n");
        for (int i = 0; i < d; i++) {
            inputs.add("x_" + i);
        }
        for (int c = 0; c < k; c++) {
            inputs.add("label_" + c);
        }
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < d; i++) {
                inputs.add("W1_" + j + "_" + i);
                wrt.add("W1_" + j + "_" + i);
            }
        }
        for (int j = 0; j < h; j++) {
            inputs.add("b1_" + j);
            wrt.add("b1_" + j);
        }
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < h; j++) {
                inputs.add("W2_" + c + "_" + j);
                wrt.add("W2_" + c + "_" + j);
            }
        }
        for (int c = 0; c < k; c++) {
            inputs.add("b2_" + c);
            wrt.add("b2_" + c);
        }
        sb.append(inputs).append(wrt);
        for (int j = 0; j < h; j++) {
            StringJoiner z = new StringJoiner(" + ", "a_" + j + " = tanh(", " + b1_" + j + ")\n");
            for (int i = 0; i < d; i++) {
                z.add("W1_" + j + "_" + i + " * x_" + i);
            }
            sb.append(z);
        }
        StringJoiner exps = new StringJoiner(" + ", "L = log(", ")");
        StringJoiner dot = new StringJoiner(" - ", " - ", "\n");
        for (int c = 0; c < k; c++) {
            StringJoiner s = new StringJoiner(" + ", "s_" + c + " = ", " + b2_" + c + "\n");
            for (int j = 0; j < h; j++) {
                s.add("W2_" + c + "_" + j + " * a_" + j);
            }
            sb.append(s);
            exps.add("exp(s_" + c + ")");
            dot.add("label_" + c + " * s_" + c);
        }
        sb.append(exps).append(dot);
        return sb.toString();
    }
}
