package io.github.chainrule.syntax;

import io.github.chainrule.diag.Span;
import org.antlr.v4.runtime.Token;

final class Tokens {
    private Tokens() {}

    static Span span(Token t) {
        String text = t.getType() == Token.EOF ? "" : t.getText();
        int length = text == null ? 1 : text.codePointCount(0, text.length());
        return new Span(Math.max(1, t.getLine()), t.getCharPositionInLine() + 1, length);
    }

    /** Messages quote what the user wrote, but not a 100,000-character name in full. */
    static String shortText(Token t) {
        String text = t.getText();
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}
