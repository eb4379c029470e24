package io.github.chainrule.javagen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import io.github.chainrule.check.CheckedProgram;
import io.github.chainrule.diff.Derivatives;
import io.github.chainrule.diff.Gradient;
import io.github.chainrule.diff.Reverse;
import io.github.chainrule.graph.Fn;
import io.github.chainrule.graph.Graph;
import io.github.chainrule.graph.Node;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Modifier;

/**
 * The Java class for a checked program (the README's "The generated class"): {@code forward},
 * {@code backward}, {@code gradient}, {@code jacobian} and the name lists, as Java 8 source that
 * needs nothing but the JDK. The results are lowered ({@link FlatStatements}) into flat statements
 * over the inputs: the gradient's statements read the forward values they need, as the chain rule
 * has it, and nothing is computed twice or for nothing. Small programs are written straight into
 * the public methods ({@link JavaMethods}); larger ones are split ({@link MethodSplit}) into
 * private parts under the JIT's size limit that pass values through per-thread work arrays. The
 * output is the same, byte for byte, for the same source compiled afresh; it differentiates in the
 * program's graph, whose local simplification depends on what was built before, so a program
 * already differentiated (by an earlier generation, say) may come out in another, equally correct,
 * form.
 */
public final class JavaEmitter {
    /**
     * Types the generated code names without imports; no class, field or local may take these
     * names.
     */
    private static final List<String> RESERVED =
            List.of(
                    "Math",
                    "Double",
                    "String",
                    "System",
                    "Object",
                    "List",
                    "Arrays",
                    "Collections",
                    "ArrayList",
                    "ThreadLocal",
                    "IllegalArgumentException",
                    "NullPointerException",
                    "Integer",
                    "Long");

    private final CheckedProgram program;
    private final String className;
    private final List<String> inputs;
    private final List<String> outputs;
    private final List<String> wrt;
    private final int n;
    private final int m;
    private final int k;
    private final NameAllocator base = new NameAllocator();
    private final List<String> seedNames = new ArrayList<>();
    private final Map<Operation, Computation> computations = new EnumMap<>(Operation.class);
    private final String inputsField;
    private final String outputsField;
    private final String wrtField;
    private final String workField;
    private JavaLiterals literals;
    private JavaStatements statements;

    private JavaEmitter(CheckedProgram program, String className) {
        this.program = program;
        this.className = className;
        this.inputs = program.inputs();
        this.outputs = program.outputs();
        this.wrt = program.wrt();
        this.n = inputs.size();
        this.m = outputs.size();
        this.k = wrt.size();
        for (String r : RESERVED) {
            base.newName(r);
        }
        base.newName(className);
        NameAllocator fields = base.clone();
        for (String input : inputs) {
            fields.newName(input);
        }
        for (String output : outputs) {
            seedNames.add("dL_d" + output);
            fields.newName("dL_d" + output);
        }
        for (String fixed : List.of("x", "out", "grad", "seed", "jac", "work", "i", "j")) {
            fields.newName(fixed);
        }
        inputsField = fields.newName("INPUTS");
        outputsField = fields.newName("OUTPUTS");
        wrtField = fields.newName("WRT");
        workField = fields.newName("WORK");
        for (String f : List.of(inputsField, outputsField, wrtField, workField)) {
            base.newName(f);
        }
        lower(fields);
    }

    /**
     * The source of the class {@code className} in {@code packageName} (empty for the unnamed
     * package) computing {@code program}.
     *
     * @throws IllegalArgumentException when a name is not a Java identifier, or the class name
     *     would hide a type that generated code uses ({@code Math}, {@code Double}, …)
     */
    public static String generate(CheckedProgram program, String packageName, String className) {
        checkClassName(className);
        checkPackageName(packageName);
        JavaEmitter e = new JavaEmitter(program, className);
        return JavaFile.builder(packageName, e.type())
                .addFileComment(
                        "Generated by chainrule from $L. Do not edit: regenerate.",
                        JavaDocs.escape(e.sourceName()))
                .indent("    ")
                .skipJavaLangImports(true)
                .build()
                .toString();
    }

