package io.github.chainrule.syntax;

import io.github.chainrule.diag.Reporter;
import io.github.chainrule.diag.SourceFile;
import io.github.chainrule.diag.Span;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * Source text to syntax tree. ANTLR's recursive-descent parser recurses a few frames per level of
 * nesting, so parsing (and building the tree, which recurses as deep) runs on a thread of its own
 * with a large stack; nesting deeper than {@link #MAX_NESTING} is refused before parsing, with its
 * position. A valid file is parsed once, whole; a file with syntax errors is parsed again statement
 * by statement to report each statement's first error ({@link SyntaxErrors}).
 */
public final class SyntaxParser {
    /**
     * Open parentheses (calls included) plus a run of prefix operators or of '^', counted together.
     */
    public static final int MAX_NESTING = 250_000;

    private static final long STACK_BYTES = 2L << 30;

    private SyntaxParser() {}

    /**
     * The syntax tree, or empty when the text has syntax errors (reported). The tree may come with
     * errors of its own, such as a number too large for a double; the checker stops on those.
     */
    public static Optional<Ast.Program> parse(SourceFile source, Reporter reporter) {
        AtomicReference<Ast.Program> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread parser =
                new Thread(
                        null,
                        () -> {
                            try {
                                result.set(parseHere(source, reporter));
                            } catch (Throwable t) {
                                failure.set(t);
                            }
                        },
                        "chainrule-parser",
                        STACK_BYTES);
        parser.start();
        boolean interrupted = false;
        while (true) {
            try {
                parser.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the parse cannot be stopped halfway: wait for it, then say so
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable t = failure.get();
        if (t instanceof StackOverflowError) {
            // Only if a JVM grants less stack than asked for: the nesting check keeps well inside
            // it.
            reporter.error(
                    Span.NONE,
                    "the program is nested too deeply to parse: split its expressions"
                            + " into several statements");
            return Optional.empty();
        }
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error err) {
            throw err;
        }
        return Optional.ofNullable(result.get());
    }

    private static Ast.Program parseHere(SourceFile source, Reporter reporter) {
        ChainruleLexer lexer =
                new ChainruleLexer(CharStreams.fromString(source.text(), source.name()));
        LexerErrors lexerErrors = new LexerErrors(reporter);
        lexer.removeErrorListeners();
        lexer.addErrorListener(lexerErrors);
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        if (lexerErrors.count > 0 || !nestingFits(tokens, reporter)) {
            return null;
        }
        // Two stages, as ANTLR recommends: the fast SLL prediction, then full LL only if SLL fails
        // (a valid program may need full context); a program neither accepts has errors.
        ChainruleParser.ProgramContext tree = parseWhole(tokens, PredictionMode.SLL);
        if (tree == null) {
            tree = parseWhole(tokens, PredictionMode.LL);
        }
        if (tree == null) {
            SyntaxErrors.report(tokens.getTokens(), reporter);
            return null;
        }
        return new AstBuilder(source, reporter).program(tree);
    }

    private static ChainruleParser.ProgramContext parseWhole(
            CommonTokenStream tokens, PredictionMode mode) {
        tokens.seek(0);
        ChainruleParser parser = new ChainruleParser(tokens);
        parser.removeErrorListeners();
        parser.getInterpreter().setPredictionMode(mode);
        parser.setErrorHandler(new BailErrorStrategy());
        try {
            return parser.program();
        } catch (ParseCancellationException e) {
            return null;
        }
    }

    /**
     * The lexer ends in a catch-all rule, so it never fails; should it ever, its error is reported
     * in the same form as any other, and counted so that parsing stops.
     */
    private static final class LexerErrors extends BaseErrorListener {
        private final Reporter reporter;
        int count;

        LexerErrors(Reporter reporter) {
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
            count++;
            reporter.error(new Span(Math.max(1, line), column + 1, 1), "unexpected input");
        }
    }

    /**
     * Counts open parentheses plus the current run of prefix operators or of '^' (a power tower
     * nests to the right), and refuses depths the parser's stack is not sized for.
     */
    private static boolean nestingFits(CommonTokenStream tokens, Reporter reporter) {
        int depth = 0;
        int run = 0;
        int n = tokens.size();
        for (int i = 0; i < n; i++) {
            Token t = tokens.get(i);
            switch (t.getType()) {
                case ChainruleLexer.LPAREN -> depth++;
                case ChainruleLexer.RPAREN -> depth = Math.max(0, depth - 1);
                case ChainruleLexer.CARET,
                        ChainruleLexer.POW,
                        ChainruleLexer.MINUS,
                        ChainruleLexer.PLUS,
                        ChainruleLexer.NOT ->
                        run++;
                case ChainruleLexer.ID, ChainruleLexer.NUMBER -> {
                    // an operand ends a run of prefix operators, but not a chain of '^'
                    int next = i + 1 < n ? tokens.get(i + 1).getType() : Token.EOF;
                    if (next != ChainruleLexer.CARET && next != ChainruleLexer.POW) {
                        run = 0;
                    }
                }
                default -> {}
            }
            if (depth + run > MAX_NESTING) {
                reporter.error(
                        Tokens.span(t),
                        "expression nested deeper than "
                                + MAX_NESTING
                                + " levels: split it into several statements");
                return false;
            }
        }
        return true;
    }
}
