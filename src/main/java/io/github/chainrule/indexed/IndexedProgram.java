package io.github.chainrule.indexed;

import io.github.chainrule.diag.SourceFile;
import io.github.chainrule.graph.Graph;
import io.github.chainrule.graph.Node;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An indexed program after its checks (README, "Indexed programs"): the intermediate form beside
 * the scalar DAG. Every assignment is a {@link Statement} over an index domain whose body is a node
 * of {@link #graph}, hash-consed and simplified like any scalar expression: the body's leaves are
 * {@link Node.Var}s that stand for an array element ({@code x[i+1]}, see {@link Statement#reads}),
 * a scalar, an index variable of the domain, or a size given at call time (fixed sizes are
 * constants). A reduction ({@code sum}, {@code max}, {@code min}) is lifted out of the expression
 * that holds it into a statement of its own, over the enclosing domain and its own binders, whose
 * result that expression reads; so a body never holds a reduction. Scalars are arrays of no
 * dimension.
 *
 * @param sizes in {@code dim} order
 * @param inputs in {@code input} order; a scalar input has no extents
 * @param arrays every assigned name (scalar or array) with its extents, including the lifted
 *     reductions (named {@code name@k}, which no user name can be)
 * @param steps the order to run the statements in
 */
public record IndexedProgram(
        SourceFile source,
        Graph graph,
        List<Size> sizes,
        List<Array> inputs,
        List<Array> arrays,
        List<Step> steps,
        List<String> wrt,
        List<String> outputs) {

    /** {@code dim n} (given at call time, at least 1) or {@code dim n = 20} (fixed). */
    public record Size(String name, OptionalLong fixed) {}

    /** A named array and its extents, each an affine expression of sizes ({@code n}, {@code T}). */
    public record Array(String name, List<Affine> extents) {
        public boolean isScalar() {
            return extents.isEmpty();
        }
    }

    /** An index variable and its half-open range {@code lo <= index < hi}. */
    public record Binder(String index, Affine lo, Affine hi) {}

    /** An element read: {@code array[subscripts]}, no subscripts for a scalar. */
    public record Read(String array, List<Affine> subscripts) {}

    public enum ReduceOp {
        SUM,
        MAX,
        MIN
    }

    /**
     * {@code target[lhs] = body} for every point of {@code domain} (outer binders first), or, with
     * a reduction, {@code target[lhs] = op(body over domain[reduceFrom..])} for every point of
     * {@code domain[..reduceFrom]}. Each {@code lhs} entry is one of the domain's indices or a
     * constant (one piece of a piecewise definition).
     *
     * @param reads the body's leaves that stand for elements, by the leaf's name
     * @param line the source line the statement comes from, for messages and the report
     */
    public record Statement(
            String target,
            List<Affine> lhs,
            List<Binder> domain,
            Optional<ReduceOp> reduce,
            int reduceFrom,
            Node body,
            Map<String, Read> reads,
            int line) {}

    /** One step of the program's run. */
    public sealed interface Step permits Single, Recurrence {}

    /** A statement run over its whole domain (in row-major order). */
    public record Single(Statement statement) implements Step {}

    /**
     * Statements that read one another at earlier positions of their first index (a recurrence, or
     * mutual recurrences): one loop over that index, {@code lo <= position < hi}, runs at each
     * position each statement in order, over the rest of its domain. Each statement's first binder
     * is its recurrence index.
     */
    public record Recurrence(Affine lo, Affine hi, List<Statement> statements) implements Step {}
}
