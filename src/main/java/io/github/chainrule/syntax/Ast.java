package io.github.chainrule.syntax;

import io.github.chainrule.diag.SourceFile;
import io.github.chainrule.diag.Span;
import java.util.List;
import java.util.Optional;

/**
 * The syntax tree: what the user wrote, with a span on every piece. It can be as deep as the user's
 * nesting, so every pass over it after the parser walks it with an explicit stack ({@link
 * AstWalk}). The records with children compare by identity and print shallowly: the generated
 * equals, hashCode and toString would recurse as deep as the tree (and so would those of any record
 * that holds an expression, such as a checked program's definitions).
 */
public final class Ast {
    private Ast() {}

    public record Program(SourceFile source, List<Stmt> statements) {}

    /** A name as written, with its place. */
    public record Ident(String name, Span span) {}

    public sealed interface Stmt permits Declaration, SizeDecl, Assignment, FunctionDef {
        Span span();
    }

    public enum DeclKind {
        INPUT("input"),
        WRT("wrt"),
        OUTPUT("output");

        public final String keyword;

        DeclKind(String keyword) {
            this.keyword = keyword;
        }
    }

    /**
     * {@code input}, {@code wrt} or {@code output} and its names. An input may be an array: {@code
     * shapes} holds, for each name in order, its dimensions as written ({@code input x[n], W[m,
     * n]}), empty for a scalar (and always empty for {@code wrt} and {@code output}).
     */
    public record Declaration(DeclKind kind, List<Ident> names, List<List<Expr>> shapes, Span span)
            implements Stmt {
        public Declaration(DeclKind kind, List<Ident> names, Span span) {
            this(kind, names, names.stream().map(n -> List.<Expr>of()).toList(), span);
        }
    }

    /** {@code dim n, d = 784}: sizes given at call time, or fixed in the program. */
    public record SizeDecl(List<Size> sizes, Span span) implements Stmt {}

    /** One size of a {@code dim} line; {@code fixed} is what follows its {@code =}, if anything. */
    public record Size(Ident name, Optional<Expr> fixed) {}

    /**
     * {@code name = value}, or an indexed statement {@code name[i, j] = value for i in lo..hi, j}:
     * {@code subscripts} are the left-hand side's (empty for a scalar), {@code binders} what
     * follows {@code for} (empty when the ranges are all inferred or there are none).
     */
    public record Assignment(
            Ident target, List<Expr> subscripts, Expr value, List<Binder> binders, Span span)
            implements Stmt {
        public Assignment(Ident target, Expr value, Span span) {
            this(target, List.of(), value, List.of(), span);
        }

        public boolean indexed() {
            return !subscripts.isEmpty();
        }
    }

    /** An index variable and, if written, its half-open range {@code lo..hi}. */
    public record Binder(Ident index, Optional<Range> range) {}

    /** {@code lo..hi}, that is {@code lo <= i < hi}; {@code span} is the {@code ..}'s. */
    public record Range(Expr lo, Expr hi, Span span) {}

    public record FunctionDef(Ident name, List<Ident> params, Expr body, Span span)
            implements Stmt {}

    public sealed interface Expr permits Num, Name, Unary, Binary, Call, Index, Reduction {
        Span span();
    }

    /** A numeric literal; {@code text} as written, for messages and for printing. */
    public record Num(double value, String text, Span span) implements Expr {}

    public record Name(String name, Span span) implements Expr {}

    public enum UnaryOp {
        NEG("-"),
        PLUS("+"),
        NOT("!");

        public final String symbol;

        UnaryOp(String symbol) {
            this.symbol = symbol;
        }
    }

    public record Unary(UnaryOp op, Expr operand, Span span) implements Expr {
        @Override
        public boolean equals(Object o) {
            return o == this;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }

        @Override
        public String toString() {
            return "Unary[" + op.symbol + " at " + span + "]";
        }
    }

    public enum BinaryOp {
        ADD("+"),
        SUB("-"),
        MUL("*"),
        DIV("/"),
        POW("^"),
        LT("<"),
        LE("<="),
        GT(">"),
        GE(">="),
        EQ("=="),
        NE("!="),
        AND("&&"),
        OR("||");

        public final String symbol;

        BinaryOp(String symbol) {
            this.symbol = symbol;
        }

        public boolean isComparison() {
            return switch (this) {
                case LT, LE, GT, GE, EQ, NE -> true;
                case ADD, SUB, MUL, DIV, POW, AND, OR -> false;
            };
        }

        public boolean isLogical() {
            return this == AND || this == OR;
        }
    }

    /** {@code span} is the operator's place, where messages about the operation point. */
    public record Binary(BinaryOp op, Expr left, Expr right, Span span) implements Expr {
        @Override
        public boolean equals(Object o) {
            return o == this;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }

        @Override
        public String toString() {
            return "Binary[" + op.symbol + " at " + span + "]";
        }
    }

    /** A call of a built-in, of a user's function, or of {@code if}; {@code span} is the name's. */
    public record Call(String function, List<Expr> args, Span span) implements Expr {
        @Override
        public boolean equals(Object o) {
            return o == this;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }

        @Override
        public String toString() {
            return "Call[" + function + " at " + span + "]";
        }
    }

    /** An element of an array, {@code x[i+1]} or {@code W[j, i]}; {@code span} is the name's. */
    public record Index(String array, List<Expr> subscripts, Span span) implements Expr {
        @Override
        public boolean equals(Object o) {
            return o == this;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }

        @Override
        public String toString() {
            return "Index[" + array + " at " + span + "]";
        }
    }

    /**
     * {@code sum(body for i in lo..hi, j)}, or {@code max}, {@code min}: {@code function} as
     * written (the checker knows which names reduce); {@code span} is the name's.
     */
    public record Reduction(String function, Expr body, List<Binder> binders, Span span)
            implements Expr {
        @Override
        public boolean equals(Object o) {
            return o == this;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }

        @Override
        public String toString() {
            return "Reduction[" + function + " at " + span + "]";
        }
    }
}
