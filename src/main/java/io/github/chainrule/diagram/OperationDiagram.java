package io.github.chainrule.diagram;

import io.github.chainrule.check.CheckedProgram;
import io.github.chainrule.diagram.DotDiagram.Box;
import io.github.chainrule.diagram.DotDiagram.Edge;
import io.github.chainrule.diagram.DotDiagram.Flow;
import io.github.chainrule.diagram.DotDiagram.Line;
import io.github.chainrule.diagram.DotDiagram.Shape;
import io.github.chainrule.diff.Partials;
import io.github.chainrule.diff.Reverse;
import io.github.chainrule.eval.PointValues;
import io.github.chainrule.graph.Evaluator;
import io.github.chainrule.graph.Graph;
import io.github.chainrule.graph.Node;
import io.github.chainrule.graph.Printer;
import io.github.chainrule.graph.Tidy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The diagram at the level of operations: every node of the expression graph the statements compute
 * over the inputs (hash-consed, so a sub-expression used twice is drawn once), with the local
 * partial of {@link Partials} on each backward edge and the adjoint of {@link Reverse} on each
 * node: exactly the sweep the generated code performs. Statements label the node that holds their
 * value.
 */
final class OperationDiagram {
    /**
     * An unnamed node's adjoint is written d(output)/d(its text) when the text is this short, else
     * d(output)/d(node).
     */
    private static final int SHORT = 16;

    /**
     * An adjoint larger than this as a tree is not written out: it would not fit on the picture,
     * and printing the deep expressions of a long program costs more than drawing it.
     */
    private static final int ADJOINT_TREE = 200;

    private final CheckedProgram program;
    private final Graph g;
    private final PointValues values;

    /** Value node id → the first statement computing it, for printing. */
    private final Map<Integer, String> named = new HashMap<>();

    private final Printer printer = new Printer(named);

    /** Value node id → every statement whose value it is. */
    private final Map<Integer, List<String>> statements = new HashMap<>();

    /** The nodes drawn, ascending (children first). */
    private final int[] ids;

    /** Graph id → place among the nodes drawn. */
    private final Map<Integer, Integer> ordinal = new HashMap<>();

    /** The nodes some output depends on; the others are drawn grey. */
    private final Set<Integer> used = new HashSet<>();

    /** For each output, its adjoints by node id (only the non-zero ones). */
    private final List<Map<Integer, Node>> adjoints = new ArrayList<>();

    /** (node id, child index) → local partial, for the edges of nodes that have an adjoint. */
    private final Map<Long, Node> partials = new HashMap<>();

    private double[] numbers;

    OperationDiagram(CheckedProgram program, PointValues values) {
        this.program = program;
        this.g = program.graph();
        this.values = values;
        List<Node> roots = new ArrayList<>();
        for (String input : program.inputs()) {
            roots.add(g.variable(input));
        }
        for (CheckedProgram.Definition d : program.definitions()) {
            Node v = d.value();
            roots.add(v);
            statements.computeIfAbsent(v.id(), k -> new ArrayList<>()).add(d.name());
            if (!(v instanceof Node.Var) && !(v instanceof Node.Const)) {
                named.putIfAbsent(v.id(), d.name());
            }
        }
        this.ids = Evaluator.reachableIds(roots);
        for (int i = 0; i < ids.length; i++) {
            ordinal.put(ids[i], i);
        }
        List<Node> outputs = new ArrayList<>();
        program.outputs().forEach(o -> outputs.add(program.outputValue(o)));
        for (int id : Evaluator.reachableIds(outputs)) {
            used.add(id);
        }
        for (String o : program.outputs()) {
            adjoints.add(
                    Reverse.adjoints(g, List.of(program.outputValue(o)), List.of(g.constant(1))));
        }
        for (int id : ids) {
            Node n = g.node(id);
            if (!hasAdjoint(id)) {
                continue;
            }
            for (int i = 0; i < n.children().size(); i++) {
                Node child = n.children().get(i);
                if (child instanceof Node.Const || Node.isCondition(child)) {
                    continue;
                }
                Optional<Node> partial = Partials.partial(g, n, i);
                if (partial.isPresent() && !(partial.get() instanceof Node.Const c && c.is(0))) {
                    partials.put(edgeKey(id, i), partial.get());
                }
            }
        }
        if (values != null) {
            List<Node> all = new ArrayList<>(roots);
            adjoints.forEach(m -> all.addAll(m.values()));
            all.addAll(partials.values());
            numbers = Evaluator.evaluate(g, all, values.at());
        }
    }

    DotDiagram build() {
        DotDiagram d =
                new DotDiagram(
                        DotWriter.title(program, values, "the chain rule, operation by operation"));
        for (int id : ids) {
            d.add(box(g.node(id)));
        }
        for (String o : program.outputs()) {
            d.add(new Box(outputId(o), Shape.OUTPUT, false, List.of(Line.bold(o)), "output " + o));
        }
        for (int id : ids) {
            Node n = g.node(id);
            for (int i = 0; i < n.children().size(); i++) {
                Node child = n.children().get(i);
                d.add(
                        new Edge(
                                nodeId(child),
                                nodeId(n),
                                Node.isCondition(child) ? Flow.CONDITION : Flow.FORWARD,
                                List.of(),
                                null));
                Node partial = partials.get(edgeKey(id, i));
                if (partial != null) {
                    d.add(backwardEdge(child, n, partial));
                }
            }
        }
        for (String o : program.outputs()) {
            Node v = program.outputValue(o);
            d.add(new Edge(nodeId(v), outputId(o), Flow.FORWARD, List.of(), null));
            String seed = DotWriter.adjointName(o, o) + " = 1";
            d.add(
                    new Edge(
                            nodeId(v),
                            outputId(o),
                            Flow.BACKWARD,
                            List.of(Line.text(seed)),
                            "the seed of the backward pass: " + seed));
        }
        return d;
    }

