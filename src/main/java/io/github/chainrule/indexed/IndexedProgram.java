package io.github.chainrule.indexed;

import io.github.chainrule.diag.SourceFile;
import io.github.chainrule.graph.Graph;
import io.github.chainrule.graph.Node;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * An indexed program after its checks (README, "Indexed programs"): the intermediate form beside
 * the scalar DAG. Every assignment is a {@link Statement} over an index domain whose body is a node
 * of {@link #graph}, hash-consed and simplified like any scalar expression: the body's leaves are
 * {@link Node.Var}s that stand for an array element ({@code x[i+1]}, see {@link Statement#reads}),
 * a scalar, an index variable of the domain, or a size given at call time (a fixed size used as a
 * value is a constant). Ranges, extents and subscripts keep every size symbolic, fixed or not
 * ({@code 0..h}, as the user wrote it); code that needs their numbers substitutes {@link
 * #fixedSizes()} ({@link Affine#substitute(Map)}) or evaluates them at a point's sizes, which
 * include the fixed ones. A reduction ({@code sum}, {@code max}, {@code min}) is lifted out of the
 * expression that holds it into a statement of its own, over the enclosing domain and its own
 * binders, whose result that expression reads; so a body never holds a reduction. Scalars are
 * arrays of no dimension.
 *
 * @param sizes in {@code dim} order
 * @param inputs in {@code input} order; a scalar input has no extents
 * @param arrays every assigned name (scalar or array) with its extents, including the lifted
 *     reductions (named {@code name@k}, which no user name can be)
 * @param steps the order to run the statements in
 * @param shifts assigned arrays that derivatives treat as constants: the shift {@code m} of a
 *     stable log-sum-exp ({@code log(sum(exp(e - m))) + m}), whose derivative cancels exactly in
 *     real arithmetic, so it is not taken (its rounding would leak into the gradient)
 * @param rewrites the rewrites toward stable forms that were applied (README, "Numerical
 *     robustness"), in the order of the statements, for {@code derive} to say
 */
public record IndexedProgram(
        SourceFile source,
        Graph graph,
        List<Size> sizes,
        List<Array> inputs,
        List<Array> arrays,
        List<Step> steps,
        List<String> wrt,
        List<String> outputs,
        Set<String> shifts,
        List<Rewrite> rewrites) {

    /** A program as written: nothing rewritten, every assigned array differentiated. */
    public IndexedProgram(
            SourceFile source,
            Graph graph,
            List<Size> sizes,
            List<Array> inputs,
            List<Array> arrays,
            List<Step> steps,
            List<String> wrt,
            List<String> outputs) {
        this(source, graph, sizes, inputs, arrays, steps, wrt, outputs, Set.of(), List.of());
    }

    /** This program differentiated with respect to {@code wrt} instead. */
    public IndexedProgram withWrt(List<String> wrt) {
        return new IndexedProgram(
                source, graph, sizes, inputs, arrays, steps, wrt, outputs, shifts, rewrites);
    }

    /**
     * One rewrite toward a stable form, as {@code derive} prints it: {@code line 5: log(1 + x[i]) →
     * log1p(x[i])}.
     */
    public record Rewrite(String statement, int line, String text) {}

    /** The fixed sizes and their values, in {@code dim} order (none given at call time). */
    public Map<String, Long> fixedSizes() {
        return Size.fixedValues(sizes);
    }

    /** {@code dim n} (given at call time, at least 1) or {@code dim n = 20} (fixed). */
    public record Size(String name, OptionalLong fixed) {
        /** The fixed ones of {@code sizes} and their values, in order. */
        public static Map<String, Long> fixedValues(List<Size> sizes) {
            Map<String, Long> out = new LinkedHashMap<>();
            for (Size s : sizes) {
                s.fixed().ifPresent(v -> out.put(s.name(), v));
            }
            return Collections.unmodifiableMap(out);
        }
    }

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
     * constant (one piece of a piecewise definition). An {@link Accumulate} store may carry a
     * {@code SUM} reduction (a gather, see there); an assignment may carry any.
     *
     * @param reads the body's leaves that stand for elements, by the leaf's name
     * @param line the source line the statement comes from, for messages and the report
     * @param store whether the body is assigned to its element or added to it (an adjoint)
     */
    public record Statement(
            String target,
            List<Affine> lhs,
            List<Binder> domain,
            Optional<ReduceOp> reduce,
            int reduceFrom,
            Node body,
            Map<String, Read> reads,
            int line,
            Store store) {

        /** An assignment: what the checker lowers every statement of a program into. */
        public Statement(
                String target,
                List<Affine> lhs,
                List<Binder> domain,
                Optional<ReduceOp> reduce,
                int reduceFrom,
                Node body,
                Map<String, Read> reads,
                int line) {
            this(target, lhs, domain, reduce, reduceFrom, body, reads, line, new Assign());
        }

        public boolean accumulates() {
            return store instanceof Accumulate;
        }
    }

    /** How a statement stores its body's value into {@code target[lhs]}. */
    public sealed interface Store permits Assign, Accumulate {}

    /** {@code target[lhs] = body}: every element is written once, by one statement. */
    public record Assign() implements Store {}

    /**
     * {@code target[lhs] += body} at every point of the domain, with no reduction and {@code lhs}
     * any affine subscripts of the domain's indices (a scatter-add: the adjoint of a read); the
     * target starts at 0.
     *
     * <p>With a {@code SUM} reduction and no {@code firstWhere} (a gather), {@code lhs} are the
     * bare indices of {@code domain[..reduceFrom]}, in order, and the statement means {@code
     * target[lhs] += sum(body over domain[reduceFrom..])} for every point of {@code
     * domain[..reduceFrom]}. The arithmetic is fixed, because generated code must give the
     * evaluator's bits: for each outer point a running sum starts at {@code 0.0}, adds the body at
     * each inner point in row-major order (outer binder first), and is then added once to the
     * element ({@code target[lhs] = target[lhs] + sum}).
     *
     * <p>With {@code firstWhere}, for each point of {@code domain[..firstFrom]} only the first
     * point of {@code domain[firstFrom..]} in row-major order where the condition holds adds its
     * value: the adjoint of a max or min reduction, which flows to the first index that attains the
     * extreme, as the forward run keeps the first one.
     */
    public record Accumulate(Optional<Node> firstWhere, int firstFrom) implements Store {
        public static Accumulate everywhere() {
            return new Accumulate(Optional.empty(), 0);
        }
    }

    /** One step of the program's run. */
    public sealed interface Step permits Single, Recurrence {}

    /** A statement run over its whole domain (in row-major order). */
    public record Single(Statement statement) implements Step {}

    /**
     * Statements that read one another at earlier positions of their first index (a recurrence, or
     * mutual recurrences): one loop over that index, {@code lo <= position < hi}, runs at each
     * position each statement in order, over the rest of its domain. Each statement's first binder
     * is its recurrence index. In an adjoint program ({@code diff.IndexedAdjoint}) the loop runs
     * backwards, from {@code hi - 1} down to {@code lo}, and its statements in the order given (the
     * forward order reversed).
     */
    public record Recurrence(Affine lo, Affine hi, List<Statement> statements) implements Step {}
}
