package io.github.chainrule.loopgen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.github.chainrule.indexed.IndexedProgram;
import io.github.chainrule.javagen.LoopBody;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * The public methods of a loop class (the README's "Indexed programs"): {@code forward}, {@code
 * gradient} (one scalar output), {@code backward} and {@code jacobian} with the sizes given at call
 * time first and then each input as its own parameter; the same from one packed array {@code x}
 * when every size is fixed (so {@code Cls::forward} is a commons-math3 {@code
 * MultivariateFunction}); where each wrt input starts in {@code grad} (and each output in {@code
 * out}, each input in {@code x}), as methods of the sizes; and the name lists.
 */
final class Api {
    private final Model m;
    private final LoopEmitter e;
    private final ClassName work;

    Api(Model m, LoopEmitter e) {
        this.m = m;
        this.e = e;
        this.work = ClassName.get("", m.workClass);
    }

    /** Takes the names of the offset methods, before any private method takes a name. */
    static void reserveOffsetNames(Model m, NameAllocator names) {
        for (String w : m.program.wrt()) {
            m.gradOffsetMethods.put(w, names.newName("offset" + capitalized(w)));
        }
        if (!m.isOneScalarOutput()) {
            for (String o : m.program.outputs()) {
                m.outOffsetMethods.put(o, names.newName("outOffset" + capitalized(o)));
            }
        }
        if (m.allFixed()) {
            for (IndexedProgram.Array a : m.program.inputs()) {
                m.inputOffsetMethods.put(
                        a.name(), names.newName("inputOffset" + capitalized(a.name())));
            }
        }
    }

