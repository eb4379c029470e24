package io.github.chainrule.diag;

/** One message about a program, at a place in it. */
public record Diagnostic(Severity severity, Span span, String message) {
    /** Longer lines are shown as a window of this many characters around the column. */
    static final int WINDOW = 120;
    private static final String ELLIPSIS = "...";

    /**
     * {@code FILE:LINE:COL: error: MESSAGE}, then the source line and a caret under the column.
     * Tabs before the column are copied into the caret line so that the caret stays aligned;
     * control characters show as '?'; a long line shows only its part around the column.
     */
    public String format(SourceFile source) {
        StringBuilder out = new StringBuilder();
        out.append(source.name()).append(':').append(span.line()).append(':').append(span.column())
                .append(": ").append(severity.label()).append(": ").append(message).append('\n');
        int[] line = source.line(span.line()).codePoints().toArray();
        int caretAt = span.column() - 1;
        int from = 0;
        int to = line.length;
        if (line.length > WINDOW) {
            from = Math.max(0, Math.min(caretAt - WINDOW / 2, line.length - WINDOW));
            to = Math.min(line.length, from + WINDOW);
        }
        StringBuilder shown = new StringBuilder();
        StringBuilder caret = new StringBuilder();
        if (from > 0) {
            shown.append(ELLIPSIS);
            caret.append(" ".repeat(ELLIPSIS.length()));
        }
        for (int i = from; i < to; i++) {
            int cp = line[i];
            shown.appendCodePoint(cp != '\t' && Character.isISOControl(cp) ? '?' : cp);
            if (i < caretAt) {
                caret.append(cp == '\t' ? '\t' : ' ');
            }
        }
        if (to < line.length) {
            shown.append(ELLIPSIS);
        }
        for (int i = Math.max(from, to); i < caretAt; i++) {
            caret.append(' ');
        }
        caret.append('^');
        out.append(shown).append('\n').append(caret).append('\n');
        return out.toString();
    }
}
