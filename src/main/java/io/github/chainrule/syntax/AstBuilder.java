package io.github.chainrule.syntax;

import io.github.chainrule.diag.Reporter;
import io.github.chainrule.diag.SourceFile;
import io.github.chainrule.diag.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Builds the syntax tree from ANTLR's parse tree. It recurses as deep as the parse tree, so it runs
 * on the parser's thread with its large stack; nothing after it sees a parse tree.
 */
final class AstBuilder extends ChainruleBaseVisitor<Object> {
    private final SourceFile source;
    private final Reporter reporter;

    AstBuilder(SourceFile source, Reporter reporter) {
        this.source = source;
        this.reporter = reporter;
    }

    Ast.Program program(ChainruleParser.ProgramContext ctx) {
        List<Ast.Stmt> statements = new ArrayList<>();
        for (ChainruleParser.StatementContext s : ctx.statement()) {
            statements.add((Ast.Stmt) visit(s));
        }
        return new Ast.Program(source, List.copyOf(statements));
    }

    @Override
    public Ast.Stmt visitInputDecl(ChainruleParser.InputDeclContext ctx) {
        List<Ast.Ident> names = new ArrayList<>();
        List<List<Ast.Expr>> shapes = new ArrayList<>();
        for (ChainruleParser.ArrayNameContext a : ctx.arrayNames().arrayName()) {
            names.add(ident(a.ID().getSymbol()));
            shapes.add(subscripts(a.subscripts()));
        }
        return new Ast.Declaration(
                Ast.DeclKind.INPUT,
                List.copyOf(names),
                List.copyOf(shapes),
                Tokens.span(ctx.getStart()));
    }

    @Override
    public Ast.Stmt visitDimDecl(ChainruleParser.DimDeclContext ctx) {
        List<Ast.Size> sizes = new ArrayList<>();
        for (ChainruleParser.SizeContext size : ctx.sizes().size()) {
            Optional<Ast.Expr> fixed =
                    size.expr() == null ? Optional.empty() : Optional.of(expr(size.expr()));
            sizes.add(new Ast.Size(ident(size.ID().getSymbol()), fixed));
        }
        return new Ast.SizeDecl(List.copyOf(sizes), Tokens.span(ctx.getStart()));
    }

    /** What is between {@code [} and {@code ]}; empty when there are no brackets. */
    private List<Ast.Expr> subscripts(ChainruleParser.SubscriptsContext ctx) {
        if (ctx == null) {
            return List.of();
        }
        List<Ast.Expr> out = new ArrayList<>();
        for (ChainruleParser.ExprContext e : ctx.args().expr()) {
            out.add(expr(e));
        }
        return List.copyOf(out);
    }

    private List<Ast.Binder> binders(ChainruleParser.BindersContext ctx) {
        if (ctx == null) {
            return List.of();
        }
        List<Ast.Binder> out = new ArrayList<>();
        for (ChainruleParser.BinderContext b : ctx.binder()) {
            Optional<Ast.Range> range =
                    b.IN() == null
                            ? Optional.empty()
                            : Optional.of(
                                    new Ast.Range(
                                            expr(b.expr(0)),
                                            expr(b.expr(1)),
                                            Tokens.span(b.DOTDOT().getSymbol())));
            out.add(new Ast.Binder(ident(b.ID().getSymbol()), range));
        }
        return List.copyOf(out);
    }

    @Override
    public Ast.Stmt visitWrtDecl(ChainruleParser.WrtDeclContext ctx) {
        return declaration(Ast.DeclKind.WRT, ctx.getStart(), ctx.names());
    }

    @Override
    public Ast.Stmt visitOutputDecl(ChainruleParser.OutputDeclContext ctx) {
        return declaration(Ast.DeclKind.OUTPUT, ctx.getStart(), ctx.names());
    }

    private Ast.Stmt declaration(
            Ast.DeclKind kind, Token keyword, ChainruleParser.NamesContext names) {
        return new Ast.Declaration(kind, idents(names), Tokens.span(keyword));
    }

