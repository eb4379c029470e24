package io.github.chainrule.diag;

/** One message about a program, at a place in it. */
public record Diagnostic(Severity severity, Span span, String message) {

    /**
     * {@code FILE:LINE:COL: error: MESSAGE}, then the source line and a caret under the column.
     * Tabs before the column are copied into the caret line so that the caret stays aligned.
     */
    public String format(SourceFile source) {
        StringBuilder out = new StringBuilder();
        out.append(source.name()).append(':').append(span.line()).append(':').append(span.column())
                .append(": ").append(severity.label()).append(": ").append(message).append('\n');
        String line = source.line(span.line());
        out.append(printable(line)).append('\n');
        StringBuilder caret = new StringBuilder();
        int col = 1;
        for (int i = 0; i < line.length() && col < span.column(); col++) {
            int cp = line.codePointAt(i);
            caret.append(cp == '\t' ? '\t' : ' ');
            i += Character.charCount(cp);
        }
        for (; col < span.column(); col++) {
            caret.append(' ');
        }
        caret.append('^');
        out.append(caret).append('\n');
        return out.toString();
    }

    /** Control characters (a NUL byte, say) would garble a terminal: show them as U+XXXX. */
    private static String printable(String line) {
        StringBuilder out = new StringBuilder(line.length());
        line.codePoints().forEach(cp -> {
            if (cp != '\t' && Character.isISOControl(cp)) {
                out.append('?');
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }
}
