package io.github.chainrule.bench.ds;

import org.apache.commons.math3.analysis.differentiation.DSCompiler;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;

/**
 * The benchmark programs written with commons-math3's {@link DerivativeStructure}: forward-mode
 * automatic differentiation, what a Java user reaches for today. Each wrt variable is {@code new
 * DerivativeStructure(nVars, 1, i, x_i)}, other inputs are plain doubles, and the function is
 * written as a user would, with loops. Every method returns the value and fills {@code grad} (same
 * layouts as the generated classes).
 */
public final class DsFunctions {
    private DsFunctions() {}

    public static double neuron(double[] x, double[] grad) {
        int n = 4;
        DerivativeStructure z = new DerivativeStructure(n, 1, 3, x[7]);
        for (int i = 0; i < 3; i++) {
            z = z.add(new DerivativeStructure(n, 1, i, x[4 + i]).multiply(x[i]));
        }
        DerivativeStructure a = sigmoid(z);
        double y = x[3];
        DerivativeStructure l =
                a.log().multiply(y).add(a.negate().add(1).log().multiply(1 - y)).negate();
        return extract(l, grad);
    }

    public static double mlp(double[] x, double[] grad) {
        int n = 49;
        DerivativeStructure yhat = new DerivativeStructure(n, 1, 48, x[53]);
        for (int j = 0; j < 8; j++) {
            int r = 5 + 5 * j;
            DerivativeStructure z = new DerivativeStructure(n, 1, 5 * j + 4, x[r + 4]);
            for (int i = 0; i < 4; i++) {
                z = z.add(new DerivativeStructure(n, 1, 5 * j + i, x[r + i]).multiply(x[i]));
            }
            yhat = yhat.add(new DerivativeStructure(n, 1, 40 + j, x[45 + j]).multiply(z.tanh()));
        }
        DerivativeStructure e = yhat.subtract(x[4]);
        return extract(e.multiply(e).divide(2), grad);
    }

    public static double rosenbrock(double[] x, double[] grad) {
        int n = x.length;
        DerivativeStructure[] v = variables(x);
        DerivativeStructure f = new DerivativeStructure(n, 1, 0.0);
        for (int i = 0; i < n - 1; i++) {
            DerivativeStructure t = v[i + 1].subtract(v[i].multiply(v[i]));
            DerivativeStructure u = v[i].negate().add(1);
            f = f.add(t.multiply(t).multiply(100)).add(u.multiply(u));
        }
        return extract(f, grad);
    }

    public static double lj(double[] x, double[] grad) {
        int n = x.length;
        DerivativeStructure[] v = variables(x);
        DerivativeStructure e = new DerivativeStructure(n, 1, 0.0);
        for (int i = 0; i < n / 3; i++) {
            for (int j = i + 1; j < n / 3; j++) {
                DerivativeStructure dx = v[3 * i].subtract(v[3 * j]);
                DerivativeStructure dy = v[3 * i + 1].subtract(v[3 * j + 1]);
                DerivativeStructure dz = v[3 * i + 2].subtract(v[3 * j + 2]);
                DerivativeStructure r2 = dx.multiply(dx).add(dy.multiply(dy)).add(dz.multiply(dz));
                DerivativeStructure s6 = r2.multiply(r2).multiply(r2).reciprocal();
                e = e.add(s6.multiply(s6).subtract(s6).multiply(4));
            }
        }
        return extract(e, grad);
    }

    public static double chain(double[] x, double[] grad) {
        DerivativeStructure v = new DerivativeStructure(2, 1, 0, x[0]);
        DerivativeStructure a = new DerivativeStructure(2, 1, 1, x[1]);
        for (int k = 0; k < 1000; k++) {
            v = v.sin().multiply(a).add(v.multiply(0.1));
        }
        return extract(v, grad);
    }

    static DerivativeStructure sigmoid(DerivativeStructure z) {
        return z.negate().exp().add(1).reciprocal();
    }

    static DerivativeStructure[] variables(double[] x) {
        DerivativeStructure[] v = new DerivativeStructure[x.length];
        for (int i = 0; i < x.length; i++) {
            v[i] = new DerivativeStructure(x.length, 1, i, x[i]);
        }
        return v;
    }

    /**
     * The value of {@code f}, and its first partial derivatives into {@code grad} in variable
     * order.
     */
    static double extract(DerivativeStructure f, double[] grad) {
        double[] all = f.getAllDerivatives();
        int[] index = Layout.of(f.getFreeParameters());
        for (int i = 0; i < grad.length; i++) {
            grad[i] = all[index[i]];
        }
        return all[0];
    }

    /**
     * Where each first derivative sits in {@link DerivativeStructure#getAllDerivatives()}: computed
     * once per size.
     */
    private static final class Layout {
        private static final int[][] CACHE = new int[256][];

        static int[] of(int nVars) {
            int[] index = CACHE[nVars];
            if (index == null) {
                DSCompiler compiler = DSCompiler.getCompiler(nVars, 1);
                index = new int[nVars];
                for (int i = 0; i < nVars; i++) {
                    int[] orders = new int[nVars];
                    orders[i] = 1;
                    index[i] = compiler.getPartialDerivativeIndex(orders);
                }
                CACHE[nVars] = index;
            }
            return index;
        }
    }
}
