package io.github.chainrule.check;

import io.github.chainrule.diag.SourceFile;
import io.github.chainrule.diag.Span;
import io.github.chainrule.graph.Graph;
import io.github.chainrule.graph.Node;
import io.github.chainrule.syntax.Ast;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A program that passed every check: its inputs, wrt variables and outputs in declared order, and
 * its assignments in order, each lowered into the graph twice: {@code value} over the inputs alone
 * (user functions inlined, earlier names substituted) and {@code local} over the names the
 * statement reads, which is the node of the backpropagation diagram. {@code rewrites} says which
 * rewrites toward stable forms ({@link Rewriting}) changed which statements.
 */
public record CheckedProgram(
        SourceFile source,
        Graph graph,
        List<String> inputs,
        List<String> wrt,
        List<String> outputs,
        List<Definition> definitions,
        Map<String, Definition> byName,
        List<Rewriting.Note> rewrites) {

    /** A program as written: no rewrite applied yet. */
    public CheckedProgram(
            SourceFile source,
            Graph graph,
            List<String> inputs,
            List<String> wrt,
            List<String> outputs,
            List<Definition> definitions,
            Map<String, Definition> byName) {
        this(source, graph, inputs, wrt, outputs, definitions, byName, List.of());
    }

    public record Definition(
            String name, Span span, Ast.Expr expr, Node value, Node local, List<String> reads) {}

    public Optional<Definition> definition(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The node of an output, over the inputs. */
    public Node outputValue(String name) {
        return byName.get(name).value();
    }

    public Node input(String name) {
        return graph.variable(name);
    }
}
