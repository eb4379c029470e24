package io.github.chainrule.javagen;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.github.chainrule.diff.Gradient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * The public methods of a generated class (the README's "The generated class"): each operation's
 * scalar-parameter form where its parameters fit the JVM's 255 slots, and its array forms always,
 * with argument checks and Javadoc. A method's statements are written in place for small programs,
 * or it copies its arguments into the thread's work arrays, runs the parts and copies the results
 * out.
 */
final class JavaMethods {
    /** The JVM's limit on a method's parameters, in slots: a double takes two. */
    static final int MAX_PARAMETER_SLOTS = 255;

    /**
     * HotSpot 17's C2 compiles no method with more double parameters than this (x86-64), nor any
     * caller of one.
     */
    static final int MAX_C2_DOUBLE_PARAMETERS = 56;

    private final ClassContext e;
    private final String className;
    private final int n;
    private final int m;
    private final int k;

    JavaMethods(ClassContext e) {
        this.e = e;
        this.className = e.className();
        this.n = e.inputs().size();
        this.m = e.outputs().size();
        this.k = e.wrt().size();
    }

    private String inputsMeaning() {
        return "one value per input (" + JavaDocs.list(e.inputs()) + ")";
    }

    private String outputsMeaning() {
        return "one value per output (" + JavaDocs.list(e.outputs()) + ")";
    }

    private String wrtMeaning() {
        return "one value per wrt variable (" + JavaDocs.list(e.wrt()) + ")";
    }

    private static boolean fits(int slots) {
        return slots <= MAX_PARAMETER_SLOTS;
    }

    /**
     * Whether HotSpot's C2 compiles a method with this many double parameters (on x86-64 it refuses
     * more than 56, and any method that calls such a one). An array form does not call a scalar
     * form beyond that: it computes in place, so that the array forms are always compiled.
     */
    private static boolean jitCompilable(int doubleParameters) {
        return doubleParameters <= MAX_C2_DOUBLE_PARAMETERS;
    }

    private static String c2Note(int doubleParameters) {
        return jitCompilable(doubleParameters)
                ? ""
                : "\n\n<p>HotSpot's optimising compiler (C2) compiles no method with more than "
                        + MAX_C2_DOUBLE_PARAMETERS
                        + " double parameters: in hot code, call the array form.";
    }

    // ---- which mode each operation uses, as its Javadoc says

    /**
     * The gradient of the one output: forward mode in one or two wrt variables, else reverse mode
     * ({@link Gradient#inForwardMode}).
     */
    private String gradientMode() {
        return Gradient.inForwardMode(k)
                ? "in forward mode: the derivatives are carried along with the values, in one"
                        + " sweep."
                : "in reverse mode: one forward and one backward sweep.";
    }

    /** With one output, the backward pass is the gradient times the seed: the gradient's mode. */
    private String backwardMode() {
        return m == 1 && Gradient.inForwardMode(k)
                ? "in forward mode (the gradient times the seed): the derivatives are carried along"
                        + " with the values, in one sweep."
                : "in one reverse sweep.";
    }

    /** With one output, the Jacobian is the gradient; with several, one reverse sweep each. */
    private String jacobianMode() {
        return m == 1 ? gradientMode() : "in reverse mode: one backward sweep per output.";
    }

    private static void check(CodeBlock.Builder b, String array, int length, String meaning) {
        b.addStatement(
                "$N($N, $S, $L, $S)", JavaHelpers.CHECK_LENGTH, array, array, length, meaning);
    }

    // ---- forward
    // ------------------------------------------------------------------------------------

    void forward(TypeSpec.Builder t) {
        boolean scalar = fits(2 * n + (m == 1 ? 0 : 1));
        String what =
                m == 1
                        ? "Computes the output {@code " + e.outputs().get(0) + "}."
                        : "Computes the outputs ("
                                + JavaDocs.list(e.outputs())
                                + ") into {@code out}.";
        if (scalar) {
            NameAllocator names = e.newNames();
            MethodSpec.Builder mb = method(Operation.FORWARD, what + c2Note(n));
            Map<Integer, String> params = scalarInputs(mb, names, false);
            CodeBlock.Builder b = CodeBlock.builder();
            String out = null;
            if (m > 1) {
                out = names.newName("out");
                arrayParam(mb, out, "the outputs, " + outputsMeaning());
                check(b, out, m, outputsMeaning());
            }
            Results r = compute(Operation.FORWARD, b, names, new Scalars(params));
            finishForward(mb, b, r, out);
            t.addMethod(mb.addCode(b.build()).build());
        }
        NameAllocator names = e.newNames();
        MethodSpec.Builder mb =
                method(
                        Operation.FORWARD,
                        what
                                + (m == 1
                                        ? " Fits commons-math3's {@code MultivariateFunction} as"
                                                + " {@code "
                                                + className
                                                + "::forward}."
                                        : ""));
        String x = names.newName("x");
        arrayParam(mb, x, "the inputs, " + inputsMeaning());
        String out = null;
        if (m > 1) {
            out = names.newName("out");
            arrayParam(mb, out, "the outputs, " + outputsMeaning());
        }
        CodeBlock.Builder b = CodeBlock.builder();
        check(b, x, n, inputsMeaning());
        if (scalar && inOneMethod(Operation.FORWARD) && jitCompilable(n)) {
            CodeBlock call = delegateArgs(new Inputs(x), out == null ? List.of() : List.of(out));
            if (m == 1) {
                b.addStatement("return $N($L)", Operation.FORWARD.methodName(), call);
                mb.returns(TypeName.DOUBLE)
                        .addJavadoc("@return the value of {@code $L}\n", e.outputs().get(0));
            } else {
                b.addStatement("$N($L)", Operation.FORWARD.methodName(), call);
            }
        } else {
            if (out != null) {
                check(b, out, m, outputsMeaning());
            }
            Results r = compute(Operation.FORWARD, b, names, new Inputs(x));
            finishForward(mb, b, r, out);
        }
        t.addMethod(mb.addCode(b.build()).build());
    }

    private void finishForward(MethodSpec.Builder mb, CodeBlock.Builder b, Results r, String out) {
        if (m == 1) {
            mb.returns(TypeName.DOUBLE)
                    .addJavadoc("@return the value of {@code $L}\n", e.outputs().get(0));
            b.addStatement("return $L", r.one(0));
        } else {
            r.copy(b, 0, m, CodeBlock.of("$N", out));
        }
    }

    // ---- gradient (one output)
    // ------------------------------------------------------------------------

    void gradient(TypeSpec.Builder t) {
        String o = e.outputs().get(0);
        String what =
                "Computes {@code "
                        + o
                        + "} and its gradient: {@code grad[i]} is the derivative of {@code "
                        + o
                        + "} with respect to the i-th wrt variable ("
                        + JavaDocs.list(e.wrt())
                        + "), "
                        + gradientMode();
        // with no inputs, gradient(double[] grad) would clash with double[] gradient(double[] x)
        boolean scalar = fits(2 * n + 1) && n > 0;
        if (scalar) {
            NameAllocator names = e.newNames();
            MethodSpec.Builder mb =
                    method(Operation.GRADIENT, what + c2Note(n)).returns(TypeName.DOUBLE);
            Map<Integer, String> params = scalarInputs(mb, names, false);
            String grad = names.newName("grad");
            arrayParam(mb, grad, "receives the gradient, " + wrtMeaning());
            CodeBlock.Builder b = CodeBlock.builder();
            check(b, grad, k, wrtMeaning());
            Results r = compute(Operation.GRADIENT, b, names, new Scalars(params));
            r.copy(b, 1, k, CodeBlock.of("$N", grad));
            b.addStatement("return $L", r.one(0));
            mb.addJavadoc("@return the value of {@code $L}\n", o);
            t.addMethod(mb.addCode(b.build()).build());
        }
        NameAllocator names = e.newNames();
        MethodSpec.Builder mb = method(Operation.GRADIENT, what).returns(TypeName.DOUBLE);
        String x = names.newName("x");
        arrayParam(mb, x, "the inputs, " + inputsMeaning());
        String grad = names.newName("grad");
        arrayParam(mb, grad, "receives the gradient, " + wrtMeaning());
        CodeBlock.Builder b = CodeBlock.builder();
        check(b, x, n, inputsMeaning());
        if (scalar && inOneMethod(Operation.GRADIENT) && jitCompilable(n)) {
            b.addStatement(
                    "return $N($L)",
                    Operation.GRADIENT.methodName(),
                    delegateArgs(new Inputs(x), List.of(grad)));
        } else {
            check(b, grad, k, wrtMeaning());
            Results r = compute(Operation.GRADIENT, b, names, new Inputs(x));
            r.copy(b, 1, k, CodeBlock.of("$N", grad));
            b.addStatement("return $L", r.one(0));
        }
        mb.addJavadoc("@return the value of {@code $L}\n", o);
        t.addMethod(mb.addCode(b.build()).build());

        NameAllocator names2 = e.newNames();
        MethodSpec.Builder alloc =
                method(
                                Operation.GRADIENT,
                                "The gradient of {@code "
                                        + o
                                        + "} in a new array: {@code grad[i]} is its derivative with"
                                        + " respect to the i-th wrt variable ("
                                        + JavaDocs.list(e.wrt())
                                        + "). Fits commons-math3's"
                                        + " {@code MultivariateVectorFunction} as {@code "
                                        + className
                                        + "::gradient}.")
                        .returns(JavaHelpers.DOUBLE_ARRAY);
        String x2 = names2.newName("x");
        arrayParam(alloc, x2, "the inputs, " + inputsMeaning());
        String g2 = names2.newName("grad");
        alloc.addJavadoc("@return the gradient, " + wrtMeaning() + "\n");
        alloc.addStatement("double[] $N = new double[$L]", g2, k)
                .addStatement("$N($N, $N)", Operation.GRADIENT.methodName(), x2, g2)
                .addStatement("return $N", g2);
        t.addMethod(alloc.build());
    }

    // ---- backward
    // ---------------------------------------------------------------------------------------

    void backward(TypeSpec.Builder t) {
        String what =
                "The backward pass: {@code grad[i] = "
                        + seedSum()
                        + "}, the derivatives of the outputs weighted by the seeds {@code dL/do}"
                        + " (the derivatives of some loss L with respect to the outputs), with"
                        + " respect to the wrt variables ("
                        + JavaDocs.list(e.wrt())
                        + "), "
                        + backwardMode();
        boolean scalar = fits(2 * n + 2 * m + 1);
        if (scalar) {
            NameAllocator names = e.newNames();
            MethodSpec.Builder mb = method(Operation.BACKWARD, what + c2Note(n + m));
            Map<Integer, String> params = scalarInputs(mb, names, true);
            String grad = names.newName("grad");
            arrayParam(mb, grad, "receives the weighted derivatives, " + wrtMeaning());
            CodeBlock.Builder b = CodeBlock.builder();
            check(b, grad, k, wrtMeaning());
            if (m == 1) {
                if (k > 0) { // else there is nothing to compute (and, with no inputs, no scalar
                    // gradient)
                    List<String> args = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        args.add(params.get(i));
                    }
                    args.add(grad);
                    b.addStatement(
                            "$N($L)", Operation.GRADIENT.methodName(), String.join(", ", args));
                    scale(b, names, grad, CodeBlock.of("$N", params.get(n)));
                }
            } else {
                Results r = compute(Operation.BACKWARD, b, names, new Scalars(params));
                r.copy(b, 0, k, CodeBlock.of("$N", grad));
            }
            t.addMethod(mb.addCode(b.build()).build());
        }
        NameAllocator names = e.newNames();
        MethodSpec.Builder mb = method(Operation.BACKWARD, what);
        String x = names.newName("x");
        arrayParam(mb, x, "the inputs, " + inputsMeaning());
        String seed = names.newName("seed");
        arrayParam(mb, seed, "the seeds dL/do, " + outputsMeaning());
        String grad = names.newName("grad");
        arrayParam(mb, grad, "receives the weighted derivatives, " + wrtMeaning());
        CodeBlock.Builder b = CodeBlock.builder();
        check(b, x, n, inputsMeaning());
        check(b, seed, m, outputsMeaning());
        if (m == 1) {
            check(b, grad, k, wrtMeaning());
            if (k > 0) {
                b.addStatement("$N($N, $N)", Operation.GRADIENT.methodName(), x, grad);
                scale(b, names, grad, CodeBlock.of("$N[0]", seed));
            }
        } else if (scalar && inOneMethod(Operation.BACKWARD) && jitCompilable(n + m)) {
            b.addStatement(
                    "$N($L)",
                    Operation.BACKWARD.methodName(),
                    delegateArgs(new InputsAndSeeds(x, seed), List.of(grad)));
        } else {
            check(b, grad, k, wrtMeaning());
            Results r = compute(Operation.BACKWARD, b, names, new InputsAndSeeds(x, seed));
            r.copy(b, 0, k, CodeBlock.of("$N", grad));
        }
        t.addMethod(mb.addCode(b.build()).build());
    }

    private String seedSum() {
        List<String> terms = new ArrayList<>();
        for (String o : e.outputs().subList(0, Math.min(3, m))) {
            terms.add("dL/d" + o + " * d" + o + "/dw_i");
        }
        return String.join(" + ", terms) + (m > 3 ? " + ..." : "");
    }

    /** {@code grad[i] *= factor}: one output's backward pass is its gradient times the seed. */
    private void scale(CodeBlock.Builder b, NameAllocator names, String grad, CodeBlock factor) {
        if (k == 0) {
            return;
        }
        String s = names.newName("s");
        String i = names.newName("i");
        b.addStatement("double $N = $L", s, factor);
        b.beginControlFlow("for (int $N = 0; $N < $L; $N++)", i, i, k, i)
                .addStatement("$N[$N] *= $N", grad, i, s)
                .endControlFlow();
    }

    // ---- jacobian
    // -----------------------------------------------------------------------------------------

    void jacobian(TypeSpec.Builder t) {
        NameAllocator names = e.newNames();
        MethodSpec.Builder mb =
                method(
                        Operation.JACOBIAN,
                        "The Jacobian: {@code jac[j][i]} is the derivative of the j-th output ("
                                + JavaDocs.list(e.outputs())
                                + ") with respect to the i-th wrt variable ("
                                + JavaDocs.list(e.wrt())
                                + "), "
                                + jacobianMode());
        String x = names.newName("x");
        arrayParam(mb, x, "the inputs, " + inputsMeaning());
        String jac = names.newName("jac");
        mb.addParameter(JavaHelpers.DOUBLE_MATRIX, jac);
        mb.addJavadoc(
                "@param $N receives the derivatives: one row per output, " + wrtMeaning() + "\n",
                jac);
        CodeBlock.Builder b = CodeBlock.builder();
        check(b, x, n, inputsMeaning());
        b.addStatement(
                "$N($N, $L, $L, $S, $S)",
                JavaHelpers.CHECK_JACOBIAN,
                jac,
                m,
                k,
                "one row per output (" + JavaDocs.list(e.outputs()) + ")",
                wrtMeaning());
        if (m == 1) {
            b.addStatement("$N($N, $N[0])", Operation.GRADIENT.methodName(), x, jac);
        } else {
            Results r = compute(Operation.JACOBIAN, b, names, new Inputs(x));
            r.rows(b, names, m, k, jac);
        }
        t.addMethod(mb.addCode(b.build()).build());
    }

    // ---- shared
    // -------------------------------------------------------------------------------------------

    private static MethodSpec.Builder method(Operation op, String doc) {
        return MethodSpec.methodBuilder(op.methodName())
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addJavadoc("$L\n\n", doc);
    }

    private static void arrayParam(MethodSpec.Builder mb, String name, String doc) {
        mb.addParameter(JavaHelpers.DOUBLE_ARRAY, name);
        mb.addJavadoc("@param $N $L\n", name, doc);
    }

    /**
     * The inputs (and, for the backward pass, the seeds) as double parameters: value index to name.
     */
    private Map<Integer, String> scalarInputs(
            MethodSpec.Builder mb, NameAllocator names, boolean seeds) {
        Map<Integer, String> params = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String name = names.newName(e.inputs().get(i));
            params.put(i, name);
            mb.addParameter(TypeName.DOUBLE, name);
            mb.addJavadoc("@param $N the input {@code $L}\n", name, e.inputs().get(i));
        }
        if (seeds) {
            for (int j = 0; j < m; j++) {
                String name = names.newName(e.seedNames().get(j));
                params.put(n + j, name);
                mb.addParameter(TypeName.DOUBLE, name);
                mb.addJavadoc(
                        "@param $N the seed: the derivative of the loss with respect to the output"
                                + " {@code $L}\n",
                        name,
                        e.outputs().get(j));
            }
        }
        return params;
    }

    /** Where an operation's method reads its inputs (and seeds) from. */
    private sealed interface Arguments {}

    /** Scalar parameters: value index (inputs, then seeds) to parameter name. */
    private record Scalars(Map<Integer, String> names) implements Arguments {}

    /** The array {@code x} of the inputs. */
    private record Inputs(String x) implements Arguments {}

    /** The arrays {@code x} of the inputs and {@code seed} of the seeds. */
    private record InputsAndSeeds(String x, String seed) implements Arguments {}

    /**
     * {@code x[0], …, x[n-1]} (then {@code seed[0], …}) and the result arrays: a call of the scalar
     * form.
     */
    private CodeBlock delegateArgs(Arguments from, List<String> results) {
        List<CodeBlock> args = new ArrayList<>();
        if (from instanceof Inputs in) {
            elements(args, in.x(), n);
        } else if (from instanceof InputsAndSeeds in) {
            elements(args, in.x(), n);
            elements(args, in.seed(), m);
        } else {
            throw new AssertionError(from);
        }
        for (String result : results) {
            args.add(CodeBlock.of("$N", result));
        }
        return CodeBlock.join(args, ", ");
    }

    private static void elements(List<CodeBlock> args, String array, int count) {
        for (int i = 0; i < count; i++) {
            args.add(CodeBlock.of("$N[$L]", array, i));
        }
    }

    private boolean inOneMethod(Operation op) {
        return e.computation(op) instanceof Computation.InOneMethod;
    }

    /**
     * Computes {@code op} in {@code b} from its arguments: in place for a small computation,
     * through the parts otherwise.
     */
    private Results compute(
            Operation op, CodeBlock.Builder b, NameAllocator names, Arguments from) {
        Computation computation = e.computation(op);
        FlatStatements s = computation.statements();
        if (computation instanceof Computation.InOneMethod) {
            Map<Integer, String> leaves = new HashMap<>();
            if (from instanceof Scalars scalars) {
                leaves.putAll(scalars.names());
            } else {
                boolean[] read = s.leavesRead();
                for (int v = 0; v < read.length; v++) {
                    if (read[v]) {
                        boolean input = v < n;
                        String name =
                                names.newName(input ? e.inputs().get(v) : e.seedNames().get(v - n));
                        leaves.put(v, name);
                        b.addStatement(
                                "double $N = $N[$L]",
                                name,
                                input ? inputArray(from) : seedArray(from),
                                input ? v : v - n);
                    }
                }
            }
            ExpressionPrinter code = e.statements().inline(b, s, names, leaves);
            return new InlineResults(code, s.sinks());
        } else if (computation instanceof Computation.InParts inParts) {
            MethodSplit plan = inParts.split();
            String work = names.newName("work");
            b.addStatement("double[][] $N = $N.get()", work, e.workField());
            if (from instanceof Scalars scalars) {
                String block = names.newName("work0");
                b.addStatement("double[] $N = $N[0]", block, work);
                for (int v = 0; v < s.inputCount() + s.seedCount(); v++) {
                    b.addStatement("$N[$L] = $N", block, plan.slot(v), scalars.names().get(v));
                }
            } else {
                if (n > 0) {
                    b.addStatement("$N($N, 0, $N)", JavaHelpers.PUT, work, inputArray(from));
                }
                if (s.seedCount() > 0) {
                    b.addStatement("$N($N, $L, $N)", JavaHelpers.PUT, work, n, seedArray(from));
                }
            }
            b.addStatement("$N($N)", JavaStatements.runName(op), work);
            return new WorkResults(work, plan);
        }
        throw new AssertionError(computation);
    }

    private static String inputArray(Arguments from) {
        if (from instanceof Inputs in) {
            return in.x();
        } else if (from instanceof InputsAndSeeds in) {
            return in.x();
        }
        throw new AssertionError(from);
    }

    private static String seedArray(Arguments from) {
        if (from instanceof InputsAndSeeds in) {
            return in.seed();
        }
        throw new AssertionError(from);
    }

    /** Where a computation's results are, and how to copy them out. */
    private interface Results {
        /** Result {@code j} as an expression. */
        CodeBlock one(int j);

        /** {@code array[i] = result[from + i]} for i below count. */
        void copy(CodeBlock.Builder b, int from, int count, CodeBlock array);

        /** {@code jac[r][i] = result[r * columns + i]}. */
        void rows(CodeBlock.Builder b, NameAllocator names, int rows, int columns, String jac);
    }

    private record InlineResults(ExpressionPrinter code, List<Code> sinks) implements Results {
        public CodeBlock one(int j) {
            return CodeBlock.of("$L", code.print(sinks.get(j)));
        }

        public void copy(CodeBlock.Builder b, int from, int count, CodeBlock array) {
            for (int i = 0; i < count; i++) {
                b.addStatement("$L[$L] = $L", array, i, one(from + i));
            }
        }

        public void rows(
                CodeBlock.Builder b, NameAllocator names, int rows, int columns, String jac) {
            for (int r = 0; r < rows; r++) {
                copy(b, r * columns, columns, CodeBlock.of("$N[$L]", jac, r));
            }
        }
    }

    private record WorkResults(String work, MethodSplit plan) implements Results {
        public CodeBlock one(int j) {
            int slot = plan.sinkSlot(j);
            return CodeBlock.of(
                    "$N[$L][$L]", work, slot / MethodSplit.BLOCK, slot % MethodSplit.BLOCK);
        }

        public void copy(CodeBlock.Builder b, int from, int count, CodeBlock array) {
            if (count > 0) {
                b.addStatement("$N($N, $L, $L)", JavaHelpers.GET, work, plan.sinkSlot(from), array);
            }
        }

        public void rows(
                CodeBlock.Builder b, NameAllocator names, int rows, int columns, String jac) {
            if (columns == 0) {
                return;
            }
            String r = names.newName("j");
            b.beginControlFlow("for (int $N = 0; $N < $L; $N++)", r, r, rows, r)
                    .addStatement(
                            "$N($N, $L + $N * $L, $N[$N])",
                            JavaHelpers.GET,
                            work,
                            plan.sinkBase(),
                            r,
                            columns,
                            jac,
                            r)
                    .endControlFlow();
        }
    }
}
