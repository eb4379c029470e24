package io.github.chainrule.javagen;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import io.github.chainrule.graph.Fn;
import io.github.chainrule.graph.MathFunctions;
import javax.lang.model.element.Modifier;

/**
 * The private static methods a generated class carries: the functions {@link Math} lacks (the same
 * bodies as {@link io.github.chainrule.graph.MathFunctions}, operation for operation, so that the
 * evaluator and generated code agree bit for bit), argument checks, and the copying between
 * arguments and per-thread work arrays that large classes use.
 */
final class JavaHelpers {
    static final TypeName DOUBLE_ARRAY = ArrayTypeName.of(TypeName.DOUBLE);
    static final TypeName DOUBLE_MATRIX = ArrayTypeName.of(DOUBLE_ARRAY);
    static final TypeName STRING_LIST =
            ParameterizedTypeName.get(
                    ClassName.get("java.util", "List"), ClassName.get(String.class));

    static final String CHECK_LENGTH = "checkLength";
    static final String CHECK_JACOBIAN = "checkJacobian";
    static final String NAMES = "names";
    static final String FILL = "fill";
    static final String NEW_WORK = "newWork";
    static final String PUT = "put";
    static final String GET = "get";

    private JavaHelpers() {}

    private static MethodSpec.Builder function(String name) {
        return MethodSpec.methodBuilder(name)
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(TypeName.DOUBLE)
                .addParameter(TypeName.DOUBLE, "x");
    }

    /**
     * erf's series for 0 <= v < 3 up to its sum: {@code x2 = v*v}, {@code sum} = Σ 2^n v^(2n+1) /
     * (2n+1)!!, all terms positive (erf = 2/sqrt(pi) e^(-x2) sum), as {@link MathFunctions#erf}
     * computes it; erf and erfc both start with it.
     */
    private static CodeBlock erfSeriesSum(String v) {
        return CodeBlock.builder()
                .addStatement("double x2 = $L * $L", v, v)
                .addStatement("double term = $L", v)
                .addStatement("double sum = $L", v)
                .beginControlFlow("for (int n = 1; n < 200; n++)")
                .addStatement("term *= 2 * x2 / (2 * n + 1)")
                .addStatement("sum += term")
                .beginControlFlow("if (term < sum * 1e-17)")
                .addStatement("break")
                .endControlFlow()
                .endControlFlow()
                .build();
    }

    /** {@code private static double name(double first, double second)}. */
    private static MethodSpec.Builder function(String name, String first, String second) {
        return MethodSpec.methodBuilder(name)
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(TypeName.DOUBLE)
                .addParameter(TypeName.DOUBLE, first)
                .addParameter(TypeName.DOUBLE, second);
    }

