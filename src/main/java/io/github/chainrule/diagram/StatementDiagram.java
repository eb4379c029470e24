package io.github.chainrule.diagram;

import io.github.chainrule.check.CheckedProgram;
import io.github.chainrule.diagram.DotDiagram.Box;
import io.github.chainrule.diagram.DotDiagram.Edge;
import io.github.chainrule.diagram.DotDiagram.Flow;
import io.github.chainrule.diagram.DotDiagram.Line;
import io.github.chainrule.diagram.DotDiagram.Shape;
import io.github.chainrule.diff.Backprop;
import io.github.chainrule.eval.PointValues;
import io.github.chainrule.graph.Evaluator;
import io.github.chainrule.graph.Graph;
import io.github.chainrule.graph.Node;
import io.github.chainrule.graph.Printer;
import io.github.chainrule.graph.Tidy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The diagram at the level of statements, as {@code derive} prints the backward pass: a node per
 * input and per assignment {@code z = f(x, y)}, an edge from each name a statement reads, and in
 * red the same edges backwards, labelled with the local partials ∂z/∂x of {@link Backprop}. Each
 * node shows its adjoint dL/dz as the chain rule builds it (upstream times local, summed over the
 * statements that read it), or, at a point, its value and gradient there.
 */
final class StatementDiagram {
    /** More users than this are summarised in a node's adjoint as "+ … (n terms)". */
    private static final int MAX_TERMS = 3;

    /**
     * An adjoint larger than this as a tree (over names) is not written out: it would not fit on
     * the picture, and printing deep expressions costs more than drawing them.
     */
    private static final int CLOSED_FORM_TREE = 120;

    private final CheckedProgram program;
    private final Graph g;

    /** Null, or the point with derive's outputs and derivatives there. */
    private final PointValues values;

    /**
     * Prints a statement's own expression (over the names it reads) as its name, as derive does.
     */
    private final Map<Integer, String> named = new HashMap<>();

    private final Printer printer = new Printer(named);
    private final Map<String, List<Backprop.Local>> locals;
    private final List<Backprop.Pass> passes = new ArrayList<>();

    /**
     * A statement reading a name, and its local partial with respect to it: one term of the name's
     * adjoint.
     */
    private record Use(String statement, Node partial) {}

    /**
     * For each pass, name → the uses that add into its adjoint, in the order the backward pass adds
     * them.
     */
    private final List<Map<String, List<Use>>> users = new ArrayList<>();

    /** Every name read by some statement. */
    private final Set<String> read = new HashSet<>();

    /** At a point: every name's value, then every node over names evaluated there. */
    private final Map<String, Double> env = new LinkedHashMap<>();

    private double[] numbers;

    StatementDiagram(CheckedProgram program, PointValues values) {
        this.program = program;
        this.g = program.graph();
        this.values = values;
        for (CheckedProgram.Definition d : program.definitions()) {
            if (!(d.local() instanceof Node.Var) && !(d.local() instanceof Node.Const)) {
                named.putIfAbsent(d.local().id(), d.name());
            }
            read.addAll(d.reads());
        }
        this.locals = Backprop.locals(program);
        for (String o : program.outputs()) {
            Backprop.Pass pass = Backprop.pass(program, locals, o);
            passes.add(pass);
            Map<String, List<Use>> into = new HashMap<>();
            for (Backprop.Step step : pass.steps()) {
                for (Backprop.Contribution c : step.contributions()) {
                    into.computeIfAbsent(c.read(), k -> new ArrayList<>())
                            .add(new Use(step.definition().name(), c.partial()));
                }
            }
            users.add(into);
        }
        if (values != null) {
            evaluate();
        }
    }

    /** Values of the statements over the inputs, then adjoints and partials over the names. */
    private void evaluate() {
        List<Node> roots = new ArrayList<>();
        program.definitions().forEach(d -> roots.add(d.value()));
        double[] v = Evaluator.evaluate(g, roots, values.at());
        env.putAll(values.at());
        program.definitions().forEach(d -> env.put(d.name(), v[d.value().id()]));
        List<Node> overNames = new ArrayList<>();
        for (Backprop.Pass pass : passes) {
            overNames.addAll(pass.adjoints().values());
        }
        locals.values().forEach(ls -> ls.forEach(l -> overNames.add(l.partial())));
        numbers = Evaluator.evaluate(g, overNames, env);
    }

