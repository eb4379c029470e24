package io.github.chainrule.indexed;

import java.util.ArrayList;
import java.util.List;

/**
 * Command-line point text: {@code x=[1,2,3],n=3,W=[[1,2],[3,4]],b=0.5}. Assignments are separated
 * by commas outside brackets; a value is a number or a bracketed list of values. Numbers are
 * decimal ({@code -1.5e-3}, {@code .5}, {@code 2.}); finite doubles only.
 */
final class PointAssignments {
    /** {@code name=value}; the value's positions are columns within the value's text (line 1). */
    record Assignment(String name, JsonValue value) {}

    private static final String NUMBER = "[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?";

    private final String name;
    private final String text;
    private int pos;

    private PointAssignments(String name, String text) {
        this.name = name;
        this.text = text;
    }

    /** The assignments of {@code text}, in its order. */
    static List<Assignment> parse(String text) {
        List<Assignment> out = new ArrayList<>();
        for (String piece : split(text)) {
            int eq = piece.indexOf('=');
            String name = eq < 0 ? "" : piece.substring(0, eq).trim();
            if (eq < 0 || name.isEmpty()) {
                throw new PointException(
                        "--at "
                                + JsonReader.shorten(piece.trim())
                                + ": expected NAME=VALUE, as in --at x=[1,2,3],n=3,b=0.5");
            }
            String value = piece.substring(eq + 1);
            out.add(new Assignment(name, new PointAssignments(name, value).whole()));
        }
        return out;
    }

    /** Splits at the commas outside brackets. */
    private static List<String> split(String text) {
        List<String> pieces = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            } else if (c == ',' && depth <= 0) {
                pieces.add(text.substring(start, i));
                start = i + 1;
                depth = 0;
            }
        }
        pieces.add(text.substring(start));
        return pieces;
    }

    private JsonValue whole() {
        skipSpace();
        JsonValue v = value(0);
        skipSpace();
        if (pos < text.length()) {
            throw error("unexpected '" + text.charAt(pos) + "' after the value");
        }
        return v;
    }

    private JsonValue value(int depth) {
        if (depth > JsonReader.MAX_DEPTH) {
            throw error("lists nested more than " + JsonReader.MAX_DEPTH + " deep");
        }
        JsonValue.Position at = position();
        if (peek() != '[') {
            return number(at);
        }
        pos++;
        List<JsonValue> items = new ArrayList<>();
        skipSpace();
        if (peek() == ']') {
            pos++;
            return new JsonValue.Array(items, at);
        }
        while (true) {
            skipSpace();
            items.add(value(depth + 1));
            skipSpace();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c == ']') {
                pos++;
                return new JsonValue.Array(items, at);
            } else if (c == 0) {
                throw error("a list is not closed: expected ']'");
            } else {
                throw error("expected ',' or ']' after a list element, found '" + c + "'");
            }
        }
    }

    private JsonValue number(JsonValue.Position at) {
        int start = pos;
        while (pos < text.length() && ",[] \t".indexOf(text.charAt(pos)) < 0) {
            pos++;
        }
        String literal = text.substring(start, pos);
        if (literal.isEmpty()) {
            throw error(
                    "expected a number or '['" + (pos < text.length() ? "" : ", found nothing"));
        }
        if (!literal.matches(NUMBER)) {
            pos = start;
            throw error("'" + JsonReader.shorten(literal) + "' is not a number");
        }
        double v = Double.parseDouble(literal);
        if (Double.isInfinite(v)) {
            pos = start;
            throw error("the number " + JsonReader.shorten(literal) + " is too large for a double");
        }
        return new JsonValue.Number(v, at);
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : 0;
    }

    private JsonValue.Position position() {
        return new JsonValue.Position(1, pos + 1);
    }

    private PointException error(String message) {
        return new PointException(
                "--at " + name + ": " + message + " (character " + (pos + 1) + " of the value)");
    }
}
