package io.github.chainrule.loopgen;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.github.chainrule.diff.IndexedAdjoint;
import io.github.chainrule.graph.Evaluator;
import io.github.chainrule.graph.Fn;
import io.github.chainrule.graph.Node;
import io.github.chainrule.indexed.Affine;
import io.github.chainrule.indexed.IndexedProgram;
import io.github.chainrule.javagen.LoopBody;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.lang.model.element.Modifier;

/**
 * The Java class of an indexed program (the README's "Indexed programs"): its forward and backward
 * passes as loops, whatever the sizes. A size given at call time is an {@code int} parameter, a
 * fixed one a constant of the class; arrays are row-major {@code double[]}. Statements over one
 * domain share a loop nest ({@link Schedule}, {@link StatementCode}), each nest in a private method
 * of its own ({@link Steps}), and {@code gradient} runs the forward and backward nests as one
 * schedule; the arrays the statements assign, and the adjoints of the backward pass, live in a work
 * space kept per thread and grown when a call needs more, so a warm call allocates nothing and the
 * class is thread-safe; an array the code touches at a few fixed elements only keeps only those
 * ({@link Windows}). The public methods ({@link Api}) check their arguments, fill the work space
 * and run the passes. The bytecode depends on the program, never on the sizes' values.
 */
public final class LoopEmitter {
    static final ClassName ARRAYS = ClassName.get("java.util", "Arrays");
    static final ClassName COLLECTIONS = ClassName.get("java.util", "Collections");
    static final TypeName DOUBLE_ARRAY = ArrayTypeName.of(TypeName.DOUBLE);
    static final TypeName DOUBLE_MATRIX = ArrayTypeName.of(DOUBLE_ARRAY);
    static final TypeName STRING_LIST =
            ParameterizedTypeName.get(
                    ClassName.get("java.util", "List"), ClassName.get(String.class));

    private final Model m;
    private final ClassName work;
    final NameAllocator methodNames = new NameAllocator();

    final String enter;
    final String enterPacked;
    final String workFor;
    final String setGrad;
    final String release;
    final String forwardPass;
    final java.util.Map<String, String> zero = new java.util.LinkedHashMap<>();
    final java.util.Map<String, String> backwardPass = new java.util.LinkedHashMap<>();
    private final Steps forwardSteps;
    private final java.util.Map<String, Steps> backwardSteps = new java.util.LinkedHashMap<>();

    /** The gradient's own pass, where it has one in reverse mode (else null). */
    final GradientPass gradient;

    /** The gradient in forward mode, where the class computes it so (else null). */
    final TangentPass tangent;

    private LoopEmitter(Model m) {
        this.m = m;
        this.work = ClassName.get("", m.workClass);
        for (String reserved :
                List.of(
                        "forward",
                        "gradient",
                        "backward",
                        "jacobian",
                        "inputs",
                        "outputs",
                        "wrt",
                        "dims",
                        "gradLength",
                        "outLength",
                        "inputLength")) {
            methodNames.newName(reserved);
        }
        Api.reserveOffsetNames(m, methodNames);
        for (Fn fn : helpersUsed()) {
            methodNames.newName(fn.helper().orElseThrow());
        }
        enter = methodNames.newName("enter");
        enterPacked = methodNames.newName("enterPacked");
        workFor = methodNames.newName("workFor");
        setGrad = methodNames.newName("setGrad");
        release = methodNames.newName("release");
        if (m.chunked != null
                && !methodNames
                        .newName(m.chunked.partialsMethod())
                        .equals(m.chunked.partialsMethod())) {
            throw new AssertionError(m.chunked.partialsMethod() + " is taken");
        }
        forwardPass = methodNames.newName("forwardPass");
        Map<List<Object>, String> written = new java.util.HashMap<>();
        forwardSteps =
                Steps.of(
                        m,
                        Schedule.of(m.program.steps(), false),
                        "forwardStep",
                        methodNames,
                        written,
                        Set.of(),
                        m.tangents != null);
        for (Map.Entry<String, IndexedAdjoint> e : m.adjoints.entrySet()) {
            String o = e.getKey();
            zero.put(o, methodNames.newName("zeroAdjointsOf" + o));
            backwardPass.put(o, methodNames.newName("backwardPassOf" + o));
            backwardSteps.put(
                    o,
                    Steps.of(
                            m,
                            Schedule.of(e.getValue().steps(), true),
                            "backwardOf" + o + "Step",
                            methodNames,
                            written));
        }
        gradient = GradientPass.of(m, methodNames, written);
        tangent = TangentPass.of(m, methodNames, written);
    }

