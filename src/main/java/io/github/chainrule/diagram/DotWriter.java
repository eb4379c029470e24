package io.github.chainrule.diagram;

import io.github.chainrule.check.CheckedProgram;
import io.github.chainrule.eval.PointValues;
import io.github.chainrule.indexed.IndexedPoint;
import io.github.chainrule.indexed.IndexedProgram;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code chainrule graph} prints: the backpropagation diagram of a program as Graphviz DOT.
 * The forward pass runs left to right, each node showing what it computes; the backward pass runs
 * right to left in red, each edge labelled with its local partial and each node with its adjoint
 * dL/d(node), the sum over its users of the user's adjoint times the partial on the edge. At a
 * point, the nodes carry the forward values and the gradients there, the numbers of {@code derive
 * --at}. Output is deterministic and ASCII, whatever the names and the text.
 */
public final class DotWriter {
    /** Characters per line of the caption. */
    private static final int CAPTION_WIDTH = 90;

    private DotWriter() {}

    /** One node per input and per statement, or one per operation of the expression graph. */
    public enum Detail {
        STATEMENTS,
        OPERATIONS
    }

    /**
     * The diagram; {@code at} is null, or the point (a value for every input) to show values at.
     */
    public static String write(CheckedProgram program, Detail detail, Map<String, Double> at) {
        PointValues values = at == null ? null : PointValues.at(program, program.wrt(), at);
        DotDiagram diagram =
                switch (detail) {
                    case STATEMENTS -> new StatementDiagram(program, values).build();
                    case OPERATIONS -> new OperationDiagram(program, values).build();
                };
        return diagram.toDot();
    }

    /**
     * The diagram of an indexed program, a node per input and per assigned array in index notation
     * ({@link IndexedDiagram}); {@code at} is null, or the point to show values at.
     */
    public static String write(IndexedProgram program, IndexedPoint at) {
        IndexedNumbers numbers = at == null ? null : IndexedNumbers.at(program, at);
        return new IndexedDiagram(program, numbers).build().toDot();
    }

    /** The caption: what is drawn, at which point, and how to read the colours. */
    static List<DotDiagram.Line> title(CheckedProgram program, PointValues values, String what) {
        List<DotDiagram.Line> lines = new ArrayList<>();
        lines.add(DotDiagram.Line.bold(program.source().name() + ": " + what));
        if (values != null) {
            StringBuilder line = new StringBuilder("at ");
            int i = 0;
            for (Map.Entry<String, Double> e : values.at().entrySet()) {
                String item =
                        e.getKey()
                                + " = "
                                + DotText.number(e.getValue())
                                + (++i < values.at().size() ? "," : "");
                if (line.length() > 3 && line.length() + item.length() > CAPTION_WIDTH) {
                    lines.add(DotDiagram.Line.value(line.toString().stripTrailing()));
                    line.setLength(0);
                }
                line.append(item).append(' ');
            }
            lines.add(DotDiagram.Line.value(line.toString().stripTrailing()));
        }
        List<String> outputs = program.outputs();
        String l = outputs.size() == 1 ? outputs.get(0) : "L";
        lines.add(
                DotDiagram.Line.text(
                        "forward pass, left to right (dark arrows): each node computes its value"
                                + (values != null ? ", in green" : "")));
        lines.add(
                DotDiagram.Line.gradient(
                        "backward pass, right to left (red dashed arrows): each edge carries its"
                                + " local partial \u2202z/\u2202x, and"));
        lines.add(
                DotDiagram.Line.gradient(
                        "each node x its adjoint "
                                + adjointName(l, "x")
                                + " = the sum over the nodes z reading x of "
                                + adjointName(l, "z")
                                + " * \u2202z/\u2202x"
                                + (outputs.size() == 1 ? "" : ", for each output L")));
        lines.add(
                DotDiagram.Line.note(
                        "filled: the inputs differentiated (wrt); double circle: an output,"
                                + " where the backward pass starts with "
                                + adjointName(l, l)
                                + " = 1"));
        return lines;
    }

    /** {@code dL/dz}: the adjoint of {@code name} for output {@code output}. */
    static String adjointName(String output, String name) {
        return "d" + output + "/d" + name;
    }

    /** {@code ∂z/∂x}: the local partial of statement {@code z} with respect to {@code x}. */
    static String partialName(String of, String wrt) {
        return "\u2202" + of + "/\u2202" + wrt;
    }
}
