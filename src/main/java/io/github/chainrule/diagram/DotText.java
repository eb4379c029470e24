package io.github.chainrule.diagram;

import io.github.chainrule.graph.Node;
import io.github.chainrule.graph.Printer;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.AbstractMap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The words on the picture: numbers to four significant digits, expressions printed within a bound
 * and wrapped onto a few short lines, with an ellipsis where they had to be cut.
 */
final class DotText {
    /** Characters per line of a label. */
    static final int WIDTH = 40;

    /** Tooltips carry the full text up to this length. */
    static final int TOOLTIP_LIMIT = 300;

    static final String ELLIPSIS = "\u2026";

    private DotText() {}

    /**
     * A number as the picture shows it: integers whole, others to 4 significant digits, rounded
     * half up from the shortest decimal that reads back as the double (what the JSON prints), from
     * 0.001 to 9999 as decimals and beyond in scientific notation ({@code 1.235e-4}).
     */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "Infinity" : "-Infinity";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        BigDecimal d =
                BigDecimal.valueOf(v)
                        .round(new MathContext(4, RoundingMode.HALF_UP))
                        .stripTrailingZeros();
        int exponent = d.precision() - d.scale() - 1;
        if (exponent >= -3 && exponent < 4) {
            return d.toPlainString();
        }
        String digits = d.unscaledValue().abs().toString();
        String mantissa =
                digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (d.signum() < 0 ? "-" : "") + mantissa + "e" + exponent;
    }

    /** The exact double, as {@code derive --json} writes it: for tooltips. */
    static String exact(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? number(v) : Double.toString(v);
    }

    /**
     * The start of the node's text, enough for a label and a tooltip: at most {@link
     * #TOOLTIP_LIMIT} + 1 characters, so that a longer text shows it was cut. One print serves
     * both, since printing a deep expression costs more than its first characters.
     */
    static String print(Map<Integer, String> names, Node n) {
        return new Printer(names).prefix(n, TOOLTIP_LIMIT + 1);
    }

    /** A print as a tooltip: whole up to {@link #TOOLTIP_LIMIT} characters, then an ellipsis. */
    static String tooltip(String printed) {
        return printed.length() > TOOLTIP_LIMIT
                ? printed.substring(0, TOOLTIP_LIMIT) + ELLIPSIS
                : printed;
    }

    /**
     * The node's size as a tree, counting named nodes as leaves, up to {@code limit} + 1: how long
     * its text would be, found without printing it.
     */
    static int treeSize(Map<Integer, String> names, Node root, int limit) {
        int count = 0;
        Deque<Node> work = new ArrayDeque<>();
        work.push(root);
        while (!work.isEmpty() && count <= limit) {
            Node n = work.pop();
            count++;
            if (n == root || !names.containsKey(n.id())) {
                n.children().forEach(work::push);
            }
        }
        return count;
    }

    /**
     * Breaks the text at spaces into lines of at most {@link #WIDTH} characters (longer words are
     * cut), at most {@code maxLines} of them: the last line kept ends with an ellipsis when text
     * was left over. Continuation lines are indented by two spaces.
     */
    static List<String> wrap(String text, int maxLines) {
        List<String> lines = new ArrayList<>();
        String rest = text.strip();
        while (true) {
            String indent = lines.isEmpty() ? "" : "  ";
            int room = WIDTH - indent.length();
            if (rest.length() <= room) {
                lines.add(indent + rest);
                return lines;
            }
            if (lines.size() == maxLines - 1) {
                lines.add(indent + cut(rest, room - 1) + ELLIPSIS);
                return lines;
            }
            int at = breakAt(rest, room);
            lines.add(indent + rest.substring(0, at).stripTrailing());
            rest = rest.substring(at).strip();
        }
    }

    /**
     * Where to break a line of at most {@code room} characters: the space in its second half that
     * is inside the fewest parentheses or brackets (the latest of those), so that {@code (1 - a)}
     * and {@code W[j, i]} stay whole where they can; with no such space, the word is cut.
     */
    private static int breakAt(String text, int room) {
        int best = -1;
        int bestDepth = Integer.MAX_VALUE;
        int depth = 0;
        for (int i = 0; i <= room && i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                depth = Math.max(0, depth - 1);
            } else if (c == ' ' && i >= room / 2 && depth <= bestDepth) {
                best = i;
                bestDepth = depth;
            }
        }
        return best < 0 ? room : best;
    }

    /** The first at most {@code room} characters, ending at a space when one is near the end. */
    private static String cut(String text, int room) {
        int at = text.lastIndexOf(' ', room);
        return (at >= room * 2 / 3 ? text.substring(0, at) : text.substring(0, room))
                .stripTrailing();
    }

    /**
     * The names a {@link Printer} prints nodes as, but for {@code hidden}, which prints as its
     * expression: a node's own label must not print as its own name. A view, not a copy: programs
     * have as many names as statements.
     */
    static final class Hiding extends AbstractMap<Integer, String> {
        private final Map<Integer, String> base;
        private final int hidden;

        Hiding(Map<Integer, String> base, int hidden) {
            this.base = base;
            this.hidden = hidden;
        }

        @Override
        public String get(Object key) {
            return key instanceof Integer id && id != hidden ? base.get(id) : null;
        }

        @Override
        public boolean containsKey(Object key) {
            return get(key) != null;
        }

        @Override
        public Set<Entry<Integer, String>> entrySet() {
            throw new UnsupportedOperationException("a lookup view: get and containsKey only");
        }
    }
}
