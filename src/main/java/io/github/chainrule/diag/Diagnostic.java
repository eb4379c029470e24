package io.github.chainrule.diag;

/** One message about a program, at a place in it. */
public record Diagnostic(Severity severity, Span span, String message) {
    /** Longer lines are shown as a window of about this many characters around the column. */
    static final int WINDOW = 120;

    private static final String ELLIPSIS = "...";

    /**
     * {@code FILE:LINE:COL: error: MESSAGE}, then the source line and a caret under the column.
     * Tabs before the column are copied into the caret line so that the caret stays aligned;
     * control characters show as '?'; a long line shows only its part around the column (so a
     * hundred thousand messages about one long line print in linear time).
     */
    public String format(SourceFile source) {
        StringBuilder out = new StringBuilder();
        out.append(source.name())
                .append(':')
                .append(span.line())
                .append(':')
                .append(span.column())
                .append(": ")
                .append(severity.label())
                .append(": ")
                .append(message)
                .append('\n');
        if (span.line() > source.lineCount()) {
            return out.append('\n').append(" ".repeat(span.column() - 1)).append("^\n").toString();
        }
        String text = source.text();
        int start = source.lineStart(span.line());
        int end = source.lineEnd(span.line());
        int caret = source.offset(span.line(), span.column());
        int from = start;
        int to = end;
        if (end - start > WINDOW) {
            from = Math.max(start, Math.min(caret - WINDOW / 2, end - WINDOW));
            to = Math.min(end, from + WINDOW);
            if (from > start && Character.isLowSurrogate(text.charAt(from))) {
                from++;
            }
            if (to < end && Character.isLowSurrogate(text.charAt(to))) {
                to++;
            }
        }
        StringBuilder shown = new StringBuilder();
        StringBuilder under = new StringBuilder();
        if (from > start) {
            shown.append(ELLIPSIS);
            under.append(" ".repeat(ELLIPSIS.length()));
        }
        for (int i = from; i < to; ) {
            int cp = text.codePointAt(i);
            shown.appendCodePoint(cp != '\t' && Character.isISOControl(cp) ? '?' : cp);
            if (i < caret) {
                under.append(cp == '\t' ? '\t' : ' ');
            }
            i += Character.charCount(cp);
        }
        if (to < end) {
            shown.append(ELLIPSIS);
        }
        for (int i = to; i < caret; i++) {
            under.append(' ');
        }
        under.append('^');
        return out.append(shown).append('\n').append(under).append('\n').toString();
    }
}
