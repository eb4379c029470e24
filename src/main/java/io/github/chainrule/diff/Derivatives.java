package io.github.chainrule.diff;

import io.github.chainrule.check.CheckedProgram;
import io.github.chainrule.graph.Graph;
import io.github.chainrule.graph.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * Every output's derivative with respect to every wrt variable, over the inputs alone: one reverse
 * sweep per output over the expanded graph. {@code byOutput.get(j).get(i)} is d outputs[j] / d
 * wrt[i].
 */
public record Derivatives(
        CheckedProgram program,
        List<String> outputs,
        List<String> wrt,
        List<Node> outputNodes,
        List<List<Node>> byOutput) {

    public static Derivatives of(CheckedProgram p, List<String> wrt) {
        Graph g = p.graph();
        List<Node> vars = new ArrayList<>();
        for (String w : wrt) {
            vars.add(g.variable(w));
        }
        List<Node> outs = new ArrayList<>();
        List<List<Node>> byOutput = new ArrayList<>();
        for (String o : p.outputs()) {
            Node out = p.outputValue(o);
            outs.add(out);
            byOutput.add(List.copyOf(Reverse.gradient(g, out, vars)));
        }
        return new Derivatives(
                p, p.outputs(), List.copyOf(wrt), List.copyOf(outs), List.copyOf(byOutput));
    }
}
