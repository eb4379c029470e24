package io.github.chainrule.graph;

/** x^k for a small positive integer k by repeated squaring, as generated code computes it. */
public final class IntPow {
    private IntPow() {}

    public static double pow(double x, int k) {
        double result = 1;
        boolean first = true;
        double base = x;
        while (k > 0) {
            if ((k & 1) != 0) {
                result = first ? base : result * base;
                first = false;
            }
            k >>= 1;
            if (k > 0) {
                base = base * base;
            }
        }
        return result;
    }
}