    /** Whether a nest runs in chunks over the cores: the class then has what they share. */
    boolean splits() {
        return forwardSteps.splits()
                || backwardSteps.values().stream().anyMatch(Steps::splits)
                || (gradient != null && gradient.steps.splits())
                || (tangent != null && tangent.steps.splits());
    }

    /**
     * The source of the class {@code className} in {@code packageName} (empty for the unnamed
     * package) computing {@code program} and its derivatives with loops.
     *
     * @throws IllegalArgumentException when a name is not a Java identifier, or the class name
     *     would hide a type that generated code uses
     */
    public static String generate(IndexedProgram program, String packageName, String className) {
        return generate(program, packageName, className, false);
    }

    /**
     * As {@link #generate(IndexedProgram, String, String)}; {@code parallel} splits the loop nests
     * over large runtime ranges over the machine's cores, in chunks of fixed length ({@link
     * Chunked}).
     */
    public static String generate(
            IndexedProgram program, String packageName, String className, boolean parallel) {
        LoopBody.checkNames(packageName, className);
        Model m = new Model(program, className, parallel);
        // the passes once to record where they access each array, then with the windows
        new LoopEmitter(m);
        m.windows.decide(m);
        LoopEmitter e = new LoopEmitter(m);
        String name = program.source().name();
        return JavaFile.builder(packageName, e.type())
                .addFileComment(
                        "Generated by chainrule from $L. Do not edit: regenerate.",
                        LoopBody.escapeDoc(name.substring(name.lastIndexOf('/') + 1)))
                .indent("    ")
                .skipJavaLangImports(true)
                .build()
                .toString();
    }

    private Set<Fn> helpersUsed() {
        List<Node> roots = new ArrayList<>();
        List<IndexedProgram.Statement> all = new ArrayList<>();
        collect(m.program.steps(), all);
        for (IndexedAdjoint a : m.adjoints.values()) {
            collect(a.steps(), all);
        }
        if (m.tangents != null) {
            collect(m.tangents.program().steps(), all);
        }
        for (IndexedProgram.Statement s : all) {
            roots.add(s.body());
            if (s.store() instanceof IndexedProgram.Accumulate a) {
                a.firstWhere().ifPresent(roots::add);
            }
        }
        Set<Fn> used = EnumSet.noneOf(Fn.class);
        for (int id : Evaluator.reachableIds(roots)) {
            if (m.program.graph().node(id) instanceof Node.Apply a && a.fn().helper().isPresent()) {
                used.add(a.fn());
            }
        }
        if (used.contains(Fn.SOFTPLUS)) {
            // softplus may be written out around log1p(exp(-|u|)) (javagen's LogisticForms)
            used.add(Fn.LOG1P_BY_LOG);
        }
        return used;
    }

    private static void collect(
            List<IndexedProgram.Step> steps, List<IndexedProgram.Statement> out) {
        for (IndexedProgram.Step step : steps) {
            if (step instanceof IndexedProgram.Single s) {
                out.add(s.statement());
            } else if (step instanceof IndexedProgram.Recurrence r) {
                out.addAll(r.statements());
            }
        }
    }

    // ---- the class ------------------------------------------------------------------------

