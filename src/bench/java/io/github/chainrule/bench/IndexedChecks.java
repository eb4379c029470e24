package io.github.chainrule.bench;

import io.github.chainrule.bench.generated.Lj;
import io.github.chainrule.bench.generated.Lj20;
import java.util.ArrayList;
import java.util.List;

/** Checks between the indexed and the scalar generated classes. */
final class IndexedChecks {
    private IndexedChecks() {}

    /**
     * lj.chain at n = 20 against lj20.chain (the same energy unrolled into 2,300 statements) at the
     * same particles: the scalar class takes x0, y0, z0, x1, …, the indexed one three arrays, and
     * their gradients are laid out the same ways.
     */
    static List<String> ljAgainstScalar() {
        int n = 20;
        double[][] in = IndexedPoints.lj(n);
        double[] interleaved = Points.lj20();
        for (int p = 0; p < n; p++) {
            for (int c = 0; c < 3; c++) {
                if (interleaved[3 * p + c] != in[c][p]) {
                    throw new IllegalStateException(
                            "IndexedPoints.lj(20) is not Points.lj20() at particle " + p);
                }
            }
        }
        double[] scalarGrad = new double[Lj20.wrt().size()];
        double scalarValue = Lj20.gradient(interleaved, scalarGrad);
        double[] indexedGrad = new double[Lj.gradLength(n)];
        double indexedValue = Lj.gradient(n, in[0], in[1], in[2], indexedGrad);
        double[] permuted = new double[indexedGrad.length];
        for (int p = 0; p < n; p++) {
            for (int c = 0; c < 3; c++) {
                permuted[3 * p + c] = indexedGrad[c * n + p];
            }
        }
        List<String> report = new ArrayList<>();
        Checks.check(
                "lj n=20: indexed generated vs scalar lj20.chain",
                Checks.concat(scalarValue, scalarGrad),
                Checks.concat(indexedValue, permuted),
                report,
                Checks.INDEXED_TOLERANCE);
        return report;
    }
}