    static void checkClassName(String className) {
        if (className == null
                || !SourceVersion.isIdentifier(className)
                || SourceVersion.isKeyword(className)) {
            throw new IllegalArgumentException("not a Java class name: '" + className + "'");
        }
        if (RESERVED.contains(className)) {
            throw new IllegalArgumentException(
                    "class name "
                            + className
                            + " would hide the type "
                            + className
                            + " that generated code uses; choose another name");
        }
    }

    static void checkPackageName(String packageName) {
        if (packageName == null) {
            throw new IllegalArgumentException("package name is null");
        }
        if (!packageName.isEmpty() && !SourceVersion.isName(packageName)) {
            throw new IllegalArgumentException("not a Java package name: '" + packageName + "'");
        }
    }

    /**
     * The source's file name without its directories: the output must not depend on where the file
     * was.
     */
    private String sourceName() {
        String name = program.source().name();
        return name.substring(name.lastIndexOf('/') + 1);
    }

    // ---- lowering into statements
    // ---------------------------------------------------------------------------------

    private void lower(NameAllocator fields) {
        Graph g = program.graph();
        List<Node> outs = new ArrayList<>();
        for (String o : outputs) {
            outs.add(program.outputValue(o));
        }
        List<Node> vars = new ArrayList<>();
        for (String w : wrt) {
            vars.add(program.input(w));
        }
        List<FlatStatements> all = new ArrayList<>();
        FlatStatements forward = FlatStatements.of(g, outs, inputs, List.of(), false);
        all.add(forward);
        FlatStatements gradient = null;
        FlatStatements backward = null;
        FlatStatements jacobian = null;
        List<Node> gradientRoots = null;
        List<Node> backwardRoots = null;
        List<Node> jacobianRoots = null;
        List<String> seedVars = new ArrayList<>();
        if (m == 1) {
            gradientRoots = new ArrayList<>(outs);
            gradientRoots.addAll(Gradient.of(g, outs.get(0), vars));
            gradient = FlatStatements.of(g, gradientRoots, inputs, List.of(), false);
            all.add(gradient);
        } else {
            List<Node> seeds = new ArrayList<>();
            for (int j = 0; j < m; j++) {
                seedVars.add(
                        "seed#" + j); // '#' is in no user name: these variables are the backward
                // pass's own
                seeds.add(g.variable(seedVars.get(j)));
            }
            backwardRoots = Reverse.gradient(g, outs, seeds, vars);
            backward = FlatStatements.of(g, backwardRoots, inputs, seedVars, false);
            all.add(backward);
            jacobianRoots = new ArrayList<>();
            for (List<Node> row : Derivatives.of(program, wrt).byOutput()) {
                jacobianRoots.addAll(row);
            }
            jacobian = FlatStatements.of(g, jacobianRoots, inputs, List.of(), false);
            all.add(jacobian);
        }
        List<Double> used = new ArrayList<>();
        for (FlatStatements s : all) {
            for (Statement st : s.stmts()) {
                st.expr().forEachLiteral(used::add);
            }
            for (Code c : s.sinks()) {
                c.forEachLiteral(used::add);
            }
        }
        literals = JavaLiterals.forValues(used, fields::newName);
        for (String f : literals.fields()) {
            base.newName(f);
        }
        List<String> leafNames = new ArrayList<>(inputs);
        leafNames.addAll(seedNames);
        statements = new JavaStatements(literals, base::clone, leafNames);
        BytecodeSize sizes = new BytecodeSize(literals);
        add(Operation.FORWARD, forward, outs, List.of(), sizes, 2 * n + (m == 1 ? 0 : 1));
        if (m == 1) {
            add(Operation.GRADIENT, gradient, gradientRoots, List.of(), sizes, 2 * n + 1);
        } else {
            add(Operation.BACKWARD, backward, backwardRoots, seedVars, sizes, 2 * n + 2 * m + 1);
            add(Operation.JACOBIAN, jacobian, jacobianRoots, List.of(), sizes, -1);
        }
    }

