package io.github.chainrule.javagen;

import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;
import java.util.regex.Pattern;

/**
 * Prints {@link Code} as Java expressions with only the parentheses Java needs (floating-point
 * operations do not reassociate: {@code a - (b + c)} keeps its parentheses, and so does {@code a *
 * (b * c)}), and estimates the bytecode javac makes of them, so that methods can be kept under the
 * JIT's size limit before anything is compiled. The estimates follow javac's straight-line code
 * generation: a local's load or store takes 1, 2 or 4 bytes depending on its slot, a double literal
 * other than 0 and 1 takes an ldc2_w of 3 bytes, an operation 1 byte and a call 3.
 */
final class JavaCode {
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
    JavaCode(IntFunction<String> names, JavaLiterals literals) {
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
        String format = call.format();
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
        } else if (c instanceof Code.Call) {
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

    // ---- measures
    // ---------------------------------------------------------------------------------

    /** The number of operations (everything but values and literals). */
    static int weight(Code c) {
        if (Code.isAtom(c)) {
            return 0;
        }
        int w = 1;
        for (Code child : children(c)) {
            w += weight(child);
        }
        return w;
    }

    static int depth(Code c) {
        if (Code.isAtom(c)) {
            return 0;
        }
        int d = 0;
        for (Code child : children(c)) {
            d = Math.max(d, depth(child));
        }
        return d + 1;
    }

    static void forEachRef(Code c, IntConsumer action) {
        if (c instanceof Code.Ref r) {
            action.accept(r.value());
            return;
        }
        for (Code child : children(c)) {
            forEachRef(child, action);
        }
    }

    static void forEachLiteral(Code c, java.util.function.DoubleConsumer action) {
        if (c instanceof Code.Literal l) {
            action.accept(l.value());
            return;
        }
        for (Code child : children(c)) {
            forEachLiteral(child, action);
        }
    }

    private static java.util.List<Code> children(Code c) {
        if (c instanceof Code.Ref || c instanceof Code.Literal) {
            return java.util.List.of();
        } else if (c instanceof Code.Neg n) {
            return java.util.List.of(n.operand());
        } else if (c instanceof Code.Binary x) {
            return java.util.List.of(x.left(), x.right());
        } else if (c instanceof Code.Call call) {
            return call.args();
        } else if (c instanceof Code.Compare x) {
            return java.util.List.of(x.left(), x.right());
        } else if (c instanceof Code.Logic l) {
            return l.args();
        } else if (c instanceof Code.Choose ch) {
            return java.util.List.of(ch.condition(), ch.ifTrue(), ch.ifFalse());
        }
        throw new AssertionError(c);
    }

    /**
     * Bytes of bytecode javac makes of {@code c}, a little on the generous side; {@code load} gives
     * the cost of loading a value (which depends on its local slot).
     */
    int bytes(Code c, IntUnaryOperator load) {
        if (c instanceof Code.Ref r) {
            return load.applyAsInt(r.value());
        } else if (c instanceof Code.Literal l) {
            return literals.bytes(l.value());
        } else if (c instanceof Code.Neg n) {
            return 1 + bytes(n.operand(), load);
        } else if (c instanceof Code.Binary x) {
            return 1 + bytes(x.left(), load) + bytes(x.right(), load);
        } else if (c instanceof Code.Call call) {
            int total = 3 + 3; // invokestatic, and a literal in the format (Math.max(x, 0.0))
            for (int i = 0; i < call.args().size(); i++) {
                total += bytes(call.args().get(i), load) * Code.mentions(call.format(), i + 1);
            }
            return total + (call.conditional() ? 12 : 0);
        } else if (c instanceof Code.Compare x) {
            return 10
                    + bytes(x.left(), load)
                    + bytes(x.right(), load); // dcmp, if, and 0/1 when stored
        } else if (c instanceof Code.Logic l) {
            int total = 14;
            for (Code a : l.args()) {
                total += bytes(a, load);
            }
            return total;
        } else if (c instanceof Code.Choose ch) {
            return 8
                    + bytes(ch.condition(), load)
                    + bytes(ch.ifTrue(), load)
                    + bytes(ch.ifFalse(), load);
        }
        throw new AssertionError(c);
    }

    /** Bytes to load or store the local in {@code slot}: xload_n, xload n, or wide xload n. */
    static int localBytes(int slot) {
        return slot <= 3 ? 1 : slot <= 255 ? 2 : 4;
    }

    /**
     * Bytes to push the int {@code i}: iconst, bipush or sipush (callers keep indices below 32768).
     */
    static int intBytes(int i) {
        return i >= -1 && i <= 5 ? 1 : i >= -128 && i <= 127 ? 2 : 3;
    }
}