    private static List<Ast.Ident> idents(ChainruleParser.NamesContext names) {
        List<Ast.Ident> out = new ArrayList<>();
        if (names != null) {
            for (TerminalNode id : names.ID()) {
                out.add(ident(id.getSymbol()));
            }
        }
        return List.copyOf(out);
    }

    private static Ast.Ident ident(Token t) {
        return new Ast.Ident(t.getText(), Tokens.span(t));
    }

    @Override
    public Ast.Stmt visitFunctionDef(ChainruleParser.FunctionDefContext ctx) {
        Ast.Ident name = ident(ctx.ID().getSymbol());
        return new Ast.FunctionDef(name, idents(ctx.names()), expr(ctx.expr()), name.span());
    }

    @Override
    public Ast.Stmt visitAssignment(ChainruleParser.AssignmentContext ctx) {
        Ast.Ident target = ident(ctx.ID().getSymbol());
        return new Ast.Assignment(
                target,
                subscripts(ctx.subscripts()),
                expr(ctx.expr()),
                binders(ctx.binders()),
                target.span());
    }

    private Ast.Expr expr(ChainruleParser.ExprContext ctx) {
        return (Ast.Expr) visit(ctx);
    }

    @Override
    public Ast.Expr visitPower(ChainruleParser.PowerContext ctx) {
        return new Ast.Binary(
                Ast.BinaryOp.POW, expr(ctx.expr(0)), expr(ctx.expr(1)), Tokens.span(ctx.op));
    }

    @Override
    public Ast.Expr visitUnary(ChainruleParser.UnaryContext ctx) {
        Ast.UnaryOp op = ctx.op.getText().equals("-") ? Ast.UnaryOp.NEG : Ast.UnaryOp.PLUS;
        return new Ast.Unary(op, expr(ctx.expr()), Tokens.span(ctx.op));
    }

    @Override
    public Ast.Expr visitNot(ChainruleParser.NotContext ctx) {
        return new Ast.Unary(Ast.UnaryOp.NOT, expr(ctx.expr()), Tokens.span(ctx.op));
    }

    @Override
    public Ast.Expr visitMultiplicative(ChainruleParser.MultiplicativeContext ctx) {
        return leftChain(ctx);
    }

    @Override
    public Ast.Expr visitAdditive(ChainruleParser.AdditiveContext ctx) {
        return leftChain(ctx);
    }

    @Override
    public Ast.Expr visitComparison(ChainruleParser.ComparisonContext ctx) {
        return leftChain(ctx);
    }

    @Override
    public Ast.Expr visitAnd(ChainruleParser.AndContext ctx) {
        return leftChain(ctx);
    }

    @Override
    public Ast.Expr visitOr(ChainruleParser.OrContext ctx) {
        return leftChain(ctx);
    }

    /**
     * A left-associative chain such as {@code a + b - c * d + ...} is as deep as it is long, and
     * nothing limits its length: walk its left spine in a loop, and recurse only into the right
     * operands, whose depth the parser's nesting check bounds.
     */
    private Ast.Expr leftChain(ChainruleParser.ExprContext top) {
        List<ChainruleParser.ExprContext> spine = new ArrayList<>();
        ChainruleParser.ExprContext c = top;
        while (isLeftAssociative(c)) {
            spine.add(c);
            c = c.getRuleContext(ChainruleParser.ExprContext.class, 0);
        }
        Ast.Expr result = expr(c);
        for (int i = spine.size() - 1; i >= 0; i--) {
            ChainruleParser.ExprContext level = spine.get(i);
            Token op = ((TerminalNode) level.getChild(1)).getSymbol();
            Ast.Expr right = expr(level.getRuleContext(ChainruleParser.ExprContext.class, 1));
            result = new Ast.Binary(binaryOp(op), result, right, Tokens.span(op));
        }
        return result;
    }

    private static boolean isLeftAssociative(ChainruleParser.ExprContext c) {
        return c instanceof ChainruleParser.MultiplicativeContext
                || c instanceof ChainruleParser.AdditiveContext
                || c instanceof ChainruleParser.ComparisonContext
                || c instanceof ChainruleParser.AndContext
                || c instanceof ChainruleParser.OrContext;
    }

