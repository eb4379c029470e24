package io.github.chainrule.javagen;

import io.github.chainrule.graph.Cmp;
import io.github.chainrule.graph.LogicOp;
import java.util.List;

/**
 * An expression of generated Java code: what one flat statement computes from earlier values.
 * {@link Schedule} lowers graph nodes into these (products and integer powers become the exact
 * multiplications {@link io.github.chainrule.graph.Evaluator} performs, long sums become trees of
 * partial sums); {@link JavaCode} prints them with just the parentheses Java needs and estimates
 * their bytecode size. Trees are small and shallow by construction, so recursion over them is
 * bounded (a statement never holds more than {@link Schedule#MAX_WEIGHT} operations).
 */
sealed interface Code
        permits Code.Ref,
                Code.Literal,
                Code.Neg,
                Code.Binary,
                Code.Call,
                Code.Compare,
                Code.Logic,
                Code.Choose {

    /**
     * A value computed earlier or given: an input, a seed or a temporary (see {@link Schedule}).
     */
    record Ref(int value) implements Code {}

    record Literal(double value) implements Code {}

    record Neg(Code operand) implements Code {}

    record Binary(Op op, Code left, Code right) implements Code {}

    /**
     * A call, or any expression given as a JavaPoet format over already printed arguments ({@code
     * $1L}, {@code $2L}): the built-in functions' {@code javaFormat()}, and Math.pow. An argument
     * that the format repeats must be a {@link Ref} or a {@link Literal}.
     */
    record Call(String format, List<Code> args, boolean conditional) implements Code {}

    record Compare(Cmp op, Code left, Code right) implements Code {}

    record Logic(LogicOp op, List<Code> args) implements Code {}

    /** {@code condition ? ifTrue : ifFalse}. */
    record Choose(Code condition, Code ifTrue, Code ifFalse) implements Code {}

    enum Op {
        ADD("+"),
        SUB("-"),
        MUL("*"),
        DIV("/");

        final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        boolean additive() {
            return this == ADD || this == SUB;
        }
    }

    /** How many times the format of a call mentions argument {@code i} (1-based, {@code $iL}). */
    static int mentions(String format, int i) {
        String token = "$" + i + "L";
        int count = 0;
        for (int at = format.indexOf(token); at >= 0; at = format.indexOf(token, at + 1)) {
            count++;
        }
        return count;
    }

    static boolean isAtom(Code c) {
        return c instanceof Ref || c instanceof Literal;
    }
}
