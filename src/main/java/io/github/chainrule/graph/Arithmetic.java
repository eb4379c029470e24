package io.github.chainrule.graph;

/**
 * The order of the floating-point operations of a sum and a product, defined once: the {@link
 * Evaluator} follows it, and so does the generated Java code, so that the two agree to the last
 * bit.
 *
 * <p><b>Sums</b> are added pairwise: a run of at most {@link #RUN} terms left to right, a longer
 * one as the sum of its two halves. A long sum is then a tree of depth about log₂ n instead of a
 * chain of n dependent additions, which the processor can overlap (floating-point addition does not
 * reassociate, so neither javac nor the JIT may do this for us), and pairwise summation is also the
 * more accurate of the two. Sums of up to {@link #RUN} terms keep the source order.
 *
 * <p><b>Negative powers.</b> A factor {@code x^-k} with {@code k >= 2} is computed as {@code
 * (1/x)^k}: the reciprocal {@code 1/x} is one division that every power of x in a product shares
 * (the derivative of {@code 1/r^3} is {@code -3/r^4}: the gradient then multiplies by the forward
 * pass's reciprocal instead of dividing again). A factor {@code x^-1} stays a division, which
 * rounds once.
 */
public final class Arithmetic {
    /** Runs of at most this many terms are added left to right. */
    public static final int RUN = 4;

    private Arithmetic() {}

    /**
     * Where the terms {@code [lo, hi)} of a sum are split in two, or -1 when they are added left to
     * right.
     */
    public static int split(int lo, int hi) {
        return hi - lo <= RUN ? -1 : lo + (hi - lo) / 2;
    }

    /** Whether a factor with exponent {@code e} is computed as a power of its reciprocal. */
    public static boolean byReciprocal(int e) {
        return e <= -2;
    }
}
