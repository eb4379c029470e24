package io.github.chainrule.javagen;

import io.github.chainrule.graph.Cmp;
import io.github.chainrule.graph.Fn;
import io.github.chainrule.graph.LogicOp;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;
import java.util.function.IntConsumer;

/**
 * An expression of generated Java code: what one flat statement computes from earlier values.
 * {@link FlatStatements} lowers graph nodes into these (products and integer powers become the
 * exact multiplications {@link io.github.chainrule.graph.Evaluator} performs, long sums become
 * trees of partial sums); {@link ExpressionPrinter} prints them with just the parentheses Java
 * needs and {@link BytecodeSize} estimates their bytecode. Trees are small and shallow by
 * construction, so recursion over them is bounded (a statement never holds more than {@link
 * FlatStatements#MAX_WEIGHT} operations).
 */
sealed interface Code
        permits Code.Ref,
                Code.Literal,
                Code.Neg,
                Code.Binary,
                Code.Call,
                Code.Pow,
                Code.Compare,
                Code.Logic,
                Code.Choose {

    /** The expressions this one reads, in order. */
    List<Code> children();

    /** A value computed earlier or given: an input, a seed or a temporary. */
    record Ref(int value) implements Code {
        @Override
        public List<Code> children() {
            return List.of();
        }
    }

    record Literal(double value) implements Code {
        @Override
        public List<Code> children() {
            return List.of();
        }
    }

    record Neg(Code operand) implements Code {
        @Override
        public List<Code> children() {
            return List.of(operand);
        }
    }

    record Binary(Op op, Code left, Code right) implements Code {
        @Override
        public List<Code> children() {
            return List.of(left, right);
        }
    }

    /**
     * A built-in function applied to its arguments, written as the function's {@link
     * Fn#javaFormat()}. An argument that the format repeats must be a {@link Ref} or a {@link
     * Literal}.
     */
    record Call(Fn fn, List<Code> args) implements Code {
        @Override
        public List<Code> children() {
            return args;
        }

        /** Whether the format chooses between values ({@code a == 0.0 ? 0.0 : a * b}). */
        boolean conditional() {
            return fn.javaFormat().contains("?");
        }

        /** How many times {@code fn}'s format mentions argument {@code i} (0-based). */
        static int mentions(Fn fn, int i) {
            String format = fn.javaFormat();
            String token = "$" + (i + 1) + "L";
            int count = 0;
            for (int at = format.indexOf(token); at >= 0; at = format.indexOf(token, at + 1)) {
                count++;
            }
            return count;
        }
    }

    /** {@code Math.pow(base, exponent)}. */
    record Pow(Code base, Code exponent) implements Code {
        @Override
        public List<Code> children() {
            return List.of(base, exponent);
        }
    }

    record Compare(Cmp op, Code left, Code right) implements Code {
        @Override
        public List<Code> children() {
            return List.of(left, right);
        }
    }

    record Logic(LogicOp op, List<Code> args) implements Code {
        @Override
        public List<Code> children() {
            return args;
        }
    }

    /** {@code condition ? ifTrue : ifFalse}. */
    record Choose(Code condition, Code ifTrue, Code ifFalse) implements Code {
        @Override
        public List<Code> children() {
            return List.of(condition, ifTrue, ifFalse);
        }
    }

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

    /** A value or a literal: what a statement may read more than once at no cost. */
    default boolean isAtom() {
        return this instanceof Ref || this instanceof Literal;
    }

    /** The number of operations (everything but values and literals). */
    default int weight() {
        if (isAtom()) {
            return 0;
        }
        int w = 1;
        for (Code child : children()) {
            w += child.weight();
        }
        return w;
    }

    /** How deep operations nest: 0 for a value or a literal. */
    default int depth() {
        if (isAtom()) {
            return 0;
        }
        int d = 0;
        for (Code child : children()) {
            d = Math.max(d, child.depth());
        }
        return d + 1;
    }

    /** Each value read, in order, as often as it is read. */
    default void forEachRef(IntConsumer action) {
        if (this instanceof Ref r) {
            action.accept(r.value());
            return;
        }
        for (Code child : children()) {
            child.forEachRef(action);
        }
    }

    /** Each literal, in order, as often as it appears. */
    default void forEachLiteral(DoubleConsumer action) {
        if (this instanceof Literal l) {
            action.accept(l.value());
            return;
        }
        for (Code child : children()) {
            child.forEachLiteral(action);
        }
    }

    /** Each call of a built-in function, outermost first. */
    default void forEachCall(Consumer<Call> action) {
        if (this instanceof Call call) {
            action.accept(call);
        }
        for (Code child : children()) {
            child.forEachCall(action);
        }
    }
}
