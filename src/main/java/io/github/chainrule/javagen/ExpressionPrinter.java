package io.github.chainrule.javagen;

import java.util.function.IntFunction;
import java.util.regex.Pattern;

/**
 * Prints {@link Code} as Java expressions with only the parentheses Java needs (floating-point
 * operations do not reassociate: {@code a - (b + c)} keeps its parentheses, and so does {@code a *
 * (b * c)}).
 */
final class ExpressionPrinter {
    private static final int TERNARY = 10;
    private static final int OR = 30;
    private static final int AND = 40;
    private static final int EQUALITY = 55;
    private static final int RELATIONAL = 60;
    private static final int ADDITIVE = 70;
    private static final int MULTIPLICATIVE = 80;
    private static final int UNARY = 90;
    private static final int ATOM = 100;

    /** A format that is one call whose arguments are each a whole comma-separated argument. */
    private static final Pattern PLAIN_CALL =
            Pattern.compile(
                    "[A-Za-z_][A-Za-z0-9_.]*\\((\\$\\d+L|[0-9.]+)(, (\\$\\d+L|[0-9.]+))*\\)");

    private final IntFunction<String> names;
    private final JavaLiterals literals;

    /** Prints values by {@code names} and literals through {@code literals}. */
    ExpressionPrinter(IntFunction<String> names, JavaLiterals literals) {
        this.names = names;
        this.literals = literals;
    }

    /**
     * {@code c} as Java source. Expressions are printed into one string (not a tree of CodeBlocks:
     * a large class has half a million statements): the names come from the method's NameAllocator,
     * the literals from {@link JavaLiterals} and the calls from the function table's JavaPoet
     * formats, whose {@code $nL} are the only placeholders they use.
     */
    String print(Code c) {
        StringBuilder b = new StringBuilder();
        print(c, 0, b);
        return b.toString();
    }

    private void print(Code c, int context, StringBuilder b) {
        int own = precedence(c);
        boolean parens = own < context;
        if (parens) {
            b.append('(');
        }
        if (c instanceof Code.Ref r) {
            b.append(names.apply(r.value()));
        } else if (c instanceof Code.Literal l) {
            b.append(literals.reference(l.value()));
        } else if (c instanceof Code.Neg n) {
            b.append('-');
            print(n.operand(), ATOM, b);
        } else if (c instanceof Code.Binary x) {
            int p = precedence(x.op());
            print(x.left(), p, b);
            b.append(' ').append(x.op().symbol).append(' ');
            print(x.right(), p + 1, b);
        } else if (c instanceof Code.Call call) {
            printCall(call, b);
        } else if (c instanceof Code.Pow p) {
            b.append("Math.pow(");
            print(p.base(), 0, b);
            b.append(", ");
            print(p.exponent(), 0, b);
            b.append(')');
        } else if (c instanceof Code.Compare x) {
            int p = precedence(c);
            print(x.left(), p + 1, b);
            b.append(' ').append(x.op().symbol()).append(' ');
            print(x.right(), p + 1, b);
        } else if (c instanceof Code.Logic l) {
            switch (l.op()) {
                case NOT -> {
                    b.append('!');
                    print(l.args().get(0), ATOM, b);
                }
                case AND, OR -> {
                    int p = precedence(c);
                    print(l.args().get(0), p, b);
                    b.append(' ').append(l.op().symbol()).append(' ');
                    print(l.args().get(1), p + 1, b);
                }
            }
        } else if (c instanceof Code.Choose ch) {
            print(ch.condition(), TERNARY + 1, b);
            b.append(" ? ");
            print(ch.ifTrue(), TERNARY + 1, b);
            b.append(" : ");
            print(ch.ifFalse(), TERNARY + 1, b);
        } else {
            throw new AssertionError(c);
        }
        if (parens) {
            b.append(')');
        }
    }

    /**
     * A call's format with each {@code $nL} replaced by argument n, parenthesised unless the format
     * is a plain call.
     */
    private void printCall(Code.Call call, StringBuilder b) {
        String format = call.fn().javaFormat();
        boolean plain = PLAIN_CALL.matcher(format).matches();
        for (int i = 0; i < format.length(); i++) {
            char ch = format.charAt(i);
            if (ch != '$') {
                b.append(ch);
                continue;
            }
            int end = i + 1;
            while (end < format.length() && Character.isDigit(format.charAt(end))) {
                end++;
            }
            if (end == i + 1 || end >= format.length() || format.charAt(end) != 'L') {
                throw new AssertionError("a function's Java format may only use $nL: " + format);
            }
            print(
                    call.args().get(Integer.parseInt(format.substring(i + 1, end)) - 1),
                    plain ? 0 : ATOM,
                    b);
            i = end;
        }
    }

    private int precedence(Code c) {
        if (c instanceof Code.Ref) {
            return ATOM;
        } else if (c instanceof Code.Literal l) {
            return literals.isNegative(l.value()) ? UNARY : ATOM;
        } else if (c instanceof Code.Neg) {
            return UNARY;
        } else if (c instanceof Code.Binary x) {
            return precedence(x.op());
        } else if (c instanceof Code.Call || c instanceof Code.Pow) {
            return ATOM; // every format is a call or parenthesised
        } else if (c instanceof Code.Compare x) {
            return switch (x.op()) {
                case EQ, NE -> EQUALITY;
                case LT, LE, GT, GE -> RELATIONAL;
            };
        } else if (c instanceof Code.Logic l) {
            return switch (l.op()) {
                case NOT -> UNARY;
                case AND -> AND;
                case OR -> OR;
            };
        } else if (c instanceof Code.Choose) {
            return TERNARY;
        }
        throw new AssertionError(c);
    }

    private static int precedence(Code.Op op) {
        return op.additive() ? ADDITIVE : MULTIPLICATIVE;
    }
}
