package io.github.chainrule.syntax;

import static io.github.chainrule.syntax.ChainruleLexer.ASSIGN;
import static io.github.chainrule.syntax.ChainruleLexer.COMMA;
import static io.github.chainrule.syntax.ChainruleLexer.ID;
import static io.github.chainrule.syntax.ChainruleLexer.IF;
import static io.github.chainrule.syntax.ChainruleLexer.INPUT;
import static io.github.chainrule.syntax.ChainruleLexer.LPAREN;
import static io.github.chainrule.syntax.ChainruleLexer.NUMBER;
import static io.github.chainrule.syntax.ChainruleLexer.OUTPUT;
import static io.github.chainrule.syntax.ChainruleLexer.RPAREN;
import static io.github.chainrule.syntax.ChainruleLexer.SEMI;
import static io.github.chainrule.syntax.ChainruleLexer.UNKNOWN;
import static io.github.chainrule.syntax.ChainruleLexer.WRT;

import io.github.chainrule.diag.Reporter;
import io.github.chainrule.diag.Span;
import io.github.chainrule.diag.Suggestions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.ListTokenSource;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.IntervalSet;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * Syntax errors in a user's words ("expected an expression after '+'", "missing ')' to close '(' at
 * 3:5"), never ANTLR's token names.
 *
 * <p>A file that failed to parse is cut into statements, and each statement is parsed again by
 * itself; the first error of each is reported. A statement starts at the beginning of the file,
 * after a ';', and at the beginning of a line that looks like the start of one (a keyword, or a
 * name followed by '=' or by '(...) ='). In a valid program these are exactly the statements, and
 * in an invalid one they are where the user meant a statement to start: a missing operand at the
 * end of a line is reported there rather than as a confusing error on the next line, and an error
 * in one statement does not hide the errors of the next.
 *
 * <p>The message is chosen from the tokens around the error and from what the parser was reading
 * (an expression, a function's head, a declaration, the start or end of a statement).
 */
final class SyntaxErrors {
    private SyntaxErrors() {}

    /** Reports every statement's first syntax error; {@code tokens} ends with EOF. */
    static void report(List<Token> tokens, Reporter reporter) {
        int before = reporter.errorCount();
        for (List<Token> statement : statements(tokens)) {
            parseAlone(statement, reporter);
        }
        if (reporter.errorCount() == before) {
            // Unreachable if the statements are cut right: valid statements make a valid program.
            reporter.error(Span.NONE, "the program could not be parsed");
        }
    }

    // ---- cutting the file into statements ------------------------------------------------------

    static List<List<Token>> statements(List<Token> tokens) {
        List<List<Token>> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            boolean end = t.getType() == Token.EOF || t.getType() == SEMI;
            if (end || (i > start && firstOnLine(tokens, i) && startsStatement(tokens, i))) {
                if (i > start) {
                    out.add(tokens.subList(start, i));
                }
                start = end ? i + 1 : i;
            }
        }
        return out;
    }

    private static boolean firstOnLine(List<Token> tokens, int i) {
        return i == 0 || tokens.get(i - 1).getLine() < tokens.get(i).getLine();
    }

    /**
     * A keyword, or a name (or 'if', to report it) followed by '=' or by '(...) =' on its line; or,
     * after a line that ends an expression, a name followed by '(' (a head that lacks its '=').
     */
    private static boolean startsStatement(List<Token> tokens, int i) {
        int type = tokens.get(i).getType();
        if (isDeclarationKeyword(type)) {
            return true;
        }
        if ((type != ID && type != IF) || i + 1 >= tokens.size()) {
            return false;
        }
        int next = tokens.get(i + 1).getType();
        if (next == ASSIGN || (next == LPAREN && isFunctionHead(tokens, i))) {
            return true;
        }
        int before = i > 0 ? tokens.get(i - 1).getType() : Token.EOF;
        return next == LPAREN
                && type == ID
                && (before == ID || before == NUMBER || before == RPAREN);
    }

    /** {@code name ( ... ) =}, the parentheses balanced and all on the name's line. */
    private static boolean isFunctionHead(List<Token> tokens, int i) {
        int line = tokens.get(i).getLine();
        int depth = 0;
        for (int j = i + 1; j < tokens.size() && tokens.get(j).getLine() == line; j++) {
            int type = tokens.get(j).getType();
            if (type == LPAREN) {
                depth++;
            } else if (type == RPAREN && --depth == 0) {
                return j + 1 < tokens.size() && tokens.get(j + 1).getType() == ASSIGN;
            }
        }
        return false;
    }

    // ---- parsing one statement -----------------------------------------------------------------

    private static void parseAlone(List<Token> statement, Reporter reporter) {
        List<Token> copies = new ArrayList<>(statement.size() + 1);
        for (Token t : statement) {
            copies.add(
                    new CommonToken(t)); // the stream renumbers its tokens: leave the file's alone
        }
        Token last = statement.get(statement.size() - 1);
        CommonToken eof = new CommonToken(Token.EOF, "<EOF>");
        Span end = Tokens.after(last);
        eof.setLine(end.line());
        eof.setCharPositionInLine(end.column() - 1);
        copies.add(eof);

        ChainruleParser parser =
                new ChainruleParser(new CommonTokenStream(new ListTokenSource(copies)));
        parser.removeErrorListeners();
        parser.addErrorListener(new FirstError(reporter));
        parser.setErrorHandler(new DefaultErrorStrategy());
        parser.getInterpreter().setPredictionMode(PredictionMode.LL);
        try {
            parser.singleStatement();
        } catch (ParseCancellationException stop) {
            // the statement's first error is reported; what follows it would only be noise
        }
    }

    /** Reports the first error of a statement, then stops its parse. */
    private static final class FirstError extends BaseErrorListener {
        private final Reporter reporter;

        FirstError(Reporter reporter) {
            this.reporter = reporter;
        }

        @Override
        public void syntaxError(
                Recognizer<?, ?> recognizer,
                Object offendingSymbol,
                int line,
                int column,
                String antlrMessage,
                RecognitionException e) {
            if (recognizer instanceof Parser parser && offendingSymbol instanceof Token found) {
                Error error = new Explainer(parser, found, e).explain();
                reporter.error(error.span(), error.message());
            } else {
                reporter.error(new Span(Math.max(1, line), column + 1, 1), "unexpected input");
            }
            throw new ParseCancellationException();
        }
    }

    private record Error(Span span, String message) {}

    /** What the parser was reading when it failed. */
    private enum Where {
        /** The start of a statement, before the parser chose what kind it is. */
        STATEMENT_START,
        /** After a whole statement, where it could end. */
        STATEMENT_END,
        EXPRESSION,
        /** The names of an input, wrt or output line. */
        DECLARATION,
        /** A function's parameters, or its head before the '='. */
        FUNCTION_HEAD,
        /** An assignment's target, before the '='. */
        ASSIGNMENT_HEAD
    }

    private static final class Explainer {
        private final Parser parser;
        private final Token found;
        private final RecognitionException exception;
        private final List<Token> tokens = new ArrayList<>();
        private final int index;
        private final Token previous;

        Explainer(Parser parser, Token found, RecognitionException exception) {
            this.parser = parser;
            this.found = found;
            this.exception = exception;
            CommonTokenStream stream = (CommonTokenStream) parser.getInputStream();
            stream.fill();
            tokens.addAll(stream.getTokens());
            this.index = found.getTokenIndex();
            this.previous = index > 0 ? tokens.get(index - 1) : null;
        }

        Error explain() {
            int type = found.getType();
            boolean strayBracket =
                    type == ChainruleLexer.RBRACK
                            || (type == ChainruleLexer.LBRACK
                                    && (previous == null || previous.getType() != ID));
            if (type == UNKNOWN || strayBracket) { // a '[' after a name indexes an array
                return at(
                        found,
                        "unexpected character "
                                + describeChar(found.getText())
                                + hintFor(found.getText()));
            }
            Error keyword = misusedKeyword();
            if (keyword != null) {
                return keyword;
            }
            Token open = unclosedParen();
            if (type == RPAREN && open == null) {
                return at(found, "')' has no matching '('");
            }
            IntervalSet expected = expected();
            Where where = where();
            if (where == Where.FUNCTION_HEAD
                    && tokens.get(0).getType() == ID
                    && tokens.get(1).getType() == LPAREN
                    && !isFunctionHead(tokens, 0)) {
                return headWithoutEquals();
            }
            return switch (where) {
                case EXPRESSION -> inExpression(expected, open);
                case STATEMENT_END -> afterStatement(open);
                case DECLARATION -> inDeclaration(expected);
                case FUNCTION_HEAD -> inFunctionHead(expected, open);
                case ASSIGNMENT_HEAD, STATEMENT_START -> atStatementStart();
            };
        }

        // ---- the cases -------------------------------------------------------------------------

        private Error misusedKeyword() {
            int type = found.getType();
            if (isDeclarationKeyword(type) && index > 0) {
                return at(
                        found,
                        "'" + found.getText() + "' is a keyword and cannot be used as a name");
            }
            if (type == IF && index == 0) {
                int next = tokens.get(1).getType();
                if (next == ASSIGN) {
                    return at(found, "'if' is a keyword and cannot be assigned");
                }
                if (next == LPAREN && isFunctionHead(tokens, 0)) {
                    return at(found, "'if' is a keyword and cannot name a function");
                }
                return at(found, "expected a statement (such as 'z = x * y'), found keyword 'if'");
            }
            if (type == IF && where() != Where.EXPRESSION) {
                return at(found, "'if' is a keyword and cannot be used as a name");
            }
            if (index == 1 && isDeclarationKeyword(previous.getType())) {
                if (type == ASSIGN) {
                    return at(
                            previous,
                            "'" + previous.getText() + "' is a keyword and cannot be assigned");
                }
                if (type == LPAREN) {
                    return at(
                            previous,
                            "'" + previous.getText() + "' is a keyword and cannot name a function");
                }
            }
            if (previous != null && previous.getType() == IF && type != LPAREN) {
                return missing(
                        "expected '(' after 'if'",
                        ": write if(condition, value if true, value if false)");
            }
            return null;
        }

        private Error inExpression(IntervalSet expected, Token open) {
            if (expected.contains(NUMBER)) {
                return missing("expected an expression after " + quote(previous));
            }
            if (open != null && (atEnd() || onLaterLine())) {
                return missing("missing ')' to close '(' at " + Tokens.span(open));
            }
            if (found.getType() == ASSIGN) {
                return at(
                        found,
                        "unexpected '=' after "
                                + quote(previous)
                                + " (to compare, write '==', '<=' or '>=')");
            }
            Error juxtaposed = juxtaposed();
            if (juxtaposed != null) {
                return juxtaposed;
            }
            if (open != null) {
                String what = isCall(open) ? "an operator, ',' or ')'" : "an operator or ')'";
                return at(
                        found,
                        "expected "
                                + what
                                + " after "
                                + quote(previous)
                                + ", found "
                                + describe(found));
            }
            return generic(expected);
        }

        private Error afterStatement(Token open) {
            if (onLaterLine()) {
                return newLine();
            }
            boolean declaration = isDeclarationKeyword(tokens.get(0).getType());
            if (found.getType() == ChainruleLexer.ASSIGN) {
                return at(
                        found,
                        declaration
                                ? "unexpected '=' after "
                                        + quote(previous)
                                        + ": an "
                                        + tokens.get(0).getText()
                                        + " line only lists names"
                                : "unexpected '=' after "
                                        + quote(previous)
                                        + " (to compare, write '==', '<=' or '>=')");
            }
            if (declaration) {
                return at(
                        found,
                        "expected ',' after " + quote(previous) + ", found " + describe(found));
            }
            Error juxtaposed = juxtaposed();
            if (juxtaposed != null) {
                return juxtaposed;
            }
            return at(
                    found,
                    "expected an operator or the end of the statement after "
                            + quote(previous)
                            + ", found "
                            + describe(found));
        }

        private Error inDeclaration(IntervalSet expected) {
            if (expected.contains(ID)) {
                return missing("expected a name after " + quote(previous));
            }
            return generic(expected);
        }

        private Error inFunctionHead(IntervalSet expected, Token open) {
            if (expected.contains(ASSIGN)) {
                return missing("expected '=' after " + quoteRange(index));
            }
            if (expected.contains(ID)
                    && (previous.getType() == COMMA || previous.getType() == LPAREN)) {
                return missing("expected a parameter name after " + quote(previous));
            }
            if (open != null && (atEnd() || onLaterLine())) {
                return missing("missing ')' to close '(' at " + Tokens.span(open));
            }
            if (expected.contains(RPAREN)) {
                return missing("expected ',' or ')' after parameter " + quote(previous));
            }
            return generic(expected);
        }

        private Error atStatementStart() {
            Token first = tokens.get(0);
            if (index == 0 || first.getType() != ID) {
                return at(
                        found,
                        "expected a statement (such as 'z = x * y'), found " + describe(found));
            }
            return missing("expected '=' after " + quote(first), keywordHint(first.getText()));
        }

        /**
         * A line that starts after a whole statement but is not a statement itself: a name without
         * its '=' ({@code z == x}, {@code x + 1}), or anything else.
         */
        private Error newLine() {
            if (found.getType() == ID && index + 1 < tokens.size()) {
                Token next = tokens.get(index + 1);
                String hint = keywordHint(found.getText());
                if (next.getType() == Token.EOF || next.getLine() > found.getLine()) {
                    return new Error(
                            Tokens.after(found), "expected '=' after " + quote(found) + hint);
                }
                return at(
                        next,
                        "expected '=' after " + quote(found) + ", found " + describe(next) + hint);
            }
            return at(
                    found, "expected a statement (such as 'z = x * y'), found " + describe(found));
        }

        /**
         * A statement that starts as {@code name(} but has no '=' after its ')': a function's head
         * without its '=', or a call standing alone.
         */
        private Error headWithoutEquals() {
            int close = matchingParen(1);
            boolean onlyNames = true;
            for (int i = 2; i < close; i++) {
                int t = tokens.get(i).getType();
                onlyNames &= t == ID || t == COMMA;
            }
            if (!onlyNames || close < 0) {
                return at(
                        tokens.get(0),
                        "a call alone is not a statement: assign its value, as in 'z = "
                                + Tokens.shortText(tokens.get(0))
                                + "(...)'");
            }
            Token after = tokens.get(close + 1);
            String message = "expected '=' after " + quoteRange(close + 1);
            if (after.getType() == Token.EOF || after.getLine() > tokens.get(close).getLine()) {
                return new Error(Tokens.after(tokens.get(close)), message);
            }
            return at(after, message + ", found " + describe(after));
        }

        /** The index of the ')' that closes the '(' at {@code open}, or -1. */
        private int matchingParen(int open) {
            int depth = 0;
            for (int i = open; i < tokens.size(); i++) {
                int t = tokens.get(i).getType();
                if (t == LPAREN) {
                    depth++;
                } else if (t == RPAREN && --depth == 0) {
                    return i;
                }
            }
            return -1;
        }

        /** Two operands side by side: {@code 3x}, {@code 1.2.3}, {@code 2(x + 1)}. */
        private Error juxtaposed() {
            if (previous == null || atEnd()) {
                return null;
            }
            int p = previous.getType();
            int f = found.getType();
            boolean adjacent =
                    previous.getLine() == found.getLine()
                            && previous.getStopIndex() + 1 == found.getStartIndex();
            if (adjacent && p == NUMBER && f == NUMBER) {
                return at(
                        previous,
                        "malformed number '"
                                + Suggestions.shorten(previous.getText() + found.getText())
                                + "'");
            }
            if (adjacent && p == NUMBER && f == ID) {
                if (found.getText().startsWith("e") || found.getText().startsWith("E")) {
                    return at(
                            previous,
                            "malformed number '"
                                    + Suggestions.shorten(previous.getText() + found.getText())
                                    + "': an exponent needs digits, as in 1e5");
                }
                return at(
                        found,
                        "expected an operator after "
                                + quote(previous)
                                + ", found "
                                + describe(found)
                                + " (write "
                                + quote(previous).replace("'", "")
                                + "*"
                                + Tokens.shortText(found)
                                + " to multiply)");
            }
            if (f == LPAREN && (p == NUMBER || p == RPAREN)) {
                return at(
                        found,
                        "expected an operator after "
                                + quote(previous)
                                + ", found '(' (write '*' to multiply)");
            }
            return null;
        }

        private Error generic(IntervalSet expected) {
            String after = previous == null ? "" : " after " + quote(previous);
            return missing("expected " + describe(expected) + after);
        }

        // ---- places and words ------------------------------------------------------------------

        /** At the offending token. */
        private Error at(Token t, String message) {
            return new Error(
                    t.getType() == Token.EOF && previous != null
                            ? Tokens.after(previous)
                            : Tokens.span(t),
                    message);
        }

        /**
         * Something is missing after the previous token: point there, and say what came instead
         * when it is on the same line; at the end of a statement or line, nothing came.
         */
        private Error missing(String message) {
            return missing(message, "");
        }

        private Error missing(String message, String hint) {
            if (previous == null) {
                return at(found, message + ", found " + describe(found) + hint);
            }
            if (atEnd() || onLaterLine()) {
                return new Error(Tokens.after(previous), message + hint);
            }
            return new Error(Tokens.span(found), message + ", found " + describe(found) + hint);
        }

        private boolean atEnd() {
            return found.getType() == Token.EOF;
        }

        private boolean onLaterLine() {
            return previous != null
                    && found.getType() != Token.EOF
                    && found.getLine() > previous.getLine();
        }

        /**
         * The tokens the parser could take at the point of failure. Not the exception's: after a
         * loop, ANTLR reports what the loop could have taken, which is not what was missing.
         */
        private IntervalSet expected() {
            try {
                return parser.getExpectedTokens();
            } catch (RuntimeException e) {
                return exception != null && exception.getExpectedTokens() != null
                        ? exception.getExpectedTokens()
                        : new IntervalSet();
            }
        }

        private Where where() {
            for (ParserRuleContext c = parser.getContext(); c != null; c = c.getParent()) {
                if (c instanceof ChainruleParser.ExprContext
                        || c instanceof ChainruleParser.ArgsContext
                        || c instanceof ChainruleParser.SubscriptsContext
                        || c instanceof ChainruleParser.BindersContext) {
                    return Where.EXPRESSION;
                }
                if (c instanceof ChainruleParser.ArrayNamesContext
                        || c instanceof ChainruleParser.SizesContext
                        || c instanceof ChainruleParser.DimDeclContext) {
                    return Where.DECLARATION;
                }
                if (c instanceof ChainruleParser.NamesContext) {
                    return c.getParent() instanceof ChainruleParser.FunctionDefContext
                            ? Where.FUNCTION_HEAD
                            : Where.DECLARATION;
                }
                if (c instanceof ChainruleParser.FunctionDefContext) {
                    return Where.FUNCTION_HEAD;
                }
                if (c instanceof ChainruleParser.AssignmentContext) {
                    return Where.ASSIGNMENT_HEAD;
                }
                if (c instanceof ChainruleParser.InputDeclContext
                        || c instanceof ChainruleParser.WrtDeclContext
                        || c instanceof ChainruleParser.OutputDeclContext) {
                    return Where.DECLARATION;
                }
                if (c instanceof ChainruleParser.SingleStatementContext) {
                    return c.getChildCount() > 0 && index > 0
                            ? Where.STATEMENT_END
                            : Where.STATEMENT_START;
                }
                if (c instanceof ChainruleParser.StatementContext) {
                    return Where.STATEMENT_START;
                }
            }
            return Where.STATEMENT_START;
        }

        /** The innermost '(' still open before the error. */
        private Token unclosedParen() {
            List<Token> open = new ArrayList<>();
            for (int i = 0; i < index; i++) {
                int type = tokens.get(i).getType();
                if (type == LPAREN) {
                    open.add(tokens.get(i));
                } else if (type == RPAREN && !open.isEmpty()) {
                    open.remove(open.size() - 1);
                }
            }
            return open.isEmpty() ? null : open.get(open.size() - 1);
        }

        private boolean isCall(Token open) {
            int i = open.getTokenIndex();
            return i > 0
                    && (tokens.get(i - 1).getType() == ID || tokens.get(i - 1).getType() == IF);
        }

        /**
         * The text of the first {@code end} tokens, quoted, if it is short; else the last of them.
         */
        private String quoteRange(int end) {
            StringBuilder head = new StringBuilder();
            for (int i = 0; i < end; i++) {
                head.append(tokens.get(i).getText());
                if (tokens.get(i).getType() == COMMA) {
                    head.append(' ');
                }
            }
            return Suggestions.isShort(head.toString())
                    ? "'" + head + "'"
                    : quote(tokens.get(end - 1));
        }
    }

    private static final List<String> DECLARATION_KEYWORDS = List.of("input", "output", "wrt");

    /**
     * A name at the start of a statement that is a declaration keyword misspelt ('inptu') or glued
     * to the first name ('inputx'): say so.
     */
    static String keywordHint(String name) {
        for (String keyword : DECLARATION_KEYWORDS) {
            if (name.length() > keyword.length() && name.startsWith(keyword)) {
                return Suggestions.hint(
                        keyword + " " + Suggestions.shorten(name.substring(keyword.length())));
            }
        }
        for (String keyword : DECLARATION_KEYWORDS) {
            if (Suggestions.near(name, keyword)) {
                return Suggestions.hint(keyword);
            }
        }
        return "";
    }

    // ---- words
    // -----------------------------------------------------------------------------------

    private static boolean isDeclarationKeyword(int type) {
        return type == INPUT || type == WRT || type == OUTPUT;
    }

    static String quote(Token t) {
        return "'" + Tokens.shortText(t) + "'";
    }

    static String describe(Token t) {
        return switch (t.getType()) {
            case Token.EOF -> "the end of the statement";
            case ID -> "name '" + Tokens.shortText(t) + "'";
            case NUMBER -> "number '" + Tokens.shortText(t) + "'";
            case INPUT, OUTPUT, WRT, IF -> "keyword '" + t.getText() + "'";
            case UNKNOWN -> describeChar(t.getText());
            default -> "'" + Tokens.shortText(t) + "'";
        };
    }

    private static String describe(IntervalSet expected) {
        List<String> words = new ArrayList<>();
        for (int type : expected.toList()) {
            String word =
                    switch (type) {
                        case Token.EOF -> "the end of the statement";
                        case ID -> "a name";
                        case NUMBER -> "a number";
                        default ->
                                ChainruleLexer.VOCABULARY.getLiteralName(
                                        type); // quoted, as in "')'"
                    };
            if (word != null && !words.contains(word)) {
                words.add(word);
            }
        }
        if (words.isEmpty()) {
            return "something else";
        }
        if (words.size() == 1) {
            return words.get(0);
        }
        return String.join(", ", words.subList(0, words.size() - 1))
                + " or "
                + words.get(words.size() - 1);
    }

    private static String describeChar(String text) {
        int cp = text.codePointAt(0);
        return switch (Character.getType(cp)) {
            case Character.CONTROL,
                    Character.FORMAT,
                    Character.SPACE_SEPARATOR,
                    Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR,
                    Character.PRIVATE_USE,
                    Character.SURROGATE,
                    Character.UNASSIGNED ->
                    String.format("U+%04X", cp);
            default -> "'" + text + "'";
        };
    }

    /** Characters a user may type for something the language spells otherwise. */
    private static final Map<String, String> LOOKALIKES =
            Map.ofEntries(
                    Map.entry("&", "&&"),
                    Map.entry("|", "||"),
                    Map.entry("\u2212", "-"),
                    Map.entry("\u00d7", "*"),
                    Map.entry("\u00b7", "*"),
                    Map.entry("\u22c5", "*"),
                    Map.entry("\u00f7", "/"),
                    Map.entry("\u2264", "<="),
                    Map.entry("\u2265", ">="),
                    Map.entry("\u2260", "!="));

    private static String hintFor(String text) {
        String instead = LOOKALIKES.get(text);
        if (instead != null) {
            return Suggestions.hint(instead);
        }
        int cp = text.codePointAt(0);
        if (text.equals("[") || text.equals("]") || text.equals("{") || text.equals("}")) {
            return " (use '(' and ')' to group)";
        }
        if (Character.isLetter(cp)) {
            return " (names use only the letters A-Z and a-z, digits and '_')";
        }
        return "";
    }
}
