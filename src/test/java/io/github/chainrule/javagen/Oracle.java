package io.github.chainrule.javagen;

import io.github.chainrule.check.CheckedProgram;
import io.github.chainrule.diff.Derivatives;
import io.github.chainrule.graph.Evaluator;
import io.github.chainrule.graph.Node;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What generated code must compute: the evaluator's values of the outputs and of their derivatives.
 */
final class Oracle {
    private Oracle() {}

    /** outputs[j] and jacobian[j][i] at a point given in input order. */
    record Values(double[] outputs, double[][] jacobian) {}

    static Values at(CheckedProgram p, Derivatives d, double[] x) {
        Map<String, Double> point = new LinkedHashMap<>();
        for (int i = 0; i < x.length; i++) {
            point.put(p.inputs().get(i), x[i]);
        }
        List<Node> roots = new ArrayList<>(d.outputNodes());
        for (List<Node> row : d.byOutput()) {
            roots.addAll(row);
        }
        double[] v = Evaluator.evaluate(p.graph(), roots, point);
        int m = d.outputNodes().size();
        double[] outs = new double[m];
        double[][] jac = new double[m][d.wrt().size()];
        for (int j = 0; j < m; j++) {
            outs[j] = v[d.outputNodes().get(j).id()];
            for (int i = 0; i < d.wrt().size(); i++) {
                jac[j][i] = v[d.byOutput().get(j).get(i).id()];
            }
        }
        return new Values(outs, jac);
    }

    static Values at(CheckedProgram p, double[] x) {
        return at(p, Derivatives.of(p, p.wrt()), x);
    }

    /**
     * Whether {@code actual} is within {@code rel} of {@code expected}, or within {@code abs} of
     * it: the absolute bound is for values that are 0, or that a computer algebra system's rounding
     * left a hair away from 0 (the corpus has d/du atan2(u, u) = -1.6e-142, which is exactly 0).
     */
    static boolean close(double actual, double expected, double rel, double abs) {
        if (Double.isNaN(expected) || Double.isNaN(actual)) {
            return Double.isNaN(expected) && Double.isNaN(actual);
        }
        if (Double.isInfinite(expected) || Double.isInfinite(actual)) {
            return actual == expected;
        }
        double diff = Math.abs(actual - expected);
        return diff <= Math.max(abs, rel * Math.abs(expected));
    }
}
