package io.github.chainrule.diagram;

import java.util.ArrayList;
import java.util.List;

/**
 * The picture before it is DOT: boxes and edges with their lines of text, in drawing order, and how
 * each kind is drawn. Builders ({@link StatementDiagram}, {@link OperationDiagram}) decide what is
 * on the picture; this class alone decides how it looks and escapes every piece of text.
 */
final class DotDiagram {
    static final String FORWARD_COLOR = "#37474f";
    static final String VALUE_COLOR = "#1b7a3a";
    static final String BACKWARD_COLOR = "#c62828";
    static final String NOTE_COLOR = "#8a8a8a";
    static final String FONT = "Helvetica,Arial,sans-serif";

    /** What a line of a label is about, which sets its colour. */
    enum Tone {
        TEXT,
        VALUE,
        GRADIENT,
        NOTE
    }

    record Line(String text, Tone tone, boolean bold) {
        static Line text(String s) {
            return new Line(s, Tone.TEXT, false);
        }

        static Line bold(String s) {
            return new Line(s, Tone.TEXT, true);
        }

        static Line value(String s) {
            return new Line(s, Tone.VALUE, false);
        }

        static Line gradient(String s) {
            return new Line(s, Tone.GRADIENT, false);
        }

        static Line note(String s) {
            return new Line(s, Tone.NOTE, false);
        }
    }

    enum Shape {
        INPUT,
        WRT_INPUT,
        STATEMENT,
        OPERATION,
        CONSTANT,
        OUTPUT
    }

    /** {@code unused}: no output depends on it (drawn grey). */
    record Box(String id, Shape shape, boolean unused, List<Line> lines, String tooltip) {}

    /**
     * Every edge goes from the node read to the node reading it; a backward edge is drawn with its
     * arrow at the node read ({@code dir=back}), so both passes keep the left-to-right ranks.
     */
    enum Flow {
        FORWARD,
        CONDITION,
        BACKWARD
    }

    record Edge(String from, String to, Flow flow, List<Line> label, String tooltip) {}

    private final List<Line> title;
    private final List<Box> boxes = new ArrayList<>();
    private final List<Edge> edges = new ArrayList<>();

    DotDiagram(List<Line> title) {
        this.title = title;
    }

    void add(Box b) {
        boxes.add(b);
    }

    void add(Edge e) {
        edges.add(e);
    }

    String toDot() {
        StringBuilder out = new StringBuilder();
        out.append(
                "// chainrule graph: the forward pass left to right (dark, solid), the backward"
                        + " pass\n");
        out.append(
                "// right to left (red, dashed), each backward edge labelled with its local"
                        + " partial.\n");
        out.append("digraph chainrule {\n");
        out.append("  graph [rankdir=LR, nodesep=0.35, ranksep=0.7, fontname=")
                .append(DotEscape.string(FONT))
                .append(", fontsize=12, labelloc=t, labeljust=l,\n         label=")
                .append(html(title))
                .append("];\n");
        out.append("  node [fontname=")
                .append(DotEscape.string(FONT))
                .append(", fontsize=11, color=\"")
                .append(FORWARD_COLOR)
                .append("\", margin=\"0.12,0.06\"];\n");
        out.append("  edge [fontname=")
                .append(DotEscape.string(FONT))
                .append(", fontsize=10, color=\"")
                .append(FORWARD_COLOR)
                .append("\", arrowsize=0.7];\n");
        for (Box b : boxes) {
            out.append("  ")
                    .append(DotEscape.string(b.id()))
                    .append(" [")
                    .append(shape(b))
                    .append(", label=")
                    .append(html(b.lines()));
            if (b.tooltip() != null) {
                out.append(", tooltip=").append(DotEscape.string(b.tooltip()));
            }
            out.append("];\n");
        }
        for (Edge e : edges) {
            List<String> attributes = new ArrayList<>();
            String style = style(e.flow());
            if (!style.isEmpty()) {
                attributes.add(style);
            }
            if (!e.label().isEmpty()) {
                attributes.add("label=" + html(e.label()));
            }
            if (e.tooltip() != null) {
                attributes.add("tooltip=" + DotEscape.string(e.tooltip()));
            }
            out.append("  ")
                    .append(DotEscape.string(e.from()))
                    .append(" -> ")
                    .append(DotEscape.string(e.to()));
            if (!attributes.isEmpty()) {
                out.append(" [").append(String.join(", ", attributes)).append(']');
            }
            out.append(";\n");
        }
        return out.append("}\n").toString();
    }

    private static String shape(Box b) {
        String grey =
                b.unused()
                        ? ", color=\"" + NOTE_COLOR + "\", fontcolor=\"" + NOTE_COLOR + "\""
                        : "";
        return switch (b.shape()) {
            case INPUT -> "shape=ellipse" + grey;
            case WRT_INPUT -> "shape=ellipse, style=\"filled,bold\", fillcolor=\"#fff6d5\"" + grey;
            case STATEMENT -> "shape=box, style=rounded" + grey;
            case OPERATION -> "shape=box, style=rounded" + grey;
            case CONSTANT -> "shape=plaintext, margin=0" + grey;
            case OUTPUT -> "shape=doublecircle, margin=0.02, style=bold";
        };
    }

    private static String style(Flow flow) {
        return switch (flow) {
            case FORWARD -> "";
            case CONDITION -> "style=dotted";
            case BACKWARD ->
                    "dir=back, style=dashed, color=\""
                            + BACKWARD_COLOR
                            + "\", fontcolor=\""
                            + BACKWARD_COLOR
                            + "\"";
        };
    }

    /** Lines as an HTML-like label: each escaped, coloured by its tone, joined by line breaks. */
    static String html(List<Line> lines) {
        StringBuilder out = new StringBuilder("<");
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            if (i > 0) {
                out.append("<BR/>");
            }
            String text = DotEscape.html(line.text());
            if (line.bold()) {
                text = "<B>" + text + "</B>";
            }
            String color = color(line.tone());
            out.append(color == null ? text : "<FONT COLOR=\"" + color + "\">" + text + "</FONT>");
        }
        return out.append('>').toString();
    }

    private static String color(Tone tone) {
        return switch (tone) {
            case TEXT -> null;
            case VALUE -> VALUE_COLOR;
            case GRADIENT -> BACKWARD_COLOR;
            case NOTE -> NOTE_COLOR;
        };
    }
}