    /** The helper method of a built-in function whose {@link Fn#helper()} is present. */
    static MethodSpec function(Fn fn) {
        String name = fn.helper().orElseThrow();
        return switch (fn) {
            case SIGMOID ->
                    function(name)
                            .addJavadoc(
                                    "1 / (1 + e^-x), computing e^-x only where it is at most 1:"
                                            + " never overflows.\n")
                            .beginControlFlow("if (x >= 0)")
                            .addStatement("return 1 / (1 + Math.exp(-x))")
                            .endControlFlow()
                            .addStatement("double e = Math.exp(x)")
                            .addStatement("return e / (1 + e)")
                            .build();
            case TANH ->
                    function(name)
                            .addJavadoc(
                                    "tanh within 1 ulp: x + x*z*P(z), z = x^2, below |x| = 0.55;"
                                            + " 1 - 2/(e + 1), e = e^2|x|, with the rounding of e +"
                                            + " 1 corrected, to 19.1; +-1 beyond.\n")
                            .addStatement("double a = Math.abs(x)")
                            .beginControlFlow("if (a < 0.55)")
                            .beginControlFlow("if (x == 0)")
                            .addStatement("return x")
                            .endControlFlow()
                            .addStatement("double z = x * x")
                            .addStatement("double w = z * z")
                            .addStatement("double even = -2.060276537636634e-5")
                            .addStatement("even = even * w - 2.346347410887237e-4")
                            .addStatement("even = even * w - 0.001455661830100716")
                            .addStatement("even = even * w - 0.008863234397814355")
                            .addStatement("even = even * w - 0.053968253967434016")
                            .addStatement("even = even * w - 0.3333333333333333")
                            .addStatement("double odd = 8.511313685577671e-5")
                            .addStatement("odd = odd * w + 5.889360520074057e-4")
                            .addStatement("odd = odd * w + 0.003592110378689024")
                            .addStatement("odd = odd * w + 0.021869488493666944")
                            .addStatement("odd = odd * w + 0.13333333333332714")
                            .addStatement("return x + x * (z * (even + z * odd))")
                            .endControlFlow()
                            .beginControlFlow("if (a > 19.1)")
                            .addStatement("return x < 0 ? -1.0 : 1.0")
                            .endControlFlow()
                            .addStatement("double e = Math.exp(2 * a)")
                            .addStatement("double s = e + 1")
                            .addStatement("double t = (e - s) + 1")
                            .addStatement("double q = 2 / s")
                            .addStatement("double r = 1 - (q - 0.5 * q * q * t)")
                            .addStatement("return x < 0 ? -r : r")
                            .build();
            case SOFTPLUS ->
                    function(name)
                            .addJavadoc(
                                    "log(1 + e^x) as max(x, 0) + log1p(e^-|x|): never overflows;"
                                            + " log1p(e) as log(u)*e/(u - 1), u = 1 + e.\n")
                            .addStatement("double e = Math.exp(-Math.abs(x))")
                            .addStatement("double u = 1 + e")
                            .addStatement(
                                    "return Math.max(x, 0) + (u == 1 ? e : Math.log(u) * (e / (u"
                                            + " - 1)))")
                            .build();
            case LOG2 ->
                    function(name)
                            .addStatement("return Math.log(x) * (1 / 0.6931471805599453)")
                            .build();
            case ASINH ->
                    function(name)
                            .addStatement("double a = Math.abs(x)")
                            .addStatement("double r")
                            .beginControlFlow("if (a > 1e8)")
                            .addStatement("r = Math.log(a) + 0.6931471805599453")
                            .nextControlFlow("else")
                            .addStatement("r = Math.log1p(a + a * a / (1 + Math.sqrt(1 + a * a)))")
                            .endControlFlow()
                            .addStatement("return x < 0 ? -r : r")
                            .build();
            case ACOSH ->
                    function(name)
                            .beginControlFlow("if (x > 1e8)")
                            .addStatement("return Math.log(x) + 0.6931471805599453")
                            .endControlFlow()
                            .addStatement("double t = x - 1")
                            .addStatement("return Math.log1p(t + Math.sqrt(2 * t + t * t))")
                            .build();
            case ATANH ->
                    function(name)
                            .addStatement("double a = Math.abs(x)")
                            .addStatement("double r = 0.5 * Math.log1p(2 * a / (1 - a))")
                            .addStatement("return x < 0 ? -r : r")
                            .build();
            case ERF ->
                    function(name)
                            .addJavadoc(
                                    "erf to about 1e-15: a series below 3, erfc's continued"
                                            + " fraction from 3 to 6, 1 beyond.\n")
                            .beginControlFlow("if (Double.isNaN(x))")
                            .addStatement("return x")
                            .endControlFlow()
                            .addStatement("double a = Math.abs(x)")
                            .addStatement("double r")
                            .beginControlFlow("if (a < 3)")
                            .addCode(erfSeriesSum("a"))
                            .addStatement("r = 2 / Math.sqrt(Math.PI) * Math.exp(-x2) * sum")
                            .nextControlFlow("else if (a < 6)")
                            .addStatement("double f = a")
                            .beginControlFlow("for (int k = 60; k >= 1; k--)")
                            .addStatement("f = a + (k / 2.0) / f")
                            .endControlFlow()
                            .addStatement("r = 1 - Math.exp(-a * a) / Math.sqrt(Math.PI) / f")
                            .nextControlFlow("else")
                            .addStatement("r = 1")
                            .endControlFlow()
                            .addStatement("return x < 0 ? -r : r")
                            .build();
            case ERFC ->
                    function(name)
                            .addJavadoc(
                                    "1 - erf(x) without its cancellation: by erf's series below"
                                            + " $L; beyond, e^(-x^2)/sqrt(pi) over erfc's continued"
                                            + " fraction; 2 - erfc(-x) below 0.\n",
                                    MathFunctions.ERFC_FRACTION_FROM)
                            .beginControlFlow("if (x < 0)")
                            .addStatement("return 2 - $N(-x)", name)
                            .endControlFlow()
                            .beginControlFlow("if (x < $L)", MathFunctions.ERFC_FRACTION_FROM)
                            .addCode(erfSeriesSum("x"))
                            .addStatement("return 1 - 2 / Math.sqrt(Math.PI) * Math.exp(-x2) * sum")
                            .endControlFlow()
                            .beginControlFlow("if (!(x >= $L))", MathFunctions.ERFC_FRACTION_FROM)
                            .addStatement("return x")
                            .endControlFlow()
                            .beginControlFlow("if (x >= 28)")
                            .addStatement("return 0")
                            .endControlFlow()
                            .addStatement("int levels = x < 3 ? 120 : 60")
                            .addStatement("double f = x")
                            .beginControlFlow("for (int k = levels; k >= 1; k--)")
                            .addStatement("f = x + (k / 2.0) / f")
                            .endControlFlow()
                            .addStatement("double s = Math.floor(x * 16) / 16")
                            .addStatement(
                                    "return Math.exp(-s * s) * Math.exp(-(x - s) * (x + s)) /"
                                            + " Math.sqrt(Math.PI) / f")
                            .build();
            case LOGSUMEXP ->
                    function(name, "a", "b")
                            .addJavadoc(
                                    "log(e^a + e^b) as max(a, b) + log1p(e^-|a - b|): never"
                                            + " overflows.\n")
                            .addStatement("double m = Math.max(a, b)")
                            .beginControlFlow("if (Double.isInfinite(m))")
                            .addStatement("return m")
                            .endControlFlow()
                            .addStatement("return m + Math.log1p(Math.exp(-Math.abs(a - b)))")
                            .build();
            case ONE_MINUS_SIGMOID ->
                    function(name, "x", "s")
                            .addJavadoc(
                                    "1 - s for s = sigmoid(x): from s below x = $L, where it is"
                                            + " accurate; as sigmoid(-x) beyond.\n",
                                    MathFunctions.SIGMOID_STORED_BELOW)
                            .beginControlFlow("if (x < $L)", MathFunctions.SIGMOID_STORED_BELOW)
                            .addStatement("return 1 - s")
                            .endControlFlow()
                            .addStatement("double e = Math.exp(-x)")
                            .addStatement("return e / (1 + e)")
                            .build();
            case ONE_MINUS_TANH_SQUARED ->
                    function(name, "x", "t")
                            .addJavadoc(
                                    "1 - t^2 for t = tanh(x): (1 - t)(1 + t) below |x| = $L, where"
                                            + " it is accurate; as 4e/(1 + e)^2, e = e^-2|x|,"
                                            + " beyond.\n",
                                    MathFunctions.TANH_STORED_BELOW)
                            .addStatement("double a = Math.abs(x)")
                            .beginControlFlow("if (a < $L)", MathFunctions.TANH_STORED_BELOW)
                            .addStatement("return (1 - t) * (1 + t)")
                            .endControlFlow()
                            .addStatement("double e = Math.exp(-2 * a)")
                            .addStatement("return 4 * e / ((1 + e) * (1 + e))")
                            .build();
            case HYPOT ->
                    function(name, "a", "b")
                            .addJavadoc(
                                    "sqrt(a^2 + b^2) as written where no square overflows or"
                                            + " underflows; Math.hypot elsewhere.\n")
                            .addStatement("double big = Math.max(Math.abs(a), Math.abs(b))")
                            .beginControlFlow("if (big > 1e-150 && big < 1e150)")
                            .addStatement("return Math.sqrt(a * a + b * b)")
                            .endControlFlow()
                            .addStatement("return Math.hypot(a, b)")
                            .build();
            case LOG1P_BY_LOG ->
                    function(name)
                            .addJavadoc("log1p(x) as log(u)*x/(u - 1), u = 1 + x.\n")
                            .addStatement("double u = 1 + x")
                            .addStatement("return u == 1 ? x : Math.log(u) * (x / (u - 1))")
                            .build();
            case LOG1P_SQUARE ->
                    function(name)
                            .addJavadoc(
                                    "log(1 + x^2): log1p(e), e = x^2, as log(w)*e/(w - 1), w = 1 +"
                                            + " e; 2 log|x| from |x| = $L on, where x^2"
                                            + " overflows.\n",
                                    MathFunctions.SQUARE_OVERFLOWS_FROM)
                            .addStatement("double a = Math.abs(x)")
                            .beginControlFlow("if (a < $L)", MathFunctions.SQUARE_OVERFLOWS_FROM)
                            .addStatement("double e = x * x")
                            .addStatement("double w = 1 + e")
                            .addStatement("return w == 1 ? e : Math.log(w) * (e / (w - 1))")
                            .endControlFlow()
                            .addStatement("return 2 * Math.log(a)")
                            .build();
            case ONE_OVER_ONE_PLUS_SQUARE ->
                    function(name)
                            .addJavadoc(
                                    "1/(1 + x^2), as (1/x)^2 from |x| = $L on.\n",
                                    MathFunctions.SQUARE_OVERFLOWS_FROM)
                            .beginControlFlow(
                                    "if (Math.abs(x) < $L)", MathFunctions.SQUARE_OVERFLOWS_FROM)
                            .addStatement("return 1 / (1 + x * x)")
                            .endControlFlow()
                            .addStatement("double r = 1 / x")
                            .addStatement("return r * r")
                            .build();
            case U_OVER_ONE_PLUS_SQUARE ->
                    function(name)
                            .addJavadoc(
                                    "x/(1 + x^2), as 1/x from |x| = $L on.\n",
                                    MathFunctions.SQUARE_OVERFLOWS_FROM)
                            .beginControlFlow(
                                    "if (Math.abs(x) < $L)", MathFunctions.SQUARE_OVERFLOWS_FROM)
                            .addStatement("return x / (1 + x * x)")
                            .endControlFlow()
                            .addStatement("return 1 / x")
                            .build();
            case LOG1MEXP ->
                    function(name)
                            .addJavadoc("log(1 - e^x), each way where it does not cancel.\n")
                            .addStatement(
                                    "return x > -0.6931471805599453 ? Math.log(-Math.expm1(x))"
                                            + " : Math.log1p(-Math.exp(x))")
                            .build();
            default -> throw new AssertionError(fn + " has no helper");
        };
    }

