package io.github.chainrule.javagen;

import java.util.ArrayList;
import java.util.List;

/**
 * Text from a user's source, made safe for a Javadoc comment. javac translates {@code \}{@code u}
 * escapes before it even looks for the end of a comment, so a source comment holding {@code
 * *}{@code /}, a unicode-escaped {@code *}{@code /} or a unicode-escaped line break could otherwise
 * end the comment and inject code. Here every character that is not printable ASCII, every
 * backslash, {@code @}, {@code <}, {@code >} and {@code &}, and a {@code /} right after a {@code
 * *}, becomes an HTML character reference: the comment renders as the source did, the generated
 * file is pure ASCII, and nothing in it is a unicode escape, a comment end or a tag. Lists of
 * names, in the Javadoc and in messages, are shortened here too.
 */
final class JavaDocs {
    private JavaDocs() {}

    /** One line of text, escaped for a Javadoc comment. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '/' && out.length() > 0 && out.charAt(out.length() - 1) == '*') {
                out.append("&#47;"); // no comment end
            } else if (cp >= 0x20 && cp < 0x7f && "\\@<>&".indexOf(cp) < 0) {
                out.append((char) cp);
            } else if (cp == '<') {
                out.append("&lt;");
            } else if (cp == '>') {
                out.append("&gt;");
            } else if (cp == '&') {
                out.append("&amp;");
            } else if (cp == '\t') {
                out.append("    ");
            } else {
                out.append("&#").append(cp).append(';');
            }
        }
        return out.toString();
    }

    /** Names for messages and Javadoc: all of them when few, else the first ones and a count. */
    static String list(List<String> names) {
        if (names.isEmpty()) {
            return "none";
        }
        if (names.size() <= 12) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, 10)) + ", ... (" + names.size() + " in all)";
    }

    /** The lines of {@code text}, split at any Java line terminator (LF, CR, CRLF). */
    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                out.add(text.substring(start, i));
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        if (start < text.length()) {
            out.add(text.substring(start));
        }
        return out;
    }
}