    private TypeSpec type() {
        TypeSpec.Builder t =
                TypeSpec.classBuilder(m.className)
                        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                        .addJavadoc(Api.classDoc(m, splits()));
        for (Map.Entry<String, Long> f : m.fixed.entrySet()) {
            t.addField(
                    FieldSpec.builder(
                                    TypeName.INT,
                                    m.java(f.getKey()),
                                    Modifier.PRIVATE,
                                    Modifier.STATIC,
                                    Modifier.FINAL)
                            .addJavadoc("The size $L, fixed in the program.\n", f.getKey())
                            .initializer("$L", f.getValue())
                            .build());
        }
        if (splits()) {
            t.addField(
                    FieldSpec.builder(
                                    TypeName.INT,
                                    m.chunked.chunk(),
                                    Modifier.PRIVATE,
                                    Modifier.STATIC,
                                    Modifier.FINAL)
                            .addJavadoc(
                                    "The outer iterations of a chunk of a nest split over the"
                                            + " cores, at least: fixed, so that the result does"
                                            + " not depend on the number of threads.\n")
                            .initializer("$L", Chunked.CHUNK)
                            .build());
        }
        t.addField(namesField(m.inputsField, inputNames()));
        t.addField(namesField(m.outputsField, m.program.outputs()));
        t.addField(namesField(m.wrtField, m.program.wrt()));
        t.addField(namesField(m.dimsField, m.dims));
        t.addField(
                FieldSpec.builder(
                                ParameterizedTypeName.get(ClassName.get(ThreadLocal.class), work),
                                m.workField,
                                Modifier.PRIVATE,
                                Modifier.STATIC,
                                Modifier.FINAL)
                        .addJavadoc(
                                "Each thread's work space: the arrays of the passes, grown on"
                                        + " demand.\n")
                        .initializer("$T.withInitial($T::new)", ThreadLocal.class, work)
                        .build());
        t.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
        new Api(m, this).addTo(t);
        t.addMethod(enterMethod());
        if (m.allFixed()) {
            t.addMethod(enterPackedMethod());
        }
        t.addMethod(workForMethod());
        if (m.tangents == null) {
            t.addMethod(setGradMethod());
        }
        t.addMethod(releaseMethod());
        t.addMethod(caller(forwardPass, forwardSteps.calls(), "The forward pass."));
        for (String o : m.adjoints.keySet()) {
            t.addMethod(zeroMethod(o));
            t.addMethod(
                    caller(
                            backwardPass.get(o),
                            backwardSteps.get(o).calls(),
                            "The backward pass of "
                                    + o
                                    + ", from its seed (the adjoints start at 0, and grad holds"
                                    + " the wrt inputs' derivatives)."));
        }
        if (gradient != null) {
            t.addMethod(gradient.prepareMethod(work));
            t.addMethod(
                    caller(
                            gradient.pass,
                            gradient.steps.calls(),
                            "The gradient's forward and backward passes as one schedule, from the"
                                    + " seed (prepared by "
                                    + gradient.prepare
                                    + ")."));
        }
        if (tangent != null) {
            t.addMethod(tangent.prepareMethod(work));
            t.addMethod(
                    caller(
                            tangent.pass,
                            tangent.steps.calls(),
                            "The gradient in forward mode: the values and their tangents along each"
                                    + " wrt input, side by side in one sweep (grad prepared by "
                                    + tangent.prepare
                                    + ")."));
        }
        forwardSteps.methods().forEach(t::addMethod);
        backwardSteps.values().forEach(s -> s.methods().forEach(t::addMethod));
        if (gradient != null) {
            gradient.steps.methods().forEach(t::addMethod);
        }
        if (tangent != null) {
            tangent.steps.methods().forEach(t::addMethod);
        }
        if (splits()) {
            t.addMethod(Chunked.partialSumsMethod(m, work));
        }
        for (Fn fn : helpersUsed()) {
            t.addMethod(LoopBody.helper(fn));
        }
        t.addType(workType());
        return t.build();
    }

    private List<String> inputNames() {
        List<String> out = new ArrayList<>();
        m.program.inputs().forEach(a -> out.add(a.name()));
        return out;
    }