    /**
     * {@code checkLength(array, name, expected, meaning)}: the message says which array, its
     * length, and why.
     */
    static MethodSpec checkLength() {
        return MethodSpec.methodBuilder(CHECK_LENGTH)
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .addParameter(DOUBLE_ARRAY, "array")
                .addParameter(String.class, "name")
                .addParameter(TypeName.INT, "expected")
                .addParameter(String.class, "meaning")
                .beginControlFlow("if (array == null)")
                .addStatement("throw new $T(name + $S)", NullPointerException.class, " is null")
                .endControlFlow()
                .beginControlFlow("if (array.length != expected)")
                .addStatement(
                        "throw new $T(name + $S + array.length + $S + expected + $S + meaning)",
                        IllegalArgumentException.class,
                        " has length ",
                        " but must have length ",
                        ": ")
                .endControlFlow()
                .build();
    }

    /** {@code checkJacobian(jac, rows, columns, rowMeaning, columnMeaning)}. */
    static MethodSpec checkJacobian() {
        return MethodSpec.methodBuilder(CHECK_JACOBIAN)
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .addParameter(DOUBLE_MATRIX, "jac")
                .addParameter(TypeName.INT, "rows")
                .addParameter(TypeName.INT, "columns")
                .addParameter(String.class, "rowMeaning")
                .addParameter(String.class, "columnMeaning")
                .beginControlFlow("if (jac == null)")
                .addStatement("throw new $T($S)", NullPointerException.class, "jac is null")
                .endControlFlow()
                .beginControlFlow("if (jac.length != rows)")
                .addStatement(
                        "throw new $T($S + jac.length + $S + rows + $S + rowMeaning)",
                        IllegalArgumentException.class,
                        "jac has length ",
                        " but must have length ",
                        ": ")
                .endControlFlow()
                .beginControlFlow("for (int j = 0; j < rows; j++)")
                .beginControlFlow("if (jac[j] == null)")
                .addStatement(
                        "throw new $T($S + j + $S)",
                        NullPointerException.class,
                        "jac[",
                        "] is null")
                .endControlFlow()
                .beginControlFlow("if (jac[j].length != columns)")
                .addStatement(
                        "throw new $T($S + j + $S + jac[j].length + $S + columns + $S +"
                                + " columnMeaning)",
                        IllegalArgumentException.class,
                        "jac[",
                        "] has length ",
                        " but must have length ",
                        ": ")
                .endControlFlow()
                .endControlFlow()
                .build();
    }

