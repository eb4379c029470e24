package io.github.chainrule.eval;

import io.github.chainrule.check.CheckedProgram;
import io.github.chainrule.diff.Derivatives;
import io.github.chainrule.graph.Evaluator;
import io.github.chainrule.graph.Node;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A program evaluated at a point: its outputs and their derivatives there, from the expanded graph.
 * What {@code derive --at} prints and what the diagrams write beside each node.
 */
public record PointValues(
        Map<String, Double> at,
        Map<String, Double> outputs,
        Map<String, Map<String, Double>> derivatives) {

    /**
     * {@code program}'s outputs and their derivatives with respect to {@code wrt} at {@code at}.
     */
    public static PointValues at(CheckedProgram program, List<String> wrt, Map<String, Double> at) {
        Derivatives d = Derivatives.of(program, wrt);
        List<Node> roots = new ArrayList<>(d.outputNodes());
        d.byOutput().forEach(roots::addAll);
        double[] v = Evaluator.evaluate(program.graph(), roots, at);
        Map<String, Double> outputs = new LinkedHashMap<>();
        Map<String, Map<String, Double>> derivatives = new LinkedHashMap<>();
        for (int j = 0; j < d.outputs().size(); j++) {
            outputs.put(d.outputs().get(j), v[d.outputNodes().get(j).id()]);
            Map<String, Double> row = new LinkedHashMap<>();
            for (int i = 0; i < wrt.size(); i++) {
                row.put(wrt.get(i), v[d.byOutput().get(j).get(i).id()]);
            }
            derivatives.put(d.outputs().get(j), row);
        }
        return new PointValues(at, outputs, derivatives);
    }
}