    DotDiagram build() {
        DotDiagram d =
                new DotDiagram(
                        DotWriter.title(program, values, "the chain rule, statement by statement"));
        for (String input : program.inputs()) {
            d.add(inputBox(input));
        }
        for (CheckedProgram.Definition def : program.definitions()) {
            d.add(statementBox(def));
        }
        for (String o : program.outputs()) {
            d.add(new Box(outputId(o), Shape.OUTPUT, false, List.of(Line.bold(o)), "output " + o));
        }
        for (CheckedProgram.Definition def : program.definitions()) {
            boolean live = isLive(def.name());
            Map<String, Node> partials = new HashMap<>();
            for (Backprop.Local l : locals.get(def.name())) {
                partials.put(l.read(), l.partial());
            }
            for (String r : def.reads()) {
                d.add(new Edge(id(r), statementId(def.name()), Flow.FORWARD, List.of(), null));
                Node partial = partials.get(r);
                if (live && !isZero(partial)) {
                    d.add(backwardEdge(def.name(), r, partial));
                }
            }
        }
        for (String o : program.outputs()) {
            d.add(new Edge(statementId(o), outputId(o), Flow.FORWARD, List.of(), null));
            String seed = DotWriter.adjointName(o, o) + " = 1";
            d.add(
                    new Edge(
                            statementId(o),
                            outputId(o),
                            Flow.BACKWARD,
                            List.of(Line.text(seed)),
                            "the seed of the backward pass: " + seed));
        }
        return d;
    }

    // ---- nodes
    // ------------------------------------------------------------------------------------

    private Box inputBox(String name) {
        boolean wrt = program.wrt().contains(name);
        List<Line> lines = new ArrayList<>();
        List<String> tip = new ArrayList<>();
        lines.add(Line.bold(name));
        tip.add("input " + name + (wrt ? " (wrt)" : ""));
        boolean unused = !read.contains(name);
        if (unused) {
            lines.add(Line.note("not used"));
        }
        addValueAndGradients(name, lines, tip);
        return new Box(
                id(name),
                wrt ? Shape.WRT_INPUT : Shape.INPUT,
                unused,
                lines,
                String.join("\n", tip));
    }

    private Box statementBox(CheckedProgram.Definition def) {
        String name = def.name();
        List<Line> lines = new ArrayList<>();
        List<String> tip = new ArrayList<>();
        String text = DotText.print(Map.of(), def.local());
        for (String line : DotText.wrap(name + " = " + text, 3)) {
            lines.add(Line.bold(line));
        }
        tip.add(name + " = " + DotText.tooltip(text));
        boolean unused = !isLive(name);
        if (unused) {
            lines.add(Line.note("no output uses it"));
        }
        addValueAndGradients(name, lines, tip);
        return new Box(statementId(name), Shape.STATEMENT, unused, lines, String.join("\n", tip));
    }

