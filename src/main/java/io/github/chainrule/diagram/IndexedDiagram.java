package io.github.chainrule.diagram;

import io.github.chainrule.diagram.DotDiagram.Box;
import io.github.chainrule.diagram.DotDiagram.Edge;
import io.github.chainrule.diagram.DotDiagram.Flow;
import io.github.chainrule.diagram.DotDiagram.Line;
import io.github.chainrule.diagram.DotDiagram.Shape;
import io.github.chainrule.diagram.IndexedNodes.Extreme;
import io.github.chainrule.diagram.IndexedNodes.Group;
import io.github.chainrule.diagram.IndexedNodes.Partial;
import io.github.chainrule.diagram.IndexedNodes.Piece;
import io.github.chainrule.graph.Node;
import io.github.chainrule.graph.Printer;
import io.github.chainrule.indexed.IndexedProgram;
import io.github.chainrule.indexed.IndexedProgram.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The diagram of an indexed program, as {@code derive} prints it: a node per input (array or
 * scalar) and per assigned array, labelled with its statements in index notation and their
 * half-open ranges (the pieces of a piecewise definition together, each reduction written where the
 * program wrote it); an edge from each array a statement reads; and in red the same edges
 * backwards, each labelled with the local partial at one point of the statement's ranges, {@code
 * ∂a[j]/∂W1[j, i] = (1 - a[j]^2)*x[i]} for {@code j in 0..h, i in 0..d}. A recurrence reads its own
 * earlier positions: a loop on its node. Each node shows its adjoint as the backward pass builds it
 * ({@code dL/dW1[j, i] += dL/da[j] * …}), or at a point its values and gradients, summarised for an
 * array by its size, least and greatest element and L2 norm. Nothing is unrolled: the diagram has
 * the same nodes, edges and text at every size but for the numbers.
 */
final class IndexedDiagram {
    /** More accumulations than this into one node are summarised as "… and n more". */
    private static final int MAX_TERMS = 3;

    /** Lines of a statement's text on its node. */
    private static final int STATEMENT_LINES = 5;

    /** Characters per line of the caption. */
    private static final int CAPTION_WIDTH = 90;

    private final IndexedNodes nodes;
    private final IndexedProgram program;

    /** Null, or the numbers at the point. */
    private final IndexedNumbers numbers;

    /** Per output, the names it depends on. */
    private final Map<String, Set<String>> dependencies = new LinkedHashMap<>();

    IndexedDiagram(IndexedProgram program, IndexedNumbers numbers) {
        this.program = program;
        this.nodes = new IndexedNodes(program);
        this.numbers = numbers;
        for (String o : program.outputs()) {
            dependencies.put(o, nodes.dependencies(o));
        }
    }

    DotDiagram build() {
        DotDiagram d = new DotDiagram(title());
        for (IndexedProgram.Array input : program.inputs()) {
            d.add(inputBox(input));
        }
        for (Group group : nodes.groups) {
            d.add(groupBox(group));
        }
        for (String o : program.outputs()) {
            d.add(new Box(outputId(o), Shape.OUTPUT, false, List.of(Line.bold(o)), "output " + o));
        }
        for (Group group : nodes.groups) {
            boolean live = isLive(group.name());
            for (String array : nodes.reads(group.name())) {
                d.add(
                        new Edge(
                                id(array),
                                statementId(group.name()),
                                Flow.FORWARD,
                                List.of(),
                                group.name()
                                        + " reads "
                                        + String.join(", ", nodes.accesses(group.name(), array))));
                if (!live) {
                    continue;
                }
                for (Partial p : nodes.partials(group.name())) {
                    if (p.read().array().equals(array) && !isZero(p.partial())) {
                        d.add(backwardEdge(group, p));
                    }
                }
            }
        }
        for (String o : program.outputs()) {
            d.add(new Edge(id(o), outputId(o), Flow.FORWARD, List.of(), null));
            String seed = seed(o);
            d.add(
                    new Edge(
                            id(o),
                            outputId(o),
                            Flow.BACKWARD,
                            List.of(Line.text(seed)),
                            "the seed of the backward pass: " + seed));
        }
        return d;
    }

    // ---- the caption ----------------------------------------------------------------------------

