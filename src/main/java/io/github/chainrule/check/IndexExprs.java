package io.github.chainrule.check;

import io.github.chainrule.diag.Reporter;
import io.github.chainrule.indexed.Affine;
import io.github.chainrule.syntax.Ast;
import io.github.chainrule.syntax.AstWalk;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns the integer expressions of indexed programs (subscripts, range bounds, extents) into {@link
 * Affine} expressions of sizes and index variables, or reports why one is not such an expression:
 * an integer literal, a size, an index in scope, and {@code +}, {@code -} and {@code *} by a
 * constant.
 */
final class IndexExprs {
    /** What a name means inside an integer expression, or empty with no meaning there. */
    interface Names extends Function<String, Optional<Meaning>> {}

    /** A name in an integer expression: a size (fixed or not) or an index variable. */
    sealed interface Meaning permits SizeName, IndexName, OtherName {}

    record SizeName(String name, Optional<Long> fixed) implements Meaning {}

    record IndexName(String name) implements Meaning {}

    /** A name that is something else ({@code kind}: "an input", "a value", …). */
    record OtherName(String kind) implements Meaning {}

    private IndexExprs() {}

    /**
     * {@code e} as an affine expression, or empty after reporting why it is not one; {@code what}
     * says what the expression is for ("an index", "a range's bound").
     */
    static Optional<Affine> affine(Ast.Expr e, Names names, String what, Reporter reporter) {
        String[] error = new String[1];
        Ast.Expr[] at = new Ast.Expr[1];
        Affine result =
                AstWalk.postOrder(
                        e,
                        (node, kids) -> {
                            if (error[0] != null || kids.contains(null)) {
                                return null;
                            }
                            String problem = null;
                            Affine out = null;
                            if (node instanceof Ast.Num n) {
                                if (n.value() != Math.rint(n.value())
                                        || Math.abs(n.value()) > 1e15) {
                                    problem =
                                            "'"
                                                    + n.text()
                                                    + "' is not an integer: "
                                                    + what
                                                    + " is an integer expression";
                                } else {
                                    out = Affine.of((long) n.value());
                                }
                            } else if (node instanceof Ast.Name n) {
                                Optional<Meaning> m = names.apply(n.name());
                                if (m.isEmpty()) {
                                    problem =
                                            "undeclared name "
                                                    + Checker.quote(n.name())
                                                    + " in "
                                                    + what
                                                    + ": declare it with 'dim', or bind it with"
                                                    + " 'for'";
                                } else if (m.get() instanceof SizeName s) {
                                    out = Affine.symbol(s.name()); // fixed or not: as written
                                } else if (m.get() instanceof IndexName i) {
                                    out = Affine.symbol(i.name());
                                } else if (m.get() instanceof OtherName o) {
                                    problem =
                                            Checker.quote(n.name())
                                                    + " is "
                                                    + o.kind()
                                                    + ", but "
                                                    + what
                                                    + " is made of sizes, indices and integers";
                                } else {
                                    throw new AssertionError(m.get());
                                }
                            } else if (node instanceof Ast.Unary u && u.op() != Ast.UnaryOp.NOT) {
                                out =
                                        u.op() == Ast.UnaryOp.NEG
                                                ? kids.get(0).times(-1)
                                                : kids.get(0);
                            } else if (node instanceof Ast.Binary b) {
                                Affine l = kids.get(0);
                                Affine r = kids.get(1);
                                switch (b.op()) {
                                    case ADD -> out = l.plus(r);
                                    case SUB -> out = l.minus(r);
                                    case MUL -> {
                                        if (l.isConstant()) {
                                            out = r.times(l.constant());
                                        } else if (r.isConstant()) {
                                            out = l.times(r.constant());
                                        } else {
                                            problem =
                                                    what
                                                            + " must be affine: '"
                                                            + AstWalk.parenthesised(b)
                                                            + "' multiplies two variables";
                                        }
                                    }
                                    default ->
                                            problem =
                                                    "'"
                                                            + b.op().symbol
                                                            + "' cannot appear in "
                                                            + what
                                                            + ": it is an integer expression of"
                                                            + " sizes, indices and integers"
                                                            + " with +, - and *";
                                }
                            } else {
                                problem =
                                        what
                                                + " is an integer expression of sizes, indices"
                                                + " and integers with +, - and *";
                            }
                            if (problem != null) {
                                error[0] = problem;
                                at[0] = node;
                            }
                            return out;
                        });
        if (error[0] != null) {
            reporter.error(at[0].span(), error[0]);
            return Optional.empty();
        }
        return Optional.ofNullable(result);
    }
}
