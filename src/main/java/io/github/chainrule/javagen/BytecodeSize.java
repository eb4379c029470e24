package io.github.chainrule.javagen;

import java.util.function.IntUnaryOperator;

/**
 * Estimates the bytecode javac makes of {@link Code}, so that methods can be kept under the JIT's
 * size limit before anything is compiled. The estimates follow javac's straight-line code
 * generation: a local's load or store takes 1, 2 or 4 bytes depending on its slot, a double literal
 * other than 0 and 1 takes an ldc2_w of 3 bytes, an operation 1 byte and a call 3.
 */
final class BytecodeSize {
    private final JavaLiterals literals;

    /** Sizes literals as {@code literals} writes them (in place, or read from a table). */
    BytecodeSize(JavaLiterals literals) {
        this.literals = literals;
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
                total += bytes(call.args().get(i), load) * Code.Call.mentions(call.fn(), i);
            }
            return total + (call.conditional() ? 12 : 0);
        } else if (c instanceof Code.Pow p) {
            return 3 + 3 + bytes(p.base(), load) + bytes(p.exponent(), load);
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
}
