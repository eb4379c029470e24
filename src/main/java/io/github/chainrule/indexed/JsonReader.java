package io.github.chainrule.indexed;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict JSON reader (RFC 8259: no comments, no trailing commas, no NaN, each key once per
 * object), for points ({@code --at @point.json}). Numbers must be finite doubles. Errors name the
 * line and column: {@code point.json:3:14: error: expected ',' or ']' after a list element}.
 */
public final class JsonReader {
    /** Lists and objects nested deeper than this are refused (the reader recurses per level). */
    static final int MAX_DEPTH = 512;

    private final String file;
    private final String text;
    private int pos;
    private int line = 1;
    private int lineStart;
    private int depth;

    private JsonReader(String file, String text) {
        this.file = file;
        this.text = text;
    }

    /**
     * The one value of {@code text}.
     *
     * @param file the file's name, for messages
     * @throws PointException at the first error
     */
    public static JsonValue read(String file, String text) {
        JsonReader r = new JsonReader(file, text);
        if (r.text.startsWith("\uFEFF")) {
            r.pos = 1; // a byte order mark
            r.lineStart = 1;
        }
        r.skipSpace();
        JsonValue v = r.value();
        r.skipSpace();
        if (r.pos < r.text.length()) {
            throw r.error("unexpected " + r.describeNext() + " after the JSON value");
        }
        return v;
    }

    private JsonValue value() {
        if (pos >= text.length()) {
            throw error("expected a JSON value, but the text ends");
        }
        char c = text.charAt(pos);
        JsonValue.Position at = position();
        return switch (c) {
            case '[' -> array(at);
            case '{' -> object(at);
            case '"' -> new JsonValue.Text(string(), at);
            case 't' -> literal("true", new JsonValue.Bool(true, at));
            case 'f' -> literal("false", new JsonValue.Bool(false, at));
            case 'n' -> literal("null", new JsonValue.Null(at));
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number(at);
                }
                throw error("expected a JSON value, found " + describeNext());
            }
        };
    }

    private JsonValue array(JsonValue.Position at) {
        enter();
        pos++;
        List<JsonValue> items = new ArrayList<>();
        skipSpace();
        if (peek() == ']') {
            pos++;
            depth--;
            return new JsonValue.Array(items, at);
        }
        while (true) {
            skipSpace();
            items.add(value());
            skipSpace();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c == ']') {
                pos++;
                depth--;
                return new JsonValue.Array(items, at);
            } else {
                throw error("expected ',' or ']' after a list element, found " + describeNext());
            }
        }
    }

    private JsonValue object(JsonValue.Position at) {
        enter();
        pos++;
        Map<String, JsonValue.Member> members = new LinkedHashMap<>();
        skipSpace();
        if (peek() == '}') {
            pos++;
            depth--;
            return new JsonValue.Members(members, at);
        }
        while (true) {
            skipSpace();
            if (peek() != '"') {
                throw error("expected a member's name in double quotes, found " + describeNext());
            }
            JsonValue.Position keyAt = position();
            String key = string();
            if (members.containsKey(key)) {
                throw error(keyAt, "duplicate member " + JsonReader.quote(key));
            }
            skipSpace();
            if (peek() != ':') {
                throw error("expected ':' after a member's name, found " + describeNext());
            }
            pos++;
            skipSpace();
            members.put(key, new JsonValue.Member(key, keyAt, value()));
            skipSpace();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c == '}') {
                pos++;
                depth--;
                return new JsonValue.Members(members, at);
            } else {
                throw error("expected ',' or '}' after a member, found " + describeNext());
            }
        }
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw error("lists and objects nested more than " + MAX_DEPTH + " deep");
        }
    }

    private String string() {
        pos++; // the opening quote
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("a string is not closed");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return out.toString();
            }
            if (c < 0x20) {
                throw error("a control character in a string (write it as an escape)");
            }
            if (c != '\\') {
                out.append(c);
                pos++;
                continue;
            }
            if (pos + 1 >= text.length()) {
                throw error("a string is not closed");
            }
            char e = text.charAt(pos + 1);
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (pos + 6 > text.length()
                            || !text.substring(pos + 2, pos + 6).matches("[0-9a-fA-F]{4}")) {
                        throw error("\\u must be followed by four hexadecimal digits");
                    }
                    out.append((char) Integer.parseInt(text.substring(pos + 2, pos + 6), 16));
                    pos += 4;
                }
                default -> throw error("unknown escape \\" + e);
            }
            pos += 2;
        }
    }

    /** {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}, as a finite double. */
    private JsonValue number(JsonValue.Position at) {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
            if (isDigit(peek())) {
                throw error(at, "a number may not start with 0 followed by digits");
            }
        } else {
            digits("a digit");
        }
        if (peek() == '.') {
            pos++;
            digits("a digit after '.'");
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            digits("a digit in the exponent");
        }
        String literal = text.substring(start, pos);
        double v = Double.parseDouble(literal);
        if (Double.isInfinite(v)) {
            throw error(at, "the number " + shorten(literal) + " is too large for a double");
        }
        return new JsonValue.Number(v, at);
    }

    private void digits(String what) {
        if (!isDigit(peek())) {
            throw error("expected " + what + ", found " + describeNext());
        }
        while (isDigit(peek())) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private JsonValue literal(String word, JsonValue v) {
        if (!text.startsWith(word, pos)) {
            throw error("expected a JSON value, found " + describeNext());
        }
        pos += word.length();
        return v;
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n') {
                line++;
                lineStart = pos + 1;
            } else if (c != ' ' && c != '\t' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    /** The next char, or 0 at the end. */
    private char peek() {
        return pos < text.length() ? text.charAt(pos) : 0;
    }

    private JsonValue.Position position() {
        return new JsonValue.Position(line, pos - lineStart + 1);
    }

    private String describeNext() {
        if (pos >= text.length()) {
            return "the end of the text";
        }
        char c = text.charAt(pos);
        if (c < 0x20 || c == 0x7f) {
            return String.format("character U+%04X", (int) c);
        }
        if (Character.isLetter(c)) {
            int end = pos;
            while (end < text.length() && Character.isLetterOrDigit(text.charAt(end))) {
                end++;
            }
            return "'" + shorten(text.substring(pos, end)) + "'";
        }
        return "'" + c + "'";
    }

    private PointException error(String message) {
        return error(position(), message);
    }

    private PointException error(JsonValue.Position at, String message) {
        return new PointException(
                file + ":" + at.line() + ":" + at.column() + ": error: " + message);
    }

    static String quote(String s) {
        return "\"" + shorten(s) + "\"";
    }

    static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
