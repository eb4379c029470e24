package io.github.chainrule.javagen;

import com.palantir.javapoet.MethodSpec;
import io.github.chainrule.graph.Fn;
import io.github.chainrule.graph.Graph;
import io.github.chainrule.graph.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What the loop back end ({@code io.github.chainrule.loopgen}) borrows from the scalar one: the
 * body of a loop lowered exactly as a scalar method's statements are ({@link FlatStatements}:
 * shared sub-expressions in locals, sums and products in the evaluator's order of operations, so
 * the loop computes the evaluator's values bit for bit), the helper methods of the built-in
 * functions, and the checks and escaping of names and comments. Nothing else of this package is
 * public.
 */
public final class LoopBody {
    private LoopBody() {}

    /**
     * Java statements and result expressions.
     *
     * @param statements each a whole declaration without its semicolon ({@code double t0 = x * y})
     * @param results one Java expression per result: a condition as {@code 1.0} or {@code 0.0}
     */
    public record Lowered(List<String> statements, List<String> results) {}

    /**
     * Lowers {@code results}, where each of {@code given} is already the Java expression at the
     * same place of {@code givenJava} (an atom: a local, an array element, a parenthesised
     * expression; a boolean for a condition). Each leaf of the results must be given.
     *
     * @param inlineResults whether a result may stay an expression (else it is a local or a given)
     * @param newName the name of a new local, from a suggestion ({@code t0}, {@code b0})
     */
    public static Lowered lower(
            Graph graph,
            List<Node> results,
            List<Node> given,
            List<String> givenJava,
            boolean inlineResults,
            UnaryOperator<String> newName) {
        FlatStatements s = FlatStatements.given(graph, results, given, inlineResults);
        Map<Integer, String> names = new HashMap<>();
        for (int i = 0; i < given.size(); i++) {
            names.put(i, givenJava.get(i));
        }
        ExpressionPrinter printer = new ExpressionPrinter(names::get, JavaLiterals.inline());
        List<String> statements = new ArrayList<>();
        for (Statement st : s.stmts()) {
            FlatStatements.Value v = s.values().get(st.value());
            String name = newName.apply((v.bool() ? "b" : "t") + v.index());
            names.put(st.value(), name);
            statements.add(
                    (v.bool() ? "boolean " : "double ") + name + " = " + printer.print(st.expr()));
        }
        List<String> out = new ArrayList<>();
        for (Code c : s.sinks()) {
            out.add(printer.print(c));
        }
        return new Lowered(statements, out);
    }

    /** The private static method a built-in function with a {@link Fn#helper()} is called as. */
    public static MethodSpec helper(Fn fn) {
        return JavaHelpers.function(fn);
    }

    /**
     * @throws IllegalArgumentException when {@code className} or {@code packageName} cannot name a
     *     generated class, as for scalar programs
     */
    public static void checkNames(String packageName, String className) {
        JavaEmitter.checkClassName(className);
        JavaEmitter.checkPackageName(packageName);
    }

    /** One line of a user's text, safe in a Javadoc comment. */
    public static String escapeDoc(String text) {
        return JavaDocs.escape(text);
    }

    /** The lines of a user's text. */
    public static List<String> lines(String text) {
        return JavaDocs.lines(text);
    }

    /** Names for Javadoc and messages, shortened when many. */
    public static String list(List<String> names) {
        return JavaDocs.list(names);
    }
}
