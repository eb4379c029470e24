package io.github.chainrule.diag;

import java.util.Arrays;

/**
 * A program's text with its display name (a path, {@code <stdin>} or {@code <expr>}) and its line
 * starts. Lines end at '\n' (a "\r\n" is one line end), as the lexer counts them; columns count
 * characters (code points), as the lexer does.
 */
public final class SourceFile {
    private final String name;
    private final String text;
    private final int[] lineStarts;

    /**
     * Without surrogate pairs, a column is a char offset: no line needs to be scanned to place it.
     */
    private final boolean hasSurrogates;

    public SourceFile(String name, String text) {
        this.name = name;
        this.text = text;
        int[] starts = new int[16];
        int count = 1;
        boolean surrogates = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count * 2);
                }
                starts[count++] = i + 1;
            } else if (Character.isSurrogate(c)) {
                surrogates = true;
            }
        }
        this.lineStarts = Arrays.copyOf(starts, count);
        this.hasSurrogates = surrogates;
    }

    public String name() {
        return name;
    }

    public String text() {
        return text;
    }

    public int lineCount() {
        return lineStarts.length;
    }

    /** Line {@code n} (from 1) without its line terminator; empty past the end. */
    public String line(int n) {
        if (n < 1 || n > lineStarts.length) {
            return "";
        }
        return text.substring(lineStart(n), lineEnd(n));
    }

    /** The char offset in {@link #text()} where line {@code n} (from 1, within the file) starts. */
    int lineStart(int n) {
        return lineStarts[n - 1];
    }

    /** The char offset where line {@code n} ends, before its '\n' or "\r\n". */
    int lineEnd(int n) {
        int start = lineStarts[n - 1];
        int end = n < lineStarts.length ? lineStarts[n] : text.length();
        while (end > start && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return end;
    }

    /**
     * The char offset of column {@code column} (from 1) of line {@code n}, or, for a column past
     * the line's end, the line's end plus the characters beyond it.
     */
    int offset(int n, int column) {
        int start = lineStart(n);
        int end = lineEnd(n);
        if (!hasSurrogates) {
            return start + column - 1;
        }
        int i = start;
        int col = 1;
        while (col < column && i < end) {
            i += Character.charCount(text.codePointAt(i));
            col++;
        }
        return i + (column - col);
    }
}