    /**
     * Symbolically: for each output the name contributes to, its adjoint as the chain rule builds
     * it ({@code dL/dz = dL/da * a*(1 - a)}) and, when short, what that comes to. At a point: the
     * value and each output's gradient there.
     */
    private void addValueAndGradients(String name, List<Line> lines, List<String> tip) {
        if (values != null) {
            double v = valueOf(name);
            lines.add(Line.value(name + " = " + DotText.number(v)));
            tip.add(name + " = " + DotText.exact(v));
        }
        for (int j = 0; j < passes.size(); j++) {
            Backprop.Pass pass = passes.get(j);
            String o = pass.output();
            Node adjoint = pass.adjoints().get(name);
            if (adjoint == null) {
                continue;
            }
            String adjointName = DotWriter.adjointName(o, name);
            if (values != null) {
                double v = gradientOf(j, name, adjoint);
                lines.add(Line.gradient(adjointName + " = " + DotText.number(v)));
                tip.add(adjointName + " = " + DotText.exact(v));
                continue;
            }
            if (name.equals(o)) {
                lines.add(Line.gradient(adjointName + " = 1"));
                tip.add(adjointName + " = 1 (the seed)");
                continue;
            }
            String chain = chainText(o, users.get(j).getOrDefault(name, List.of()));
            for (String line : DotText.wrap(adjointName + " = " + chain, 2)) {
                lines.add(Line.gradient(line));
            }
            String tipLine = adjointName + " = " + chain;
            if (DotText.treeSize(named, adjoint, CLOSED_FORM_TREE) <= CLOSED_FORM_TREE) {
                String full = DotText.print(named, Tidy.tidy(g, adjoint, printer));
                if (!full.equals(chain)) {
                    if (full.length() <= DotText.WIDTH - 2) {
                        lines.add(Line.gradient("= " + full));
                    }
                    tipLine += " = " + DotText.tooltip(full);
                }
            }
            tip.add(tipLine);
        }
    }

    /**
     * {@code dL/da * a*(1 - a) + dL/db * 2}: upstream times local, over the statements reading the
     * name.
     */
    private String chainText(String output, List<Use> into) {
        List<String> terms = new ArrayList<>();
        for (int i = 0; i < into.size() && i < MAX_TERMS; i++) {
            Use u = into.get(i);
            String upstream = DotWriter.adjointName(output, u.statement());
            terms.add(isOne(u.partial()) ? upstream : upstream + " * " + factor(u.partial()));
        }
        String text = String.join(" + ", terms);
        if (into.size() > MAX_TERMS) {
            text += " + " + DotText.ELLIPSIS + " (" + into.size() + " terms)";
        }
        return text;
    }

    /** The partial as a factor of a product: in parentheses when it is a sum or negative. */
    private String factor(Node n) {
        String text = DotText.print(named, n);
        boolean negative =
                n instanceof Node.Const c && c.value() < 0
                        || n instanceof Node.Product p && p.coefficient() < 0;
        return Printer.printsAsSum(n) || negative ? "(" + text + ")" : text;
    }

    private Edge backwardEdge(String statement, String r, Node partial) {
        List<Line> label = new ArrayList<>();
        String head = DotWriter.partialName(statement, r) + " = ";
        String text = DotText.print(named, partial);
        for (String line : DotText.wrap(head + text, 2)) {
            label.add(Line.text(line));
        }
        String tip = "local partial d" + statement + "/d" + r + " = " + DotText.tooltip(text);
        if (values != null && !(partial instanceof Node.Const)) {
            double v = numbers[partial.id()];
            label.add(Line.text("= " + DotText.number(v)));
            tip += "\n= " + DotText.exact(v);
        }
        return new Edge(id(r), statementId(statement), Flow.BACKWARD, label, tip);
    }

    // ---- numbers --------------------------------------------------------------------------------

    /** The outputs' values and the wrt inputs' gradients are derive's own numbers. */
    private double valueOf(String name) {
        Double out = values.outputs().get(name);
        return out != null ? out : env.get(name);
    }

    private double gradientOf(int j, String name, Node adjoint) {
        Map<String, Double> row = values.derivatives().get(passes.get(j).output());
        Double derived = row == null ? null : row.get(name);
        return derived != null ? derived : numbers[adjoint.id()];
    }

    private boolean isLive(String name) {
        for (Backprop.Pass pass : passes) {
            if (pass.adjoints().containsKey(name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isZero(Node n) {
        return n == null || n instanceof Node.Const c && c.is(0);
    }

    private static boolean isOne(Node n) {
        return n instanceof Node.Const c && c.is(1);
    }

    // ---- ids ------------------------------------------------------------------------------------

    private String id(String name) {
        return program.definition(name).isPresent() ? statementId(name) : "in_" + name;
    }

    private static String statementId(String name) {
        return "st_" + name;
    }

    private static String outputId(String name) {
        return "out_" + name;
    }
}
