package io.github.chainrule.syntax;

import io.github.chainrule.diag.Reporter;
import io.github.chainrule.diag.SourceFile;
import io.github.chainrule.diag.Span;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * Source text to syntax tree. ANTLR's recursive-descent parser recurses once or twice per level of
 * nesting, so parsing runs on a thread of its own with a large stack; nesting deeper than
 * {@link #MAX_NESTING} is refused before parsing, with its position.
 */
public final class SyntaxParser {
    /** Parentheses, calls, unary operators and '^' chains, counted together. */
    public static final int MAX_NESTING = 250_000;
    private static final long STACK_BYTES = 2L << 30;

    private SyntaxParser() {}

    /** The syntax tree, or empty when the reporter received errors. */
    public static Optional<Ast.Program> parse(SourceFile source, Reporter reporter) {
        AtomicReference<Ast.Program> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread parser = new Thread(null, () -> {
            try {
                result.set(parseHere(source, reporter));
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "chainrule-parser", STACK_BYTES);
        parser.start();
        try {
            parser.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while parsing", e);
        }
        Throwable t = failure.get();
        if (t instanceof StackOverflowError) {
            reporter.error(Span.NONE, "the program is nested too deeply to parse");
            return Optional.empty();
        }
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error err) {
            throw err;
        }
        return reporter.hasErrors() ? Optional.empty() : Optional.ofNullable(result.get());
    }

    private static Ast.Program parseHere(SourceFile source, Reporter reporter) {
        ChainruleLexer lexer = new ChainruleLexer(CharStreams.fromString(source.text(), source.name()));
        SyntaxErrors errors = new SyntaxErrors(reporter);
        lexer.removeErrorListeners();
        lexer.addErrorListener(errors);
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        if (errors.count() > 0 || !nestingFits(tokens, reporter)) {
            return null;
        }

        ChainruleParser parser = new ChainruleParser(tokens);
        parser.removeErrorListeners();
        // Two stages, as ANTLR recommends: the fast SLL prediction, and full LL with error
        // reporting only when SLL fails (then the errors are real or need full context).
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        parser.setErrorHandler(new BailErrorStrategy());
        ChainruleParser.ProgramContext tree;
        try {
            tree = parser.program();
        } catch (ParseCancellationException e) {
            tokens.seek(0);
            parser.reset();
            parser.addErrorListener(errors);
            parser.setErrorHandler(new DefaultErrorStrategy());
            parser.getInterpreter().setPredictionMode(PredictionMode.LL);
            tree = parser.program();
        }
        if (errors.count() > 0) {
            return null;
        }
        return new AstBuilder(source, reporter).program(tree);
    }

    /** Counts open parentheses plus runs of prefix operators and '^'; refuses absurd depths. */
    private static boolean nestingFits(CommonTokenStream tokens, Reporter reporter) {
        int depth = 0;
        int run = 0;
        for (Token t : tokens.getTokens()) {
            String text = t.getText();
            if ("(".equals(text)) {
                depth++;
            } else if (")".equals(text)) {
                depth = Math.max(0, depth - 1);
            }
            if ("^".equals(text) || "**".equals(text) || "-".equals(text) || "+".equals(text) || "!".equals(text)) {
                run++;
            } else if (t.getType() == ChainruleLexer.ID || t.getType() == ChainruleLexer.NUMBER) {
                // an operand ends a run of prefix operators, but not a chain of '^'
                run = "^".equals(nextText(tokens, t)) || "**".equals(nextText(tokens, t)) ? run : 0;
            }
            if (depth + run > MAX_NESTING) {
                reporter.error(Tokens.span(t), "expression nested deeper than " + MAX_NESTING + " levels");
                return false;
            }
        }
        return true;
    }

    private static String nextText(CommonTokenStream tokens, Token t) {
        int i = t.getTokenIndex() + 1;
        return i < tokens.size() ? tokens.get(i).getText() : "";
    }
}