    /**
     * Registers operation {@code op}: written into its public methods when it fits one (its results
     * then may be expressions of their own), else split into parts. {@code results} are the nodes
     * {@code s} computes, {@code scalarSlots} the parameter slots of its scalar form (-1: none).
     */
    private void add(
            Operation op,
            FlatStatements s,
            List<Node> results,
            List<String> seeds,
            BytecodeSize sizes,
            int scalarSlots) {
        boolean scalar = scalarSlots >= 0 && scalarSlots <= JavaMethods.MAX_PARAMETER_SLOTS;
        // the scalar form, and the array form when it computes in place (reading x[i] into locals)
        boolean fits =
                (!scalar || MethodSplit.fitsOneMethod(s, sizes, scalarSlots, false))
                        && MethodSplit.fitsOneMethod(s, sizes, 4, true);
        if (fits) {
            computations.put(
                    op,
                    new Computation.InOneMethod(
                            FlatStatements.of(program.graph(), results, inputs, seeds, true)));
        } else {
            computations.put(op, new Computation.InParts(MethodSplit.of(s, sizes)));
        }
    }

    // ---- the class
    // ----------------------------------------------------------------------------------

    private TypeSpec type() {
        TypeSpec.Builder t =
                TypeSpec.classBuilder(className)
                        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                        .addJavadoc(classDoc());
        t.addField(namesField(inputsField, inputs));
        t.addField(namesField(outputsField, outputs));
        t.addField(namesField(wrtField, wrt));
        literalTables(t);
        int slots = 0;
        for (Computation c : computations.values()) {
            if (c instanceof Computation.InParts inParts) {
                slots = Math.max(slots, inParts.split().slots());
            }
        }
        boolean work = slots > 0;
        if (work) {
            t.addField(
                    FieldSpec.builder(
                                    ParameterizedTypeName.get(
                                            ClassName.get(ThreadLocal.class),
                                            JavaHelpers.DOUBLE_MATRIX),
                                    workField,
                                    Modifier.PRIVATE,
                                    Modifier.STATIC,
                                    Modifier.FINAL)
                            .addJavadoc(
                                    "Each thread's work arrays: the values that pass between the"
                                            + " parts of large methods.\n")
                            .initializer(
                                    "$T.withInitial($L::$N)",
                                    ThreadLocal.class,
                                    className,
                                    JavaHelpers.NEW_WORK)
                            .build());
        }
        t.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());

        JavaMethods methods =
                new JavaMethods(
                        new ClassContext(
                                className,
                                inputs,
                                outputs,
                                wrt,
                                seedNames,
                                base,
                                statements,
                                workField,
                                computations));
        methods.forward(t);
        if (m == 1) {
            methods.gradient(t);
        }
        methods.backward(t);
        methods.jacobian(t);
        t.addMethod(
                namesMethod("inputs", inputsField, "The names of the inputs, in parameter order."));
        t.addMethod(namesMethod("outputs", outputsField, "The names of the outputs, in order."));
        t.addMethod(
                namesMethod(
                        "wrt",
                        wrtField,
                        "The names of the variables derivatives are taken with respect to, in the"
                                + " order of {@code grad}."));

