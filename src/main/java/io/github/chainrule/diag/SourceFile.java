package io.github.chainrule.diag;

import java.util.ArrayList;
import java.util.List;

/**
 * A program's text with its display name (a path, {@code <stdin>} or {@code <expr>}) and its line
 * starts. Lines end at '\n' (a "\r\n" is one line end), as the lexer counts them.
 */
public final class SourceFile {
    private final String name;
    private final String text;
    private final int[] lineStarts;

    public SourceFile(String name, String text) {
        this.name = name;
        this.text = text;
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
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
        int start = lineStarts[n - 1];
        int end = n < lineStarts.length ? lineStarts[n] : text.length();
        while (end > start && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return text.substring(start, end);
    }
}
