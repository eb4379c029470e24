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
 * The public methods of a generated class (SPEC §3): each computation's scalar-parameter form where
 * its parameters fit the JVM's 255 slots, and its array forms always, with argument checks and
 * Javadoc. A method's statements are written in place for small programs, or it copies its
 * arguments into the thread's work arrays, runs the parts and copies the results out.
 */
final class JavaMethods {
    private final JavaEmitter e;
    private final String className;
    private final int n;
    private final int m;
    private final int k;

    JavaMethods(JavaEmitter e, String className) {
        this.e = e;
        this.className = className;
        this.n = e.inputs().size();
        this.m = e.outputs().size();
        this.k = e.wrt().size();
    }

    /** Names for messages and Javadoc: all of them when few, else the first ones and a count. */
    static String list(List<String> names) {
        if (names.isEmpty()) {
            return "none";
        }
        if (names.size() <= 12) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, 10)) + ", ... (" + names.size() + " in all)";
    }

    private String inputsMeaning() {
        return "one value per input (" + list(e.inputs()) + ")";
    }

    private String outputsMeaning() {
        return "one value per output (" + list(e.outputs()) + ")";
    }

    private String wrtMeaning() {
        return "one value per wrt variable (" + list(e.wrt()) + ")";
    }

    private static boolean fits(int slots) {
        return slots <= JavaEmitter.MAX_PARAMETER_SLOTS;
    }

    /**
     * Whether HotSpot's C2 compiles a method with this many double parameters (on x86-64 it refuses
     * more than 56, and any method that calls such a one). An array form does not call a scalar
     * form beyond that: it computes in place, so that the array forms are always compiled.
     */
    private static boolean jitCompilable(int doubleParameters) {
        return doubleParameters <= JavaEmitter.MAX_C2_DOUBLE_PARAMETERS;
    }

    private static String c2Note(int doubleParameters) {
        return jitCompilable(doubleParameters)
                ? ""
                : "\n\n<p>HotSpot's optimising compiler (C2) compiles no method with more than "
                        + JavaEmitter.MAX_C2_DOUBLE_PARAMETERS
                        + " double parameters: in hot code, call the array form.";
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
                        : "Computes the outputs (" + list(e.outputs()) + ") into {@code out}.";
        if (scalar) {
            NameAllocator names = e.newNames();
            MethodSpec.Builder mb = method("forward", what + c2Note(n));
            Map<Integer, String> params = scalarInputs(mb, names, false);
            CodeBlock.Builder b = CodeBlock.builder();
            String out = null;
            if (m > 1) {
                out = names.newName("out");
                arrayParam(mb, out, "the outputs, " + outputsMeaning());
                check(b, out, m, outputsMeaning());
            }
            Results r = compute("forward", b, names, params, null, null);
            finishForward(mb, b, r, out);
            t.addMethod(mb.addCode(b.build()).build());
        }
        NameAllocator names = e.newNames();
        MethodSpec.Builder mb =
                method(
                        "forward",
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
        if (scalar && e.plan("forward") == null && jitCompilable(n)) {
            CodeBlock call = delegateArgs(x, null, out);
            if (m == 1) {
                b.addStatement("return forward($L)", call);
                mb.returns(TypeName.DOUBLE)
                        .addJavadoc("@return the value of {@code $L}\n", e.outputs().get(0));
            } else {
                b.addStatement("forward($L)", call);
            }
        } else {
            if (out != null) {
                check(b, out, m, outputsMeaning());
            }
            Results r = compute("forward", b, names, null, x, null);
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
                        + list(e.wrt())
                        + "), "
                        + (Gradient.inForwardMode(e.wrt().size())
                                ? "in forward mode: the derivatives are carried along with the"
                                        + " values, in one sweep."
                                : "in reverse mode: one forward and one backward sweep.");
        // with no inputs, gradient(double[] grad) would clash with double[] gradient(double[] x)
        boolean scalar = fits(2 * n + 1) && n > 0;
        if (scalar) {
            NameAllocator names = e.newNames();
            MethodSpec.Builder mb = method("gradient", what + c2Note(n)).returns(TypeName.DOUBLE);
            Map<Integer, String> params = scalarInputs(mb, names, false);
            String grad = names.newName("grad");
            arrayParam(mb, grad, "receives the gradient, " + wrtMeaning());
            CodeBlock.Builder b = CodeBlock.builder();
            check(b, grad, k, wrtMeaning());
            Results r = compute("gradient", b, names, params, null, null);
            r.copy(b, 1, k, CodeBlock.of("$N", grad));
            b.addStatement("return $L", r.one(0));
            mb.addJavadoc("@return the value of {@code $L}\n", o);
            t.addMethod(mb.addCode(b.build()).build());
        }
        NameAllocator names = e.newNames();
        MethodSpec.Builder mb = method("gradient", what).returns(TypeName.DOUBLE);
        String x = names.newName("x");
        arrayParam(mb, x, "the inputs, " + inputsMeaning());
        String grad = names.newName("grad");
        arrayParam(mb, grad, "receives the gradient, " + wrtMeaning());
        CodeBlock.Builder b = CodeBlock.builder();
        check(b, x, n, inputsMeaning());
        if (scalar && e.plan("gradient") == null && jitCompilable(n)) {
            b.addStatement("return gradient($L)", delegateArgs(x, null, grad));
        } else {
            check(b, grad, k, wrtMeaning());
            Results r = compute("gradient", b, names, null, x, null);
            r.copy(b, 1, k, CodeBlock.of("$N", grad));
            b.addStatement("return $L", r.one(0));
        }
        mb.addJavadoc("@return the value of {@code $L}\n", o);
        t.addMethod(mb.addCode(b.build()).build());

        NameAllocator names2 = e.newNames();
        MethodSpec.Builder alloc =
                method(
                                "gradient",
                                "The gradient of {@code "
                                        + o
                                        + "} in a new array: {@code grad[i]} is its derivative with"
                                        + " respect to the i-th wrt variable ("
                                        + list(e.wrt())
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
                .addStatement("gradient($N, $N)", x2, g2)
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
                        + list(e.wrt())
                        + "), in one reverse sweep.";
        boolean scalar = fits(2 * n + 2 * m + 1);
        if (scalar) {
            NameAllocator names = e.newNames();
            MethodSpec.Builder mb = method("backward", what + c2Note(n + m));
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
                    b.addStatement("gradient($L)", String.join(", ", args));
                    scale(b, names, grad, CodeBlock.of("$N", params.get(n)));
                }
            } else {
                Results r = compute("backward", b, names, params, null, null);
                r.copy(b, 0, k, CodeBlock.of("$N", grad));
            }
            t.addMethod(mb.addCode(b.build()).build());
        }
        NameAllocator names = e.newNames();
        MethodSpec.Builder mb = method("backward", what);
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
                b.addStatement("gradient($N, $N)", x, grad);
                scale(b, names, grad, CodeBlock.of("$N[0]", seed));
            }
        } else if (scalar && e.plan("backward") == null && jitCompilable(n + m)) {
            b.addStatement("backward($L)", delegateArgs(x, seed, grad));
        } else {
            check(b, grad, k, wrtMeaning());
            Results r = compute("backward", b, names, null, x, seed);
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
                        "jacobian",
                        "The Jacobian: {@code jac[j][i]} is the derivative of the j-th output ("
                                + list(e.outputs())
                                + ") with respect to the i-th wrt variable ("
                                + list(e.wrt())
                                + ").");
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
                "one row per output (" + list(e.outputs()) + ")",
                wrtMeaning());
        if (m == 1) {
            b.addStatement("gradient($N, $N[0])", x, jac);
        } else {
            Results r = compute("jacobian", b, names, null, x, null);
            r.rows(b, names, m, k, jac);
        }
        t.addMethod(mb.addCode(b.build()).build());
    }

    // ---- shared
    // -------------------------------------------------------------------------------------------

    private static MethodSpec.Builder method(String name, String doc) {
        return MethodSpec.methodBuilder(name)
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

    /**
     * {@code x[0], …, x[n-1]} (then {@code seed[0], …}) and the result array: a call of the scalar
     * form.
     */
    private CodeBlock delegateArgs(String x, String seed, String result) {
        List<CodeBlock> args = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            args.add(CodeBlock.of("$N[$L]", x, i));
        }
        if (seed != null) {
            for (int j = 0; j < m; j++) {
                args.add(CodeBlock.of("$N[$L]", seed, j));
            }
        }
        if (result != null) {
            args.add(CodeBlock.of("$N", result));
        }
        return CodeBlock.join(args, ", ");
    }

    /**
     * Computes {@code op} in {@code b}: from scalar parameters ({@code params}) or from the arrays
     * {@code x} and {@code seed}; in place for a small computation, through the parts otherwise.
     */
    private Results compute(
            String op,
            CodeBlock.Builder b,
            NameAllocator names,
            Map<Integer, String> params,
            String x,
            String seed) {
        Schedule s = e.schedule(op);
        Plan plan = e.plan(op);
        if (plan == null) {
            Map<Integer, String> leaves = new HashMap<>();
            if (params != null) {
                leaves.putAll(params);
            } else {
                boolean[] read = s.leavesRead();
                for (int v = 0; v < read.length; v++) {
                    if (read[v]) {
                        boolean input = v < n;
                        String name =
                                names.newName(input ? e.inputs().get(v) : e.seedNames().get(v - n));
                        leaves.put(v, name);
                        b.addStatement(
                                "double $N = $N[$L]", name, input ? x : seed, input ? v : v - n);
                    }
                }
            }
            JavaCode code = e.statements().inline(b, s, names, leaves);
            return new InlineResults(code, s.sinks());
        }
        String work = names.newName("work");
        b.addStatement("double[][] $N = $N.get()", work, e.workField());
        if (params != null) {
            String block = names.newName("work0");
            b.addStatement("double[] $N = $N[0]", block, work);
            for (int v = 0; v < s.inputCount() + s.seedCount(); v++) {
                b.addStatement("$N[$L] = $N", block, plan.slot(v), params.get(v));
            }
        } else {
            if (n > 0) {
                b.addStatement("$N($N, 0, $N)", JavaHelpers.PUT, work, x);
            }
            if (s.seedCount() > 0) {
                b.addStatement("$N($N, $L, $N)", JavaHelpers.PUT, work, n, seed);
            }
        }
        b.addStatement("$N($N)", JavaStatements.runName(op), work);
        return new WorkResults(work, plan);
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

    private record InlineResults(JavaCode code, List<Code> sinks) implements Results {
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

    private record WorkResults(String work, Plan plan) implements Results {
        public CodeBlock one(int j) {
            int slot = plan.sinkSlot(j);
            return CodeBlock.of("$N[$L][$L]", work, slot / Plan.BLOCK, slot % Plan.BLOCK);
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
