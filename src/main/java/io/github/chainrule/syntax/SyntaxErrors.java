package io.github.chainrule.syntax;

import io.github.chainrule.diag.Reporter;
import io.github.chainrule.diag.Span;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * Turns ANTLR's syntax errors into messages in a user's words ("expected an expression after
 * '+'", "missing ')' to close '(' at 3:5"), computed from the parser's state rather than from
 * ANTLR's token names.
 */
final class SyntaxErrors extends BaseErrorListener {
    private final Reporter reporter;
    private int count;

    SyntaxErrors(Reporter reporter) {
        this.reporter = reporter;
    }

    int count() {
        return count;
    }

    @Override
    public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int column,
                            String antlrMessage, RecognitionException e) {
        count++;
        if (!(recognizer instanceof Parser parser) || !(offendingSymbol instanceof Token found)) {
            // The lexer has a catch-all rule, so it never reports; keep a message if it ever does.
            reporter.error(new Span(Math.max(1, line), column + 1, 1), "unexpected input");
            return;
        }
        TokenStream tokens = parser.getInputStream();
        Token previous = previousToken(tokens, found);
        IntervalSet expected = expectedTokens(parser, e);
        Span at = place(found, previous);

        if (found.getType() == ChainruleLexer.UNKNOWN) {
            reporter.error(Tokens.span(found), "unexpected character " + describeChar(found.getText()));
            return;
        }
        Token unclosed = unclosedParen(tokens, found);
        boolean wantsExpression = expected.contains(ChainruleLexer.NUMBER) && expected.contains(ChainruleLexer.ID);
        if (wantsExpression) {
            String after = previous == null ? "" : " after " + quote(previous);
            reporter.error(at, "expected an expression" + after + ", found " + describe(found));
            return;
        }
        if (unclosed != null && expected.contains(closeParenType(parser))
                && (found.getType() == Token.EOF || startsStatement(tokens, found))) {
            reporter.error(at, "missing ')' to close '(' at " + Tokens.span(unclosed));
            return;
        }
        if (expected.contains(ChainruleLexer.ID) && previous != null && isDeclarationKeyword(previous)
                && expected.size() <= 2) {
            reporter.error(at, "expected a name after " + quote(previous) + ", found " + describe(found));
            return;
        }
        if (expected.contains(ChainruleLexer.INPUT) && expected.contains(ChainruleLexer.ID)) {
            reporter.error(Tokens.span(found), "expected a statement (name = expression, f(params) = expression,"
                    + " or input/wrt/output names), found " + describe(found));
            return;
        }
        reporter.error(at, "expected " + describe(parser, expected) + ", found " + describe(found));
    }

    private static IntervalSet expectedTokens(Parser parser, RecognitionException e) {
        if (e != null && e.getExpectedTokens() != null) {
            return e.getExpectedTokens();
        }
        try {
            return parser.getExpectedTokens();
        } catch (RuntimeException ignored) {
            return new IntervalSet();
        }
    }

    private static int closeParenType(Parser parser) {
        return tokenType(parser, "')'");
    }

    private static int tokenType(Parser parser, String literal) {
        for (int t = 0; t <= parser.getVocabulary().getMaxTokenType(); t++) {
            if (literal.equals(parser.getVocabulary().getLiteralName(t))) {
                return t;
            }
        }
        return Token.INVALID_TYPE;
    }

    /** Errors at the end of the file point just after the last token, not at an empty line. */
    private static Span place(Token found, Token previous) {
        if (found.getType() == Token.EOF && previous != null) {
            Span p = Tokens.span(previous);
            return new Span(p.line(), p.column() + p.length(), 1);
        }
        return Tokens.span(found);
    }

    private static Token previousToken(TokenStream tokens, Token found) {
        int i = found.getTokenIndex() - 1;
        return i >= 0 ? tokens.get(i) : null;
    }

    /** The innermost '(' still open before {@code found}, scanning back to the statement's start. */
    private static Token unclosedParen(TokenStream tokens, Token found) {
        Deque<Token> open = new ArrayDeque<>();
        int end = found.getTokenIndex();
        int start = end - 1;
        while (start > 0 && !startsStatementAt(tokens, start)) {
            start--;
        }
        for (int i = Math.max(0, start); i < end; i++) {
            Token t = tokens.get(i);
            if ("(".equals(t.getText()) && t.getType() != ChainruleLexer.UNKNOWN) {
                open.push(t);
            } else if (")".equals(t.getText()) && !open.isEmpty()) {
                open.pop();
            }
        }
        return open.peek();
    }

    private static boolean startsStatement(TokenStream tokens, Token t) {
        return startsStatementAt(tokens, t.getTokenIndex());
    }

    /** A keyword, or a name followed by '=' (function heads are rare enough to leave out here). */
    private static boolean startsStatementAt(TokenStream tokens, int i) {
        Token t = tokens.get(i);
        if (isDeclarationKeyword(t) || ";".equals(t.getText())) {
            return true;
        }
        if (t.getType() == ChainruleLexer.ID && i + 1 < tokens.size()) {
            return "=".equals(tokens.get(i + 1).getText());
        }
        return false;
    }

    private static boolean isDeclarationKeyword(Token t) {
        int type = t.getType();
        return type == ChainruleLexer.INPUT || type == ChainruleLexer.WRT || type == ChainruleLexer.OUTPUT;
    }

    static String quote(Token t) {
        return "'" + t.getText() + "'";
    }

    static String describe(Token t) {
        return switch (t.getType()) {
            case Token.EOF -> "end of file";
            case ChainruleLexer.ID -> "name '" + Tokens.shortText(t) + "'";
            case ChainruleLexer.NUMBER -> "number '" + Tokens.shortText(t) + "'";
            case ChainruleLexer.INPUT, ChainruleLexer.OUTPUT, ChainruleLexer.WRT, ChainruleLexer.IF ->
                    "keyword '" + t.getText() + "'";
            default -> "'" + Tokens.shortText(t) + "'";
        };
    }

    private static String describe(Parser parser, IntervalSet expected) {
        List<String> words = new ArrayList<>();
        for (int type : expected.toList()) {
            String word = switch (type) {
                case Token.EOF -> "end of file";
                case ChainruleLexer.ID -> "a name";
                case ChainruleLexer.NUMBER -> "a number";
                default -> {
                    String literal = parser.getVocabulary().getLiteralName(type);
                    yield literal == null ? parser.getVocabulary().getDisplayName(type) : literal;
                }
            };
            if (!words.contains(word)) {
                words.add(word);
            }
        }
        if (words.isEmpty()) {
            return "something else";
        }
        if (words.size() == 1) {
            return words.get(0);
        }
        return String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.get(words.size() - 1);
    }

    private static String describeChar(String text) {
        int cp = text.codePointAt(0);
        if (Character.isISOControl(cp) || Character.isWhitespace(cp)) {
            return String.format("U+%04X", cp);
        }
        return "'" + text + "'";
    }
}