        for (Operation op : Operation.values()) {
            if (computations.get(op) instanceof Computation.InParts inParts) {
                for (MethodSpec part : statements.parts(op, inParts.split())) {
                    t.addMethod(part);
                }
            }
        }
        t.addMethod(JavaHelpers.checkLength());
        t.addMethod(JavaHelpers.checkJacobian());
        t.addMethod(JavaHelpers.names());
        if (literals.table()) {
            t.addMethod(JavaHelpers.fill());
        }
        if (work) {
            t.addMethod(JavaHelpers.newWork(slots, MethodSplit.BLOCK));
            t.addMethod(JavaHelpers.put(MethodSplit.BLOCK));
            t.addMethod(JavaHelpers.get(MethodSplit.BLOCK));
        }
        for (Fn fn : helpersUsed()) {
            t.addMethod(JavaHelpers.function(fn));
        }
        return t.build();
    }

    private Set<Fn> helpersUsed() {
        Set<Fn> used = EnumSet.noneOf(Fn.class);
        Consumer<Code.Call> collect =
                call -> {
                    if (call.fn().helper().isPresent()) {
                        used.add(call.fn());
                    }
                };
        for (Computation c : computations.values()) {
            for (Statement st : c.statements().stmts()) {
                st.expr().forEachCall(collect);
            }
            for (Code sink : c.statements().sinks()) {
                sink.forEachCall(collect);
            }
        }
        return used;
    }

    private CodeBlock classDoc() {
        CodeBlock.Builder doc = CodeBlock.builder();
        doc.add(
                "Generated by chainrule from $L: the program, its derivatives and their Java"
                        + " code.\n",
                JavaDocs.escape(sourceName()));
        doc.add("\n<pre>\n");
        List<String> lines = JavaDocs.lines(program.source().text());
        int shown = Math.min(lines.size(), MAX_DOC_LINES);
        for (int i = 0; i < shown; i++) {
            doc.add("$L\n", JavaDocs.escape(lines.get(i)));
        }
        if (shown < lines.size()) {
            doc.add("... ($L more lines)\n", lines.size() - shown);
        }
        doc.add("</pre>\n\n");
        doc.add("<p>Inputs, in parameter order: $L.\n", JavaDocs.list(inputs));
        doc.add("Outputs: $L.\n", JavaDocs.list(outputs));
        doc.add("Derivatives with respect to: $L.\n", JavaDocs.list(wrt));
        doc.add(
                "\n"
                    + "<p>Every method is static and thread-safe; a method that does not return an"
                    + " array allocates nothing.\n");
        return doc.build();
    }

    /** The program's text shown in the class's Javadoc, at most this many lines. */
    private static final int MAX_DOC_LINES = 1000;

    private static FieldSpec namesField(String field, List<String> names) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        for (String name : names) {
            if (part.length() > 0 && part.length() + name.length() > JavaLiterals.TEXT_CHUNK) {
                parts.add(part.toString());
                part.setLength(0);
            }
            part.append(part.length() > 0 ? "," : "").append(name);
        }
        if (part.length() > 0) {
            parts.add(part.toString());
        }
        CodeBlock args =
                parts.stream().map(p -> CodeBlock.of("$S", p)).collect(CodeBlock.joining(", "));
        return FieldSpec.builder(
                        JavaHelpers.STRING_LIST,
                        field,
                        Modifier.PRIVATE,
                        Modifier.STATIC,
                        Modifier.FINAL)
                .initializer("$N($L)", JavaHelpers.NAMES, args)
                .build();
    }

    private MethodSpec namesMethod(String name, String field, String doc) {
        return MethodSpec.methodBuilder(name)
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(JavaHelpers.STRING_LIST)
                .addJavadoc("$L Unmodifiable.\n", doc)
                .addStatement("return $N", field)
                .build();
    }

    private void literalTables(TypeSpec.Builder t) {
        if (!literals.table()) {
            return;
        }
        double[] values = literals.tableValues();
        CodeBlock.Builder init = CodeBlock.builder();
        for (int f = 0; f < literals.fields().size(); f++) {
            String field = literals.fields().get(f);
            int from = f * JavaLiterals.TABLE_SIZE;
            int to = Math.min(values.length, from + JavaLiterals.TABLE_SIZE);
            t.addField(
                    FieldSpec.builder(
                                    JavaHelpers.DOUBLE_ARRAY,
                                    field,
                                    Modifier.PRIVATE,
                                    Modifier.STATIC,
                                    Modifier.FINAL)
                            .initializer("new double[$L]", to - from)
                            .build());
            StringBuilder text = new StringBuilder();
            int start = 0;
            for (int i = from; i < to; i++) {
                String v = Double.toString(values[i]);
                if (text.length() + v.length() + 1 > JavaLiterals.TEXT_CHUNK) {
                    init.addStatement(
                            "$N($N, $L, $S)", JavaHelpers.FILL, field, start, text.toString());
                    text.setLength(0);
                    start = i - from;
                }
                text.append(text.length() > 0 ? " " : "").append(v);
            }
            if (text.length() > 0) {
                init.addStatement(
                        "$N($N, $L, $S)", JavaHelpers.FILL, field, start, text.toString());
            }
        }
        t.addStaticBlock(init.build());
        t.addJavadoc(
                "\n"
                    + "<p>The program's $L distinct constants are read from tables filled when the"
                    + " class is initialised.\n",
                values.length);
    }
}