    private static String capitalized(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    void addTo(TypeSpec.Builder t) {
        boolean one = m.isOneScalarOutput();
        forward(t, false);
        if (one) {
            gradient(t, false);
        }
        backward(t, false);
        jacobian(t, false);
        if (m.allFixed()) {
            if (!namedIsPacked()) {
                forward(t, true);
                if (one) {
                    gradient(t, true);
                }
                jacobian(t, true);
            }
            if (one) {
                gradientNew(t);
            }
            if (!namedBackwardIsPacked()) {
                backward(t, true);
            }
        }
        offsets(t);
        t.addMethod(names("inputs", m.inputsField, "The names of the inputs, in parameter order."));
        t.addMethod(names("outputs", m.outputsField, "The names of the outputs, in order."));
        t.addMethod(
                names(
                        "wrt",
                        m.wrtField,
                        "The names of the inputs derivatives are taken with respect to, in the"
                                + " order of {@code grad}."));
        t.addMethod(
                names(
                        "dims",
                        m.dimsField,
                        "The names of the sizes given at call time, in parameter order (none when"
                                + " every size is fixed)."));
    }

    /** With one array input and all sizes fixed, the named forms are the packed ones. */
    private boolean namedIsPacked() {
        return m.program.inputs().size() == 1 && !m.program.inputs().get(0).isScalar();
    }

    private boolean namedBackwardIsPacked() {
        return namedIsPacked()
                && m.program.outputs().size() == 1
                && !m.arrays.get(m.program.outputs().get(0)).isScalar();
    }

    // ---- meanings, for Javadoc and messages

    static String packedMeaning(Model m) {
        List<String> parts = new ArrayList<>();
        for (IndexedProgram.Array a : m.program.inputs()) {
            parts.add(a.isScalar() ? a.name() : LoopEmitter.shape(a));
        }
        return "the inputs concatenated, each row-major (" + LoopBody.list(parts) + ")";
    }

    private String gradMeaning() {
        List<String> parts = new ArrayList<>();
        for (String w : m.program.wrt()) {
            IndexedProgram.Array a = m.inputs.get(w);
            parts.add(a.isScalar() ? w : LoopEmitter.shape(a));
        }
        return "the derivatives with respect to each element of each wrt input, concatenated in"
                + " wrt order, each row-major ("
                + LoopBody.list(parts)
                + ")";
    }

    private String outMeaning() {
        List<String> parts = new ArrayList<>();
        for (String o : m.program.outputs()) {
            IndexedProgram.Array a = m.arrays.get(o);
            parts.add(a.isScalar() ? o : LoopEmitter.shape(a));
        }
        return "the outputs concatenated, each row-major (" + LoopBody.list(parts) + ")";
    }

    private String offsetsNote() {
        List<String> calls = new ArrayList<>();
        for (String w : m.program.wrt()) {
            calls.add("{@code " + m.gradOffsetMethods.get(w) + "}");
        }
        return "; " + w(calls) + " tell where each wrt input starts";
    }

    private static String w(List<String> calls) {
        return String.join(", ", calls);
    }

    private String sizesNote() {
        return m.dims.isEmpty() ? "" : " Sizes below 1 and wrong lengths are refused.";
    }

    // ---- method skeletons

    private MethodSpec.Builder method(String name, String doc, boolean packed) {
        MethodSpec.Builder mb =
                MethodSpec.methodBuilder(name)
                        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                        .addJavadoc("$L\n\n", doc);
        if (packed) {
            mb.addParameter(LoopEmitter.DOUBLE_ARRAY, m.x)
                    .addJavadoc("@param $L $L\n", m.x, LoopBody.escapeDoc(packedMeaning(m)));
        } else {
            e.sizeParams(mb, true);
            e.inputParams(mb, true);
        }
        return mb;
    }

    private void enter(CodeBlock.Builder b, boolean packed) {
        if (packed) {
            b.addStatement("$T $N = $N($N)", work, m.work, e.enterPacked, m.x);
        } else {
            b.addStatement("$T $N = $N($L)", work, m.work, e.enter, e.sizeAndInputArgs());
        }
    }

    /** A length check after the work space holds the inputs: let go of them before throwing. */
    private void checkAfterEnter(CodeBlock.Builder b, String array, Poly length, String meaning) {
        String len = length.java(m.direct(), true);
        b.beginControlFlow("if ($N == null || $N.length != $L)", array, array, len)
                .addStatement("$N($N)", e.release, m.work)
                .beginControlFlow("if ($N == null)", array)
                .addStatement("throw new $T($S)", NullPointerException.class, array + " is null")
                .endControlFlow()
                .addStatement(
                        "throw new $T($S + $N.length + $S + ($L) + $S)",
                        IllegalArgumentException.class,
                        array + " has length ",
                        array,
                        " but must have length ",
                        len,
                        ": " + meaning)
                .endControlFlow();
    }

    private Poly gradLength() {
        List<Poly> p = m.gradOffsets();
        return p.get(p.size() - 1);
    }

    private Poly outLength() {
        List<Poly> p = m.outOffsets();
        return p.get(p.size() - 1);
    }

    private String scalarValue(String output) {
        return m.work + "." + m.java(output) + "[0]";
    }

    // ---- forward

    private void forward(TypeSpec.Builder t, boolean packed) {
        boolean one = m.isOneScalarOutput();
        String doc =
                one
                        ? "Computes the output {@code "
                                + m.program.outputs().get(0)
                                + "}."
                                + (packed
                                        ? " Fits commons-math3's {@code MultivariateFunction} as"
                                                + " {@code "
                                                + m.className
                                                + "::forward}."
                                        : "")
                        : "Computes the outputs into {@code out}: " + outMeaning() + ".";
        MethodSpec.Builder mb = method("forward", doc + sizesNote(), packed);
        CodeBlock.Builder b = CodeBlock.builder();
        enter(b, packed);
        if (!one) {
            mb.addParameter(LoopEmitter.DOUBLE_ARRAY, m.out)
                    .addJavadoc("@param $L receives $L\n", m.out, outMeaning());
            checkAfterEnter(b, m.out, outLength(), outMeaning());
        }
        b.addStatement("$N($N)", e.forwardPass, m.work);
        if (one) {
            NameAllocator names = m.base.clone();
            String value = names.newName("value");
            b.addStatement("double $N = $L", value, scalarValue(m.program.outputs().get(0)));
            b.addStatement("$N($N)", e.release, m.work);
            b.addStatement("return $N", value);
            mb.returns(TypeName.DOUBLE)
                    .addJavadoc("@return the value of {@code $L}\n", m.program.outputs().get(0));
        } else {
            copyOutputs(b);
            b.addStatement("$N($N)", e.release, m.work);
        }
        t.addMethod(mb.addCode(b.build()).build());
    }

    private void copyOutputs(CodeBlock.Builder b) {
        List<Poly> offsets = m.outOffsets();
        List<String> outputs = m.program.outputs();
        for (int i = 0; i < outputs.size(); i++) {
            IndexedProgram.Array a = m.arrays.get(outputs.get(i));
            String at = offsets.get(i).java(m.direct(), false);
            if (a.isScalar()) {
                b.addStatement("$N[$L] = $L", m.out, at, scalarValue(a.name()));
            } else {
                b.addStatement(
                        "$T.arraycopy($N.$N, 0, $N, $L, $L)",
                        System.class,
                        m.work,
                        m.java(a.name()),
                        m.out,
                        at,
                        Model.length(a).java(m.direct(), false));
            }
        }
    }

    // ---- gradient

    private void gradient(TypeSpec.Builder t, boolean packed) {
        String o = m.program.outputs().get(0);
        String doc =
                "Computes {@code "
                        + o
                        + "} and its gradient into {@code grad}, "
                        + (m.tangents != null
                                ? FORWARD_MODE
                                : "in reverse mode: one forward and one backward sweep, whatever"
                                        + " the number of wrt inputs.")
                        + sizesNote();
        MethodSpec.Builder mb = method("gradient", doc, packed).returns(TypeName.DOUBLE);
        mb.addParameter(LoopEmitter.DOUBLE_ARRAY, m.grad)
                .addJavadoc(
                        "@param $L receives $L$L\n",
                        m.grad,
                        LoopBody.escapeDoc(gradMeaning()),
                        offsetsNote())
                .addJavadoc("@return the value of {@code $L}\n", o);
        CodeBlock.Builder b = CodeBlock.builder();
        enter(b, packed);
        checkAfterEnter(b, m.grad, gradLength(), gradMeaning());
        if (e.tangent != null) {
            b.addStatement("$N($N, $N)", e.tangent.prepare, m.work, m.grad);
            b.addStatement("$N($N)", e.tangent.pass, m.work);
        } else if (e.gradient != null) {
            b.addStatement("$N($N, $N)", e.gradient.prepare, m.work, m.grad);
            b.addStatement("$N($N)", e.gradient.pass, m.work);
        } else {
            b.addStatement("$N($N)", e.forwardPass, m.work);
            b.addStatement("$N($N, $N)", e.setGrad, m.work, m.grad);
            seedAndRun(b, o, CodeBlock.of("1.0"), null);
        }
        NameAllocator names = m.base.clone();
        String value = names.newName("value");
        b.addStatement("double $N = $L", value, scalarValue(o));
        b.addStatement("$N($N)", e.release, m.work);
        b.addStatement("return $N", value);
        t.addMethod(mb.addCode(b.build()).build());
    }

    /**
     * Runs {@code o}'s backward pass seeded with {@code scalarSeed} (a scalar output), or with the
     * elements of {@code arraySeed} (an array output: the array and where its seed starts).
     */
    private void seedAndRun(
            CodeBlock.Builder b, String o, CodeBlock scalarSeed, CodeBlock[] arraySeed) {
        if (!m.adjoints.containsKey(o)) {
            return; // o does not depend on the wrt inputs: its derivatives are the zeros of grad
        }
        String d = m.adjoints.get(o).adjointOf().get(o);
        b.addStatement("$N($N)", e.zero.get(o), m.work);
        if (scalarSeed != null) {
            b.addStatement("$N.$N[0] = $L", m.work, m.java(d), scalarSeed);
        } else {
            b.addStatement(
                    "$T.arraycopy($L, $L, $N.$N, 0, $L)",
                    System.class,
                    arraySeed[0],
                    arraySeed[1],
                    m.work,
                    m.java(d),
                    Model.length(m.arrays.get(o)).java(m.direct(), false));
        }
        b.addStatement("$N($N)", e.backwardPass.get(o), m.work);
    }

    /** How the gradient is computed in forward mode, for the Javadoc. */
    private static final String FORWARD_MODE =
            "in forward mode: the derivatives along each wrt input computed beside the values, in"
                    + " one sweep that keeps nothing for a backward one.";

    private void gradientNew(TypeSpec.Builder t) {
        String o = m.program.outputs().get(0);
        NameAllocator names = m.base.clone();
        String grad = names.newName("gradient");
        MethodSpec.Builder mb =
                MethodSpec.methodBuilder("gradient")
                        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                        .returns(LoopEmitter.DOUBLE_ARRAY)
                        .addParameter(LoopEmitter.DOUBLE_ARRAY, m.x)
                        .addJavadoc(
                                "The gradient of {@code $L} in a new array. Fits commons-math3's"
                                        + " {@code MultivariateVectorFunction} as {@code"
                                        + " $L::gradient}.\n\n",
                                o,
                                m.className)
                        .addJavadoc("@param $L $L\n", m.x, LoopBody.escapeDoc(packedMeaning(m)))
                        .addJavadoc("@return $L\n", LoopBody.escapeDoc(gradMeaning()));
        mb.addStatement("double[] $N = new double[$L]", grad, gradLength().java(m.direct(), false));
        mb.addStatement("gradient($N, $N)", m.x, grad);
        mb.addStatement("return $N", grad);
        t.addMethod(mb.build());
    }

    // ---- backward

    private void backward(TypeSpec.Builder t, boolean packed) {
        String doc =
                "The backward pass: {@code grad} receives the derivatives of the outputs with"
                        + " respect to the wrt inputs, weighted by the seeds (the derivatives of"
                        + " some loss with respect to the outputs) and summed, "
                        + (m.tangents != null
                                ? "here the seed times the gradient, which is computed "
                                        + FORWARD_MODE
                                : "in one reverse sweep per output.")
                        + sizesNote();
        MethodSpec.Builder mb = method("backward", doc, packed);
        CodeBlock.Builder b = CodeBlock.builder();
        enter(b, packed);
        if (packed) {
            mb.addParameter(LoopEmitter.DOUBLE_ARRAY, m.seed)
                    .addJavadoc(
                            "@param $L the seeds, one per output element: $L\n",
                            m.seed,
                            LoopBody.escapeDoc(outMeaning()));
            checkAfterEnter(b, m.seed, outLength(), "one seed per element of " + outMeaning());
        } else {
            for (String o : m.program.outputs()) {
                IndexedProgram.Array a = m.arrays.get(o);
                String name = m.seedName(o);
                mb.addParameter(a.isScalar() ? TypeName.DOUBLE : LoopEmitter.DOUBLE_ARRAY, name)
                        .addJavadoc(
                                "@param $L the seed of {@code $L}$L\n",
                                name,
                                LoopBody.escapeDoc(LoopEmitter.shape(a)),
                                a.isScalar() ? "" : ", row-major");
                if (!a.isScalar()) {
                    checkAfterEnter(
                            b,
                            name,
                            Model.length(a),
                            "one seed per element of " + LoopEmitter.shape(a));
                }
            }
        }
        mb.addParameter(LoopEmitter.DOUBLE_ARRAY, m.grad)
                .addJavadoc(
                        "@param $L receives $L$L\n",
                        m.grad,
                        LoopBody.escapeDoc(gradMeaning()),
                        offsetsNote());
        checkAfterEnter(b, m.grad, gradLength(), gradMeaning());
        if (e.tangent != null) {
            // one scalar output: its seed times the gradient
            b.addStatement("$N($N, $N)", e.tangent.prepare, m.work, m.grad);
            b.addStatement("$N($N)", e.tangent.pass, m.work);
            NameAllocator names = m.base.clone();
            String i = names.newName("i");
            b.beginControlFlow("for (int $N = 0; $N < $N.length; $N++)", i, i, m.grad, i)
                    .addStatement(
                            "$N[$N] *= $L",
                            m.grad,
                            i,
                            packed
                                    ? CodeBlock.of("$N[0]", m.seed)
                                    : CodeBlock.of("$N", m.seedName(m.program.outputs().get(0))))
                    .endControlFlow();
            b.addStatement("$N($N)", e.release, m.work);
            t.addMethod(mb.addCode(b.build()).build());
            return;
        }
        b.addStatement("$N($N)", e.forwardPass, m.work);
        b.addStatement("$N($N, $N)", e.setGrad, m.work, m.grad);
        List<Poly> offsets = m.outOffsets();
        List<String> outputs = m.program.outputs();
        for (int i = 0; i < outputs.size(); i++) {
            String o = outputs.get(i);
            boolean scalar = m.arrays.get(o).isScalar();
            String at = offsets.get(i).java(m.direct(), false);
            if (packed) {
                seedAndRun(
                        b,
                        o,
                        scalar ? CodeBlock.of("$N[$L]", m.seed, at) : null,
                        scalar
                                ? null
                                : new CodeBlock[] {
                                    CodeBlock.of("$N", m.seed), CodeBlock.of("$L", at)
                                });
            } else {
                seedAndRun(
                        b,
                        o,
                        scalar ? CodeBlock.of("$N", m.seedName(o)) : null,
                        scalar
                                ? null
                                : new CodeBlock[] {
                                    CodeBlock.of("$N", m.seedName(o)), CodeBlock.of("0")
                                });
            }
        }
        b.addStatement("$N($N)", e.release, m.work);
        t.addMethod(mb.addCode(b.build()).build());
    }

    // ---- jacobian

    private void jacobian(TypeSpec.Builder t, boolean packed) {
        String doc =
                "The Jacobian: {@code jac[r]} receives the derivatives of output element r (the"
                        + " outputs concatenated, each row-major) with respect to the wrt inputs,"
                        + " laid out as {@code grad}; "
                        + (m.tangents != null
                                ? "here one row, the gradient, computed " + FORWARD_MODE
                                : "one reverse sweep per output element.")
                        + sizesNote();
        MethodSpec.Builder mb = method("jacobian", doc, packed);
        mb.addParameter(LoopEmitter.DOUBLE_MATRIX, m.jac)
                .addJavadoc(
                        "@param $L one row per element of $L, each of $L\n",
                        m.jac,
                        LoopBody.escapeDoc(outMeaning()),
                        LoopBody.escapeDoc(gradMeaning()));
        CodeBlock.Builder b = CodeBlock.builder();
        enter(b, packed);
        NameAllocator names = m.base.clone();
        String row = names.newName("row");
        String element = names.newName("e");
        String rows = outLength().java(m.direct(), true);
        String columns = gradLength().java(m.direct(), true);
        b.beginControlFlow("if ($N == null || $N.length != $L)", m.jac, m.jac, rows)
                .addStatement("$N($N)", e.release, m.work)
                .beginControlFlow("if ($N == null)", m.jac)
                .addStatement("throw new $T($S)", NullPointerException.class, "jac is null")
                .endControlFlow()
                .addStatement(
                        "throw new $T($S + $N.length + $S + ($L) + $S)",
                        IllegalArgumentException.class,
                        "jac has length ",
                        m.jac,
                        " but must have length ",
                        rows,
                        ": one row per element of " + outMeaning())
                .endControlFlow();
        b.beginControlFlow("for (int $N = 0; $N < $N.length; $N++)", row, row, m.jac, row)
                .beginControlFlow(
                        "if ($N[$N] == null || $N[$N].length != $L)",
                        m.jac,
                        row,
                        m.jac,
                        row,
                        columns)
                .addStatement("$N($N)", e.release, m.work)
                .beginControlFlow("if ($N[$N] == null)", m.jac, row)
                .addStatement(
                        "throw new $T($S + $N + $S)",
                        NullPointerException.class,
                        "jac[",
                        row,
                        "] is null")
                .endControlFlow()
                .addStatement(
                        "throw new $T($S + $N + $S + $N[$N].length + $S + ($L) + $S)",
                        IllegalArgumentException.class,
                        "jac[",
                        row,
                        "] has length ",
                        m.jac,
                        row,
                        " but must have length ",
                        columns,
                        ": " + gradMeaning())
                .endControlFlow()
                .endControlFlow();
        if (e.tangent != null) {
            b.addStatement("$N($N, $N[0])", e.tangent.prepare, m.work, m.jac);
            b.addStatement("$N($N)", e.tangent.pass, m.work);
            b.addStatement("$N($N)", e.release, m.work);
            t.addMethod(mb.addCode(b.build()).build());
            return;
        }
        b.addStatement("$N($N)", e.forwardPass, m.work);
        List<Poly> offsets = m.outOffsets();
        List<String> outputs = m.program.outputs();
        for (int i = 0; i < outputs.size(); i++) {
            String o = outputs.get(i);
            IndexedProgram.Array a = m.arrays.get(o);
            String at = offsets.get(i).java(m.direct(), false);
            if (a.isScalar()) {
                b.addStatement("$N($N, $N[$L])", e.setGrad, m.work, m.jac, at);
                seedAndRun(b, o, CodeBlock.of("1.0"), null);
            } else {
                String len = Model.length(a).java(m.direct(), false);
                b.beginControlFlow(
                        "for (int $N = 0; $N < $L; $N++)", element, element, len, element);
                b.addStatement("$N($N, $N[$L + $N])", e.setGrad, m.work, m.jac, at, element);
                if (m.adjoints.containsKey(o)) {
                    String d = m.adjoints.get(o).adjointOf().get(o);
                    b.addStatement("$N($N)", e.zero.get(o), m.work);
                    b.addStatement("$N.$N[$N] = 1.0", m.work, m.java(d), element);
                    b.addStatement("$N($N)", e.backwardPass.get(o), m.work);
                }
                b.endControlFlow();
            }
        }
        b.addStatement("$N($N)", e.release, m.work);
        t.addMethod(mb.addCode(b.build()).build());
    }

    // ---- offsets and names

    private void offsets(TypeSpec.Builder t) {
        List<Poly> grad = m.gradOffsets();
        for (int i = 0; i < m.program.wrt().size(); i++) {
            String w = m.program.wrt().get(i);
            t.addMethod(
                    intMethod(
                            m.gradOffsetMethods.get(w),
                            "Where the derivatives with respect to {@code "
                                    + w
                                    + "} start in {@code grad} (and in each row of {@code jac}).",
                            grad.get(i),
                            false));
        }
        t.addMethod(
                intMethod(
                        "gradLength",
                        "The length of {@code grad} (and of each row of {@code jac}): "
                                + LoopBody.escapeDoc(gradMeaning())
                                + ".",
                        gradLength(),
                        false));
        if (!m.isOneScalarOutput()) {
            List<Poly> out = m.outOffsets();
            for (int i = 0; i < m.program.outputs().size(); i++) {
                String o = m.program.outputs().get(i);
                t.addMethod(
                        intMethod(
                                m.outOffsetMethods.get(o),
                                "Where {@code "
                                        + o
                                        + "} starts in {@code out} (and its rows in {@code jac}).",
                                out.get(i),
                                false));
            }
            t.addMethod(
                    intMethod(
                            "outLength",
                            "The length of {@code out} (and the number of rows of {@code jac}): "
                                    + LoopBody.escapeDoc(outMeaning())
                                    + ".",
                            outLength(),
                            false));
        }
        if (m.allFixed()) {
            List<Poly> in = m.inputOffsets();
            for (int i = 0; i < m.program.inputs().size(); i++) {
                String name = m.program.inputs().get(i).name();
                t.addMethod(
                        intMethod(
                                m.inputOffsetMethods.get(name),
                                "Where {@code " + name + "} starts in the packed inputs {@code x}.",
                                in.get(i),
                                true));
            }
            t.addMethod(
                    intMethod(
                            "inputLength",
                            "The length of the packed inputs {@code x}: "
                                    + LoopBody.escapeDoc(packedMeaning(m))
                                    + ".",
                            in.get(in.size() - 1),
                            true));
        }
    }

    private MethodSpec intMethod(String name, String doc, Poly value, boolean noSizes) {
        MethodSpec.Builder mb =
                MethodSpec.methodBuilder(name)
                        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                        .returns(TypeName.INT)
                        .addJavadoc("$L\n\n", doc);
        if (!noSizes) {
            e.sizeParams(mb, true);
        }
        mb.addJavadoc("@return the offset or length at these sizes\n");
        mb.addStatement("return $L", value.java(m.direct(), false));
        return mb.build();
    }

    private MethodSpec names(String name, String field, String doc) {
        return MethodSpec.methodBuilder(name)
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(LoopEmitter.STRING_LIST)
                .addJavadoc("$L Unmodifiable.\n\n@return the names\n", doc)
                .addStatement("return $N", field)
                .build();
    }

    // ---- the class's Javadoc

    /** The class's Javadoc; {@code splits}: some nest runs in chunks over the cores. */
    static CodeBlock classDoc(Model m, boolean splits) {
        CodeBlock.Builder doc = CodeBlock.builder();
        String name = m.program.source().name();
        doc.add(
                "Generated by chainrule from $L: an indexed program, its derivatives and their"
                        + " Java loops.\n",
                LoopBody.escapeDoc(name.substring(name.lastIndexOf('/') + 1)));
        doc.add("\n<pre>\n");
        List<String> lines = LoopBody.lines(m.program.source().text());
        int shown = Math.min(lines.size(), 200);
        for (int i = 0; i < shown; i++) {
            doc.add("$L\n", LoopBody.escapeDoc(lines.get(i)));
        }
        if (shown < lines.size()) {
            doc.add("... ($L more lines)\n", lines.size() - shown);
        }
        doc.add("</pre>\n\n");
        List<String> sizes = new ArrayList<>();
        m.fixed.forEach((k, v) -> sizes.add(k + " = " + v));
        doc.add(
                "<p>Sizes given at call time, first in each method: $L. Fixed sizes: $L.\n",
                LoopBody.escapeDoc(LoopBody.list(m.dims)),
                LoopBody.escapeDoc(LoopBody.list(sizes)));
        doc.add(
                "Arrays are row-major {@code double[]}: {@code W[j, i]} is {@code W[j * d +"
                        + " i]}.\n");
        doc.add(
                "{@code grad} holds $L; {@code offset...} methods say where each wrt input"
                        + " starts.\n",
                LoopBody.escapeDoc(new Api(m, null).gradMeaning()));
        doc.add(
                "\n<p>Thread-safe: the arrays of the passes live in a work space per thread, grown"
                        + " when a call needs more, so a call allocates nothing once warm (but"
                        + " {@code gradient(double[] x)}, which returns a new array).\n");
        if (splits) {
            doc.add(
                    "\n<p>Generated with {@code --parallel}: a loop nest over a runtime range"
                            + " longer than one chunk (at least $L iterations) runs its chunks on"
                            + " the fork-join pool (the common pool, or the pool of the calling"
                            + " task), each summing into partial sums of its own, added in chunk"
                            + " order: the same bits whatever the number of threads, which may"
                            + " differ from a sequential class's in the last places. A call over"
                            + " several chunks allocates the parallel stream and its tasks; the"
                            + " partial sums are kept in the work space.\n",
                    Chunked.CHUNK);
        }
        return doc.build();
    }
}