    private Box box(Node n) {
        List<Line> lines = new ArrayList<>();
        List<String> tip = new ArrayList<>();
        List<String> names = statements.getOrDefault(n.id(), List.of());
        Shape shape;
        String title;
        if (n instanceof Node.Var v) {
            boolean wrt = program.wrt().contains(v.name());
            shape = wrt ? Shape.WRT_INPUT : Shape.INPUT;
            title = v.name();
            lines.add(Line.bold(title));
            tip.add("input " + v.name() + (wrt ? " (wrt)" : ""));
        } else if (n instanceof Node.Const c) {
            shape = Shape.CONSTANT;
            title = DotText.number(c.value());
            lines.add(Line.text(title));
            tip.add("constant " + DotText.exact(c.value()));
        } else {
            shape = Shape.OPERATION;
            Map<Integer, String> self = new DotText.Hiding(named, n.id());
            String prefix = names.isEmpty() ? "" : String.join(" = ", names) + " = ";
            String text = DotText.print(self, n);
            for (String line : DotText.wrap(prefix + text, 2)) {
                lines.add(Line.bold(line));
            }
            tip.add(prefix + DotText.tooltip(text));
            title =
                    !names.isEmpty()
                            ? names.get(0)
                            : "(" + (text.length() <= SHORT ? text : "node") + ")";
        }
        if ((shape != Shape.OPERATION) && !names.isEmpty()) {
            lines.add(Line.note("= " + String.join(", ", names)));
        }
        boolean unused = !used.contains(n.id());
        if (values != null && shape != Shape.CONSTANT) {
            double v = valueOf(n, names);
            String shown = Node.isCondition(n) ? (v != 0 ? "true" : "false") : DotText.number(v);
            String valueName = shape == Shape.OPERATION && names.isEmpty() ? "value" : title;
            lines.add(Line.value(valueName + " = " + shown));
            tip.add(valueName + " = " + DotText.exact(v));
        }
        for (int j = 0; j < adjoints.size(); j++) {
            Node adjoint = adjoints.get(j).get(n.id());
            if (adjoint == null) {
                continue;
            }
            String o = program.outputs().get(j);
            String adjointName = "d" + o + "/d" + title;
            if (values != null) {
                double v = gradientOf(j, n, adjoint);
                lines.add(Line.gradient(adjointName + " = " + DotText.number(v)));
                tip.add(adjointName + " = " + DotText.exact(v));
            } else {
                String text =
                        DotText.treeSize(named, adjoint, ADJOINT_TREE) <= ADJOINT_TREE
                                ? DotText.print(named, Tidy.tidy(g, adjoint, printer))
                                : DotText.ELLIPSIS
                                        + " (too long to show: see the numbers with --at)";
                for (String line : DotText.wrap(adjointName + " = " + text, 2)) {
                    lines.add(Line.gradient(line));
                }
                tip.add(adjointName + " = " + DotText.tooltip(text));
            }
        }
        return new Box(nodeId(n), shape, unused, lines, String.join("\n", tip));
    }

    private Edge backwardEdge(Node child, Node parent, Node partial) {
        List<Line> label = new ArrayList<>();
        String text = DotText.print(named, partial);
        for (String line : DotText.wrap(text, 2)) {
            label.add(Line.text(line));
        }
        String tip = "local partial = " + DotText.tooltip(text);
        if (values != null && !(partial instanceof Node.Const)) {
            double v = numbers[partial.id()];
            label.add(Line.text("= " + DotText.number(v)));
            tip += "\n= " + DotText.exact(v);
        }
        return new Edge(nodeId(child), nodeId(parent), Flow.BACKWARD, label, tip);
    }

    /** The outputs' values and the wrt inputs' gradients are derive's own numbers. */
    private double valueOf(Node n, List<String> names) {
        for (String name : names) {
            Double out = values.outputs().get(name);
            if (out != null) {
                return out;
            }
        }
        return numbers[n.id()];
    }

    private double gradientOf(int j, Node n, Node adjoint) {
        if (n instanceof Node.Var v) {
            Double derived = values.derivatives().get(program.outputs().get(j)).get(v.name());
            if (derived != null) {
                return derived;
            }
        }
        return numbers[adjoint.id()];
    }

    private boolean hasAdjoint(int id) {
        for (Map<Integer, Node> m : adjoints) {
            if (m.containsKey(id)) {
                return true;
            }
        }
        return false;
    }

    private static long edgeKey(int id, int child) {
        return ((long) id << 32) | child;
    }

    /**
     * Inputs by name, other nodes by their place among the nodes drawn (children first), not by
     * their id in the graph, which counts every node the compiler ever made.
     */
    private String nodeId(Node n) {
        return n instanceof Node.Var v ? "in_" + v.name() : "n" + ordinal.get(n.id());
    }

    private static String outputId(String name) {
        return "out_" + name;
    }
}