    private static FieldSpec namesField(String field, List<String> names) {
        CodeBlock args =
                names.stream().map(n -> CodeBlock.of("$S", n)).collect(CodeBlock.joining(", "));
        CodeBlock init =
                names.isEmpty()
                        ? CodeBlock.of("$T.<String>emptyList()", COLLECTIONS)
                        : CodeBlock.of(
                                "$T.unmodifiableList($T.asList($L))", COLLECTIONS, ARRAYS, args);
        return FieldSpec.builder(
                        STRING_LIST, field, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer(init)
                .build();
    }

    private TypeSpec workType() {
        TypeSpec.Builder w =
                TypeSpec.classBuilder(m.workClass)
                        .addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                        .addJavadoc(
                                "One thread's work space: the sizes and inputs of the call, the"
                                        + " arrays the program assigns, the adjoints of the"
                                        + " backward passes, and where grad receives each wrt"
                                        + " input's derivatives.\n");
        for (String d : m.dims) {
            w.addField(TypeName.INT, m.java(d));
        }
        for (IndexedProgram.Array a : m.program.inputs()) {
            if (a.isScalar()) {
                w.addField(TypeName.DOUBLE, m.java(a.name()));
            } else {
                w.addField(DOUBLE_ARRAY, m.java(a.name()));
                w.addField(TypeName.INT, m.at(a.name()));
            }
        }
        List<String> arrays = new ArrayList<>(m.arrays.keySet());
        arrays.addAll(m.adjointArrays.keySet());
        arrays.addAll(m.tangentArrays.keySet());
        for (String a : arrays) {
            FieldSpec.Builder f =
                    FieldSpec.builder(DOUBLE_ARRAY, m.java(a)).initializer("new double[0]");
            List<Long> window = m.windows.window(a);
            if (window != null) {
                List<String> offsets = new ArrayList<>();
                window.forEach(at -> offsets.add(Long.toString(at)));
                f.addJavadoc(
                        "Only the elements $L (row-major) of $L, in this order: the class reads and"
                                + " writes no other.\n",
                        String.join(", ", offsets),
                        LoopBody.escapeDoc(a));
            }
            w.addField(f.build());
        }
        w.addField(DOUBLE_ARRAY, m.grad);
        if (splits()) {
            w.addField(
                    FieldSpec.builder(DOUBLE_MATRIX, m.chunked.partials())
                            .addJavadoc("The partial sums of the split nests' chunks.\n")
                            .initializer("new double[0][]")
                            .build());
            w.addField(
                    FieldSpec.builder(TypeName.BOOLEAN, m.chunked.busy())
                            .addJavadoc(
                                    "Whether this thread waits for a split nest's chunks: a call"
                                            + " it runs meanwhile takes a new work space.\n")
                            .build());
        }
        for (String wrt : m.program.wrt()) {
            w.addField(TypeName.INT, m.gradAt(wrt));
        }
        return w.build();
    }

    // ---- the plumbing ---------------------------------------------------------------------

    /** {@code "X[m, p] with m = " + m + ", p = " + p}: how an array is declared, as Java. */
    static CodeBlock describe(Model m, IndexedProgram.Array a, UnaryOperator<String> sizes) {
        List<String> extents = new ArrayList<>();
        Set<String> mentioned = new LinkedHashSet<>();
        for (Affine e : a.extents()) {
            extents.add(e.toString());
            mentioned.addAll(e.terms().keySet());
        }
        List<CodeBlock> parts = new ArrayList<>();
        StringBuilder text =
                new StringBuilder(a.name())
                        .append('[')
                        .append(String.join(", ", extents))
                        .append(']');
        String sep = " with ";
        for (String s : mentioned) {
            text.append(sep).append(s).append(" = ");
            sep = ", ";
            if (m.fixed.containsKey(s)) {
                text.append(m.fixed.get(s));
            } else {
                parts.add(CodeBlock.of("$S", text.toString()));
                parts.add(CodeBlock.of("$L", sizes.apply(s)));
                text.setLength(0);
            }
        }
        if (text.length() > 0) {
            parts.add(CodeBlock.of("$S", text.toString()));
        }
        return CodeBlock.join(parts, " + ");
    }

    /** Adds the {@code int} parameters of the runtime sizes. */
    void sizeParams(MethodSpec.Builder mb, boolean doc) {
        for (String d : m.dims) {
            mb.addParameter(TypeName.INT, m.java(d));
            if (doc) {
                mb.addJavadoc("@param $L the size {@code $L} (at least 1)\n", m.java(d), d);
            }
        }
    }

    /** Adds the inputs' parameters, in input order. */
    void inputParams(MethodSpec.Builder mb, boolean doc) {
        for (IndexedProgram.Array a : m.program.inputs()) {
            mb.addParameter(a.isScalar() ? TypeName.DOUBLE : DOUBLE_ARRAY, m.java(a.name()));
            if (doc) {
                mb.addJavadoc(
                        "@param $L $L\n",
                        m.java(a.name()),
                        a.isScalar()
                                ? "the input {@code " + a.name() + "}"
                                : "the input {@code " + shape(a) + "}, row-major");
            }
        }
    }

    static String shape(IndexedProgram.Array a) {
        List<String> e = new ArrayList<>();
        a.extents().forEach(x -> e.add(x.toString()));
        return a.name() + "[" + String.join(", ", e) + "]";
    }

    /** The call's arguments: the sizes, then the inputs. */
    String sizeAndInputArgs() {
        List<String> args = new ArrayList<>();
        m.dims.forEach(d -> args.add(m.java(d)));
        m.program.inputs().forEach(a -> args.add(m.java(a.name())));
        return String.join(", ", args);
    }

    String sizeArgs() {
        List<String> args = new ArrayList<>();
        m.dims.forEach(d -> args.add(m.java(d)));
        return String.join(", ", args);
    }

    private MethodSpec enterMethod() {
        MethodSpec.Builder mb =
                MethodSpec.methodBuilder(enter)
                        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                        .returns(work)
                        .addJavadoc(
                                "Checks the sizes and the inputs' lengths, and hands the inputs to"
                                        + " this thread's work space.\n");
        sizeParams(mb, false);
        inputParams(mb, false);
        CodeBlock.Builder b = CodeBlock.builder();
        for (String d : m.dims) {
            String j = m.java(d);
            b.beginControlFlow("if ($N < 1)", j)
                    .addStatement(
                            "throw new $T($S + $N + $S)",
                            IllegalArgumentException.class,
                            "size " + d + " is ",
                            j,
                            " but must be at least 1")
                    .endControlFlow();
        }
        for (IndexedProgram.Array a : m.program.inputs()) {
            if (!a.isScalar()) {
                checkLength(
                        b,
                        m.java(a.name()),
                        a.name(),
                        Model.length(a).java(m.direct(), true),
                        describe(m, a, m.direct()));
            }
        }
        b.addStatement("$T $N = $N($L)", work, m.work, workFor, sizeArgs());
        for (IndexedProgram.Array a : m.program.inputs()) {
            b.addStatement("$N.$N = $N", m.work, m.java(a.name()), m.java(a.name()));
            if (!a.isScalar()) {
                b.addStatement("$N.$N = 0", m.work, m.at(a.name()));
            }
        }
        b.addStatement("return $N", m.work);
        return mb.addCode(b.build()).build();
    }

    /**
     * Fails when {@code array} is null or its length is not {@code length} (a long expression);
     * {@code meaning} is only evaluated then, so a call that passes allocates nothing.
     */
    static void checkLength(
            CodeBlock.Builder b, String array, String name, String length, CodeBlock meaning) {
        b.beginControlFlow("if ($N == null)", array)
                .addStatement("throw new $T($S)", NullPointerException.class, name + " is null")
                .endControlFlow();
        b.beginControlFlow("if ($N.length != $L)", array, length)
                .addStatement(
                        "throw new $T($S + $N.length + $S + ($L) + $S + $L)",
                        IllegalArgumentException.class,
                        name + " has length ",
                        array,
                        " but must have length ",
                        length,
                        ": ",
                        meaning)
                .endControlFlow();
    }

    private MethodSpec enterPackedMethod() {
        MethodSpec.Builder mb =
                MethodSpec.methodBuilder(enterPacked)
                        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                        .returns(work)
                        .addParameter(DOUBLE_ARRAY, m.x)
                        .addJavadoc(
                                "Checks the packed inputs' length, and hands them to this thread's"
                                        + " work space.\n");
        CodeBlock.Builder b = CodeBlock.builder();
        List<Poly> offsets = m.inputOffsets();
        checkLength(
                b,
                m.x,
                "x",
                offsets.get(offsets.size() - 1).java(m.direct(), true),
                CodeBlock.of("$S", Api.packedMeaning(m)));
        b.addStatement("$T $N = $N()", work, m.work, workFor);
        List<IndexedProgram.Array> inputs = m.program.inputs();
        for (int i = 0; i < inputs.size(); i++) {
            IndexedProgram.Array a = inputs.get(i);
            String at = offsets.get(i).java(m.direct(), false);
            if (a.isScalar()) {
                b.addStatement("$N.$N = $N[$L]", m.work, m.java(a.name()), m.x, at);
            } else {
                b.addStatement("$N.$N = $N", m.work, m.java(a.name()), m.x);
                b.addStatement("$N.$N = $L", m.work, m.at(a.name()), at);
            }
        }
        b.addStatement("return $N", m.work);
        return mb.addCode(b.build()).build();
    }

    private MethodSpec workForMethod() {
        MethodSpec.Builder mb =
                MethodSpec.methodBuilder(workFor)
                        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                        .returns(work)
                        .addJavadoc(
                                "This thread's work space, its arrays grown to the sizes where"
                                        + " they are shorter.\n");
        sizeParams(mb, false);
        CodeBlock.Builder b = CodeBlock.builder();
        b.addStatement("$T $N = $N.get()", work, m.work, m.workField);
        if (splits()) {
            // this thread waits for a split nest's chunks, and runs this call meanwhile
            b.beginControlFlow("if ($N.$N)", m.work, m.chunked.busy())
                    .addStatement("$N = new $T()", m.work, work)
                    .endControlFlow();
        }
        for (String d : m.dims) {
            b.addStatement("$N.$N = $N", m.work, m.java(d), m.java(d));
        }
        List<IndexedProgram.Array> arrays = new ArrayList<>(m.arrays.values());
        arrays.addAll(m.adjointArrays.values());
        arrays.addAll(m.tangentArrays.values());
        NameAllocator names = m.base.clone();
        String length = names.newName("length");
        boolean declared = false;
        for (IndexedProgram.Array a : arrays) {
            String field = m.java(a.name());
            List<Long> window = m.windows.window(a.name());
            Poly p = window != null ? Poly.constant(window.size()) : Model.length(a);
            if (p.isConstant(1) || p.isZero() || window != null) {
                b.beginControlFlow(
                                "if ($N.$N.length < $L)", m.work, field, p.java(m.direct(), false))
                        .addStatement(
                                "$N.$N = new double[$L]", m.work, field, p.java(m.direct(), false))
                        .endControlFlow();
                continue;
            }
            b.addStatement("$L$N = $L", declared ? "" : "long ", length, p.java(m.direct(), true));
            declared = true;
            b.beginControlFlow("if ($N > $T.MAX_VALUE)", length, Integer.class)
                    .addStatement(
                            "throw new $T($L + $S)",
                            IllegalArgumentException.class,
                            describe(m, a, m.direct()),
                            " has more elements than a Java array can hold")
                    .endControlFlow();
            b.beginControlFlow("if ($N.$N.length < $N)", m.work, field, length)
                    .addStatement("$N.$N = new double[(int) $N]", m.work, field, length)
                    .endControlFlow();
        }
        b.addStatement("return $N", m.work);
        return mb.addCode(b.build()).build();
    }

    private MethodSpec setGradMethod() {
        MethodSpec.Builder mb =
                MethodSpec.methodBuilder(setGrad)
                        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                        .addParameter(work, m.work)
                        .addParameter(DOUBLE_ARRAY, m.grad)
                        .addJavadoc(
                                "Where the backward passes put the wrt inputs' derivatives: {@code"
                                        + " grad}, zeroed, each input at its offset.\n");
        CodeBlock.Builder b = CodeBlock.builder();
        b.addStatement("$T.fill($N, 0.0)", ARRAYS, m.grad);
        bindGrad(m, b);
        return mb.addCode(b.build()).build();
    }

    /** Hands {@code grad} to the work space, with where each wrt input's derivatives start. */
    static void bindGrad(Model m, CodeBlock.Builder b) {
        b.addStatement("$N.$N = $N", m.work, m.grad, m.grad);
        List<Poly> offsets = m.gradOffsets();
        for (int i = 0; i < m.program.wrt().size(); i++) {
            b.addStatement(
                    "$N.$N = $L",
                    m.work,
                    m.gradAt(m.program.wrt().get(i)),
                    offsets.get(i).java(m.viaWork(), false));
        }
    }

    private MethodSpec releaseMethod() {
        MethodSpec.Builder mb =
                MethodSpec.methodBuilder(release)
                        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                        .addParameter(work, m.work)
                        .addJavadoc(
                                "Lets go of the caller's arrays, which the work space must not keep"
                                        + " alive.\n");
        for (IndexedProgram.Array a : m.program.inputs()) {
            if (!a.isScalar()) {
                mb.addStatement("$N.$N = null", m.work, m.java(a.name()));
            }
        }
        mb.addStatement("$N.$N = null", m.work, m.grad);
        return mb.build();
    }

    private MethodSpec zeroMethod(String output) {
        MethodSpec.Builder mb =
                MethodSpec.methodBuilder(zero.get(output))
                        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                        .addParameter(work, m.work)
                        .addJavadoc(
                                "Sets the adjoints of $L's backward pass to 0, as far as the sizes"
                                        + " use them.\n",
                                output);
        for (IndexedProgram.Array a : m.adjoints.get(output).adjoints()) {
            if (m.adjointArrays.containsKey(a.name())) {
                mb.addStatement(
                        "$T.fill($N.$N, 0, $L, 0.0)",
                        ARRAYS,
                        m.work,
                        m.java(a.name()),
                        Model.length(a).java(m.viaWork(), false));
            }
        }
        return mb.build();
    }

    /** A method calling {@code calls} in order, each with the work space. */
    private MethodSpec caller(String name, List<String> calls, String doc) {
        MethodSpec.Builder mb =
                MethodSpec.methodBuilder(name)
                        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                        .addParameter(work, m.work)
                        .addJavadoc("$L\n", doc);
        for (String c : calls) {
            mb.addStatement("$N($N)", c, m.work);
        }
        return mb.build();
    }
}
