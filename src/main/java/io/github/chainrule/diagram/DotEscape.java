package io.github.chainrule.diagram;

/**
 * Text into Graphviz DOT, so that no name, expression or file name can end a string or a label
 * early, inject attributes, or be taken for one of Graphviz's escapes ({@code \N} is the node's
 * name, {@code \G} the graph's). The output is ASCII whatever the text: characters beyond ASCII
 * become HTML character references, which Graphviz decodes in every string, so the DOT reads the
 * same through any console encoding.
 */
final class DotEscape {
    private DotEscape() {}

    /** Text inside an HTML-like label {@code <...>}: one line (line breaks become spaces). */
    static String html(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case '\\' -> out.append("\\\\"); // Graphviz expands \N, \G, ... even in HTML labels
                default -> appendOther(out, c, " ");
            }
        }
        return out.toString();
    }

    /** A double-quoted DOT string, quotes included; line breaks become Graphviz's {@code \n}. */
    static String string(String text) {
        StringBuilder out = new StringBuilder(text.length() + 18).append('"');
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '&' -> out.append("&amp;");
                case '\n' -> out.append("\\n");
                case '\r' -> {
                    if (i < text.length() && text.charAt(i) == '\n') {
                        continue; // \r\n is one line break
                    }
                    out.append("\\n");
                }
                default -> appendOther(out, c, " ");
            }
        }
        return out.append('"').toString();
    }

    /**
     * Printable ASCII as it is, other control characters as {@code control}, everything else as a
     * character reference; what XML cannot carry (lone surrogates, U+FFFE, U+FFFF) as U+FFFD.
     */
    private static void appendOther(StringBuilder out, int c, String control) {
        if (c >= 0x20 && c < 0x7f) {
            out.append((char) c);
        } else if (c < 0x20 || c == 0x7f) {
            out.append(control);
        } else if ((c >= 0xd800 && c <= 0xdfff) || c == 0xfffe || c == 0xffff) {
            out.append("&#65533;");
        } else {
            out.append("&#").append(c).append(';');
        }
    }
}