    /** {@code names(parts...)}: the comma-separated names of the parts, as an unmodifiable list. */
    static MethodSpec names() {
        ClassName arrays = ClassName.get("java.util", "Arrays");
        ClassName collections = ClassName.get("java.util", "Collections");
        ClassName arrayList = ClassName.get("java.util", "ArrayList");
        return MethodSpec.methodBuilder(NAMES)
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(STRING_LIST)
                .addParameter(ArrayTypeName.of(String.class), "parts")
                .varargs()
                .addStatement(
                        "$T<String> names = new $T<>()",
                        ClassName.get("java.util", "List"),
                        arrayList)
                .beginControlFlow("for (String part : parts)")
                .beginControlFlow("if (!part.isEmpty())")
                .addStatement("names.addAll($T.asList(part.split($S)))", arrays, ",")
                .endControlFlow()
                .endControlFlow()
                .addStatement("return $T.unmodifiableList(names)", collections)
                .build();
    }

    /**
     * {@code fill(table, from, text)}: parses the space-separated doubles of text into
     * table[from...].
     */
    static MethodSpec fill() {
        return MethodSpec.methodBuilder(FILL)
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .addParameter(DOUBLE_ARRAY, "table")
                .addParameter(TypeName.INT, "from")
                .addParameter(String.class, "text")
                .addStatement("int i = from")
                .addStatement("int start = 0")
                .beginControlFlow("while (start < text.length())")
                .addStatement("int end = text.indexOf(' ', start)")
                .beginControlFlow("if (end < 0)")
                .addStatement("end = text.length()")
                .endControlFlow()
                .addStatement("table[i++] = Double.parseDouble(text.substring(start, end))")
                .addStatement("start = end + 1")
                .endControlFlow()
                .build();
    }