    private static Ast.BinaryOp binaryOp(Token op) {
        return switch (op.getType()) {
            case ChainruleLexer.PLUS -> Ast.BinaryOp.ADD;
            case ChainruleLexer.MINUS -> Ast.BinaryOp.SUB;
            case ChainruleLexer.STAR -> Ast.BinaryOp.MUL;
            case ChainruleLexer.SLASH -> Ast.BinaryOp.DIV;
            case ChainruleLexer.LT -> Ast.BinaryOp.LT;
            case ChainruleLexer.LE -> Ast.BinaryOp.LE;
            case ChainruleLexer.GT -> Ast.BinaryOp.GT;
            case ChainruleLexer.GE -> Ast.BinaryOp.GE;
            case ChainruleLexer.EQ -> Ast.BinaryOp.EQ;
            case ChainruleLexer.NE -> Ast.BinaryOp.NE;
            case ChainruleLexer.AND -> Ast.BinaryOp.AND;
            case ChainruleLexer.OR -> Ast.BinaryOp.OR;
            default -> throw new AssertionError(op.getText());
        };
    }

    @Override
    public Ast.Expr visitCall(ChainruleParser.CallContext ctx) {
        if (ctx.FOR() != null) {
            return reduction(ctx);
        }
        List<Ast.Expr> args = new ArrayList<>();
        if (ctx.args() != null) {
            for (ChainruleParser.ExprContext a : ctx.args().expr()) {
                args.add(expr(a));
            }
        }
        return new Ast.Call(ctx.name.getText(), List.copyOf(args), Tokens.span(ctx.name));
    }

    @Override
    public Ast.Expr visitIndex(ChainruleParser.IndexContext ctx) {
        Token name = ctx.ID().getSymbol();
        return new Ast.Index(name.getText(), subscripts(ctx.subscripts()), Tokens.span(name));
    }

    /** {@code sum(body for i in lo..hi, j)}: one expression before {@code for}. */
    private Ast.Expr reduction(ChainruleParser.CallContext ctx) {
        Span span = Tokens.span(ctx.name);
        List<ChainruleParser.ExprContext> args = ctx.args() == null ? List.of() : ctx.args().expr();
        if (args.size() != 1) {
            reporter.error(
                    args.size() > 1 ? Tokens.span(ctx.args().COMMA(0).getSymbol()) : span,
                    "a reduction takes one expression before 'for', as in "
                            + ctx.name.getText()
                            + "(x[i] for i)");
        }
        Ast.Expr body = args.isEmpty() ? new Ast.Num(0, "0", span) : expr(args.get(0));
        return new Ast.Reduction(ctx.name.getText(), body, binders(ctx.binders()), span);
    }

    @Override
    public Ast.Expr visitName(ChainruleParser.NameContext ctx) {
        Token t = ctx.ID().getSymbol();
        return new Ast.Name(t.getText(), Tokens.span(t));
    }

    @Override
    public Ast.Expr visitNumber(ChainruleParser.NumberContext ctx) {
        Token t = ctx.NUMBER().getSymbol();
        String text = t.getText();
        double value = Double.parseDouble(text);
        Span span = Tokens.span(t);
        if (Double.isInfinite(value)) {
            reporter.error(
                    span,
                    "number '"
                            + Tokens.shortText(t)
                            + "' is too large: a double holds at most about 1.8e308");
        } else if (value == 0 && hasNonZeroDigit(text)) {
            reporter.warning(
                    span,
                    "number '"
                            + Tokens.shortText(t)
                            + "' is too small for a double and is taken as 0");
        }
        return new Ast.Num(value, text, span);
    }

    /** Whether the digits before the exponent are not all zeros. */
    private static boolean hasNonZeroDigit(String number) {
        for (int i = 0; i < number.length(); i++) {
            char c = number.charAt(i);
            if (c == 'e' || c == 'E') {
                return false;
            }
            if (c >= '1' && c <= '9') {
                return true;
            }
        }
        return false;
    }

    @Override
    public Ast.Expr visitParens(ChainruleParser.ParensContext ctx) {
        return expr(ctx.expr());
    }
}
