package io.github.chainrule.diag;

/**
 * A place in a source file: line and column count from 1, the column in characters (code points),
 * and the length in characters of what it covers (at least 1, for the caret).
 */
public record Span(int line, int column, int length) {
    public static final Span NONE = new Span(1, 1, 1);

    public Span {
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("span " + line + ":" + column);
        }
        length = Math.max(1, length);
    }

    @Override
    public String toString() {
        return line + ":" + column;
    }
}
