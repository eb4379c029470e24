package io.github.chainrule.syntax;

import io.github.chainrule.diag.Span;
import io.github.chainrule.diag.Suggestions;
import org.antlr.v4.runtime.Token;

final class Tokens {
    private Tokens() {}

    /** The token's place; its length in characters (the char stream indexes code points). */
    static Span span(Token t) {
        int length = t.getType() == Token.EOF ? 1 : t.getStopIndex() - t.getStartIndex() + 1;
        return new Span(Math.max(1, t.getLine()), t.getCharPositionInLine() + 1, length);
    }

    /** Just after the token, where something missing after it belongs. */
    static Span after(Token t) {
        Span s = span(t);
        return new Span(s.line(), s.column() + (t.getType() == Token.EOF ? 0 : s.length()), 1);
    }

    /** Messages quote what the user wrote, but not a 100,000-character name in full. */
    static String shortText(Token t) {
        return Suggestions.shorten(t.getText());
    }
}