    private List<Line> title() {
        List<Line> lines = new ArrayList<>();
        lines.add(
                Line.bold(
                        program.source().name()
                                + ": the chain rule, statement by statement, in index notation"));
        List<String> sizes = new ArrayList<>();
        for (IndexedProgram.Size s : program.sizes()) {
            if (s.fixed().isPresent()) {
                sizes.add(s.name() + " = " + s.fixed().getAsLong());
            } else if (numbers == null) {
                sizes.add(s.name() + " (given at call time)");
            }
        }
        if (numbers != null) {
            List<String> at = new ArrayList<>();
            for (IndexedProgram.Size s : program.sizes()) {
                if (s.fixed().isEmpty()) {
                    at.add(s.name() + " = " + numbers.values.sizes().get(s.name()));
                }
            }
            for (IndexedProgram.Array input : program.inputs()) {
                if (input.isScalar()) {
                    at.add(
                            input.name()
                                    + " = "
                                    + DotText.number(numbers.values.scalar(input.name())));
                }
            }
            if (at.isEmpty()) {
                at.add("the point given");
            }
            wrapItems("at ", at, Line::value, lines);
            lines.add(
                    Line.value(
                            "arrays: their size, L2 norm, least and greatest element on their"
                                    + " nodes"));
            for (String o : program.outputs()) {
                if (!numbers.hasGradients(o)) {
                    lines.add(
                            Line.value(
                                    o
                                            + " is an array: its gradients, one per element, are"
                                            + " printed by derive --at"));
                }
            }
        }
        if (!sizes.isEmpty()) {
            wrapItems("sizes: ", sizes, Line::text, lines);
        }
        lines.add(Line.text("ranges are half-open: 0..n is 0 <= i < n"));
        List<String> outputs = program.outputs();
        String l = outputs.size() == 1 ? outputs.get(0) : "L";
        lines.add(
                Line.text(
                        "forward pass, left to right (dark arrows): each node computes its array"
                                + " over its ranges"
                                + (numbers != null ? ", its values in green" : "")));
        lines.add(
                Line.gradient(
                        "backward pass, right to left (red dashed arrows): each edge carries its"
                                + " local partial \u2202a[j]/\u2202W[j, i] at each point of"));
        lines.add(
                Line.gradient(
                        "its statement's ranges, and each node W adds up its adjoint over them: "
                                + DotWriter.adjointName(l, "W[j, i]")
                                + " += "
                                + DotWriter.adjointName(l, "a[j]")
                                + " * \u2202a[j]/\u2202W[j, i]"
                                + (outputs.size() == 1 ? "" : ", for each output L")));
        lines.add(
                Line.note(
                        "filled: the inputs differentiated (wrt); double circle: an output,"
                                + " where the backward pass starts with "
                                + DotWriter.adjointName(l, l)
                                + " = 1"));
        if (nodes.groups.stream().anyMatch(g -> g.recurrence().isPresent())) {
            lines.add(
                    Line.note(
                            "a recurrence reads its own earlier positions (a loop on its node);"
                                    + " its adjoints run over them in reverse"));
        }
        return lines;
    }

    /** {@code head item, item, …} over as many lines of the caption as it takes. */
    private static void wrapItems(
            String head,
            List<String> items,
            java.util.function.Function<String, Line> tone,
            List<Line> lines) {
        StringBuilder line = new StringBuilder(head);
        for (int i = 0; i < items.size(); i++) {
            String item = items.get(i) + (i + 1 < items.size() ? "," : "");
            if (line.length() > head.length() && line.length() + item.length() > CAPTION_WIDTH) {
                lines.add(tone.apply(line.toString().stripTrailing()));
                line.setLength(0);
            }
            line.append(item).append(' ');
        }
        lines.add(tone.apply(line.toString().stripTrailing()));
    }

    // ---- nodes ----------------------------------------------------------------------------------