    /**
     * {@code newWork()}: one thread's work arrays, {@code slots} doubles in blocks of {@code
     * block}.
     */
    static MethodSpec newWork(int slots, int block) {
        int arrays = Math.max(1, (slots + block - 1) / block);
        return MethodSpec.methodBuilder(NEW_WORK)
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(DOUBLE_MATRIX)
                .addStatement("double[][] work = new double[$L][]", arrays)
                .beginControlFlow("for (int i = 0; i < work.length; i++)")
                .addStatement(
                        "work[i] = new double[Math.min($L, $L - i * $L)]", block, slots, block)
                .endControlFlow()
                .addStatement("return work")
                .build();
    }

    /** {@code put(work, slot, values)}: copies values into the work slots from {@code slot} on. */
    static MethodSpec put(int block) {
        return MethodSpec.methodBuilder(PUT)
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .addParameter(DOUBLE_MATRIX, "work")
                .addParameter(TypeName.INT, "slot")
                .addParameter(DOUBLE_ARRAY, "values")
                .addStatement("int done = 0")
                .beginControlFlow("while (done < values.length)")
                .addStatement("int at = slot + done")
                .addStatement("int n = Math.min(values.length - done, $L - at % $L)", block, block)
                .addStatement(
                        "System.arraycopy(values, done, work[at / $L], at % $L, n)", block, block)
                .addStatement("done += n")
                .endControlFlow()
                .build();
    }

    /** {@code get(work, slot, values)}: copies the work slots from {@code slot} on into values. */
    static MethodSpec get(int block) {
        return MethodSpec.methodBuilder(GET)
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .addParameter(DOUBLE_MATRIX, "work")
                .addParameter(TypeName.INT, "slot")
                .addParameter(DOUBLE_ARRAY, "values")
                .addStatement("int done = 0")
                .beginControlFlow("while (done < values.length)")
                .addStatement("int at = slot + done")
                .addStatement("int n = Math.min(values.length - done, $L - at % $L)", block, block)
                .addStatement(
                        "System.arraycopy(work[at / $L], at % $L, values, done, n)", block, block)
                .addStatement("done += n")
                .endControlFlow()
                .build();
    }
}