    private Box inputBox(IndexedProgram.Array input) {
        String name = input.name();
        boolean wrt = program.wrt().contains(name);
        String declared = IndexedNodes.element(name, input.extents());
        List<Line> lines = new ArrayList<>();
        List<String> tip = new ArrayList<>();
        lines.add(Line.bold(declared));
        tip.add("input " + declared + (wrt ? " (wrt)" : ""));
        boolean unused = nodes.groups.stream().noneMatch(g -> nodes.reads(g.name()).contains(name));
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

    private Box groupBox(Group group) {
        List<Line> lines = new ArrayList<>();
        List<String> tip = new ArrayList<>();
        for (Piece p : group.pieces()) {
            Statement s = p.statement();
            String text =
                    IndexedNodes.element(s.target(), s.lhs())
                            + " = "
                            + DotText.print(nodes.reductionTexts, s.body());
            for (String line : DotText.wrap(text, STATEMENT_LINES)) {
                lines.add(Line.bold(line));
            }
            String range = s.domain().isEmpty() ? "" : "for " + IndexedNodes.ranges(s.domain());
            if (!range.isEmpty()) {
                for (String line : DotText.wrap(range, 2)) {
                    lines.add(Line.text(line));
                }
            }
            tip.add(DotText.tooltip(text) + (range.isEmpty() ? "" : "   " + range));
        }
        group.recurrence()
                .ifPresent(
                        r -> {
                            String note =
                                    "recurrence over "
                                            + r.index()
                                            + (r.with().isEmpty()
                                                    ? ""
                                                    : ", with " + String.join(", ", r.with()));
                            lines.add(Line.note(note));
                            tip.add(note);
                        });
        boolean unused = !isLive(group.name());
        if (unused) {
            lines.add(Line.note("no output uses it"));
        }
        addValueAndGradients(group.name(), lines, tip);
        return new Box(
                statementId(group.name()), Shape.STATEMENT, unused, lines, String.join("\n", tip));
    }

    /**
     * Symbolically: for each output that depends on the name, the accumulations into its adjoint,
     * upstream times local partial. At a point: its value and each scalar output's gradient, an
     * array summarised.
     */
    private void addValueAndGradients(String name, List<Line> lines, List<String> tip) {
        if (numbers != null) {
            describe(name, name, numbers.values.get(name), Line::value, lines, tip);
        }
        for (Map.Entry<String, Set<String>> e : dependencies.entrySet()) {
            String o = e.getKey();
            if (!e.getValue().contains(name)) {
                continue;
            }
            String adjointName = DotWriter.adjointName(o, name);
            if (numbers != null) {
                double[] adjoint = numbers.adjoint(o, name);
                if (adjoint != null) {
                    describe(name, adjointName, adjoint, Line::gradient, lines, tip);
                }
                continue;
            }
            if (name.equals(o)) {
                String seed = seed(o);
                lines.add(Line.gradient(seed));
                tip.add(seed + " (the seed)");
                continue;
            }
            List<Term> terms = terms(o, name);
            if (terms.isEmpty()) {
                lines.add(Line.gradient(adjointName + " = 0"));
                tip.add(adjointName + " = 0");
            }
            for (int i = 0; i < terms.size(); i++) {
                Term term = terms.get(i);
                tip.add(term.tooltip());
                if (i < MAX_TERMS) {
                    for (String line : DotText.wrap(term.label(), 2)) {
                        lines.add(Line.gradient(line));
                    }
                }
            }
            if (terms.size() > MAX_TERMS) {
                lines.add(
                        Line.gradient(
                                DotText.ELLIPSIS
                                        + " and "
                                        + (terms.size() - MAX_TERMS)
                                        + " more (their sum is the adjoint)"));
            }
        }
    }

    /** An accumulation as its node shows it, and written out whole with its ranges. */
    private record Term(String label, String tooltip) {}

    /**
     * The accumulations into the adjoint of {@code name} for output {@code o}: {@code dL/dW1[j, i]
     * += dL/da[j] * (1 - a[j]^2)*x[i]}, one per statement that reads it and element read, each over
     * its statement's ranges.
     */
    private List<Term> terms(String o, String name) {
        List<Term> out = new ArrayList<>();
        for (Group group : nodes.groups) {
            if (!dependencies.get(o).contains(group.name())) {
                continue;
            }
            for (Partial p : nodes.partials(group.name())) {
                if (!p.read().array().equals(name) || isZero(p.partial())) {
                    continue;
                }
                Statement s = p.piece().statement();
                String upstream =
                        DotWriter.adjointName(o, IndexedNodes.element(s.target(), s.lhs()));
                String downstream =
                        DotWriter.adjointName(o, IndexedNodes.element(name, p.read().subscripts()));
                String written = downstream + " += " + upstream;
                String label = written;
                if (!isOne(p.partial())) {
                    // written out when it fits on a line, else by its name: its edge has it whole
                    label =
                            written
                                    + " * "
                                    + DotWriter.partialName(
                                            IndexedNodes.element(s.target(), s.lhs()),
                                            IndexedNodes.element(name, p.read().subscripts()));
                    written += " * " + factor(p.partial());
                    if (written.length() <= DotText.WIDTH) {
                        label = written;
                    }
                }
                String range =
                        p.domain().isEmpty() ? "" : "   for " + IndexedNodes.ranges(p.domain());
                out.add(new Term(label, DotText.tooltip(written) + range));
            }
        }
        return out;
    }

    /**
     * A scalar as {@code name = 0.5}; an array as {@code name: 128 x 784, norm …} and {@code min …,
     * max …} (its extents at the point; an adjoint has its array's, so they are left out), with the
     * exact numbers in the tooltip.
     */
    private void describe(
            String array,
            String label,
            double[] v,
            java.util.function.Function<String, Line> tone,
            List<Line> lines,
            List<String> tip) {
        int[] shape = numbers.values.shape(array);
        if (shape.length == 0) {
            lines.add(tone.apply(label + " = " + DotText.number(v[0])));
            tip.add(label + " = " + DotText.exact(v[0]));
            return;
        }
        String size = "";
        if (label.equals(array)) {
            List<String> extents = new ArrayList<>();
            for (int e : shape) {
                extents.add(Integer.toString(e));
            }
            size =
                    shape.length == 1
                            ? shape[0] + (shape[0] == 1 ? " element, " : " elements, ")
                            : String.join(" x ", extents) + ", ";
        }
        IndexedNumbers.Summary s = IndexedNumbers.Summary.of(v);
        String head = label + ": " + size + "norm " + DotText.number(s.norm());
        String range = "min " + DotText.number(s.min()) + ", max " + DotText.number(s.max());
        for (String line : DotText.wrap(head, 2)) {
            lines.add(tone.apply(line));
        }
        for (String line : DotText.wrap(range, 2)) {
            lines.add(tone.apply("  " + line));
        }
        tip.add(
                label
                        + ": "
                        + size
                        + "L2 norm "
                        + DotText.exact(s.norm())
                        + ", min "
                        + DotText.exact(s.min())
                        + ", max "
                        + DotText.exact(s.max()));
    }

    private Edge backwardEdge(Group group, Partial p) {
        Statement s = p.piece().statement();
        String of = IndexedNodes.element(s.target(), s.lhs());
        String wrt = IndexedNodes.element(p.read().array(), p.read().subscripts());
        String text = DotText.print(nodes.valueNames, p.partial());
        List<Line> label = new ArrayList<>();
        for (String line : DotText.wrap(DotWriter.partialName(of, wrt) + " = " + text, 3)) {
            label.add(Line.text(line));
        }
        List<String> tip = new ArrayList<>();
        tip.add("local partial d" + of + "/d" + wrt + " = " + DotText.tooltip(text));
        if (!p.domain().isEmpty()) {
            String range = "for " + IndexedNodes.ranges(p.domain());
            for (String line : DotText.wrap(range, 2)) {
                label.add(Line.text(line));
            }
            tip.add(range);
        }
        for (Extreme x : p.extremes()) {
            String op = x.op().name().toLowerCase(Locale.ROOT);
            String note =
                    "only at the first "
                            + String.join(", ", x.indices())
                            + " where the "
                            + op
                            + " is attained";
            label.add(Line.note(note));
            tip.add(note);
        }
        return new Edge(
                id(p.read().array()),
                statementId(group.name()),
                Flow.BACKWARD,
                label,
                String.join("\n", tip));
    }

    /**
     * The partial as a factor of a product: in parentheses when it is a sum or starts with a minus,
     * unless its text is one parenthesis already.
     */
    private String factor(Node n) {
        String text = DotText.print(nodes.valueNames, n);
        boolean bare = Printer.printsAsSum(n) || text.startsWith("-");
        return bare && !enclosed(text) ? "(" + text + ")" : text;
    }

    /** Whether the text is {@code (…)}, one pair of parentheses around all of it. */
    private static boolean enclosed(String text) {
        if (!text.startsWith("(") || !text.endsWith(")")) {
            return false;
        }
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (depth == 0 && i < text.length() - 1) {
                return false;
            }
        }
        return true;
    }

    /** {@code dL/dL = 1}, or for an array output, a 1 at one element per backward pass. */
    private String seed(String o) {
        String seed = DotWriter.adjointName(o, o) + " = 1";
        boolean array =
                program.arrays().stream().anyMatch(a -> a.name().equals(o) && !a.isScalar());
        return array ? seed + " at one element per backward pass" : seed;
    }

    private boolean isLive(String name) {
        return dependencies.values().stream().anyMatch(s -> s.contains(name));
    }

    private static boolean isZero(Node n) {
        return n == null || (n instanceof Node.Const c && c.is(0));
    }

    private static boolean isOne(Node n) {
        return n instanceof Node.Const c && c.is(1);
    }

    // ---- ids ------------------------------------------------------------------------------------

    private String id(String name) {
        return nodes.group(name).isPresent() ? statementId(name) : "in_" + name;
    }

    private static String statementId(String name) {
        return "st_" + name;
    }

    private static String outputId(String name) {
        return "out_" + name;
    }
}
