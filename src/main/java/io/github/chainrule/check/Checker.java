package io.github.chainrule.check;

import io.github.chainrule.diag.Reporter;
import io.github.chainrule.diag.Span;
import io.github.chainrule.diag.Suggestions;
import io.github.chainrule.graph.Fn;
import io.github.chainrule.graph.Graph;
import io.github.chainrule.graph.Node;
import io.github.chainrule.graph.Rebuild;
import io.github.chainrule.syntax.Ast;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a syntax tree (names, arity, conditions, inputs, outputs, wrt, user functions) and lowers
 * it into the expression graph. All errors of the file are reported; the program comes back only
 * when there were none.
 */
public final class Checker {
    static final Map<String, Double> CONSTANTS = Map.of("pi", Math.PI, "e", Math.E);

    private final Ast.Program program;
    private final Reporter reporter;
    private final Graph graph = new Graph();

    private Map<String, Ast.Ident> inputs;
    private Map<String, Ast.FunctionDef> functions;

    /** Each assigned name's first assignment (a second one is an error). */
    private final Map<String, Ast.Assignment> assignments = new LinkedHashMap<>();

    private Declarations declarations;

    private Checker(Ast.Program program, Reporter reporter) {
        this.program = program;
        this.reporter = reporter;
    }

    public static Optional<CheckedProgram> check(Ast.Program program, Reporter reporter) {
        return new Checker(program, reporter).run();
    }

    private Optional<CheckedProgram> run() {
        declarations = Declarations.scalar(program, reporter);
        inputs = declarations.inputs;
        functions = declarations.functions;
        declarations.assignments.forEach((name, all) -> assignments.put(name, all.get(0)));
        if (!declarations.hasInputLine) {
            declarations.inputsFromFreeNames();
        }
        Functions userFunctions = new Functions(graph, reporter, functions);
        List<CheckedProgram.Definition> definitions = lowerAssignments(userFunctions);
        List<String> outputNames =
                declarations.checkOutputs(n -> inputs.containsKey(n) ? "an input" : null);
        List<String> wrtNames = declarations.checkWrt(n -> null);
        if (program.statements().stream().noneMatch(st -> st instanceof Ast.Assignment)) {
            reporter.error(
                    Span.NONE, "the program has no assignment: write one such as 'z = x * y'");
        }
        if (reporter.hasErrors()) {
            return Optional.empty();
        }
        warnUnused(definitions, outputNames);
        Map<String, CheckedProgram.Definition> byName = new HashMap<>();
        for (CheckedProgram.Definition d : definitions) {
            byName.put(d.name(), d);
        }
        return Optional.of(
                new CheckedProgram(
                        program.source(),
                        graph,
                        List.copyOf(inputs.keySet()),
                        wrtNames,
                        outputNames,
                        List.copyOf(definitions),
                        Map.copyOf(byName)));
    }

    /** A name quoted for a message, shortened if it is very long. */
    static String quote(String name) {
        return "'" + Suggestions.shorten(name) + "'";
    }

    // ---- declarations ---------------------------------------------------------------------------

    // ---- assignments ----------------------------------------------------------------------------

    private List<CheckedProgram.Definition> lowerAssignments(Functions userFunctions) {
        List<CheckedProgram.Definition> out = new ArrayList<>();
        Map<Node, Node> expansion = new HashMap<>();
        Set<String> assignedSoFar = new LinkedHashSet<>();
        Set<String> seenTargets = new LinkedHashSet<>();
        for (Ast.Stmt s : program.statements()) {
            if (!(s instanceof Ast.Assignment a)) {
                continue;
            }
            String name = a.target().name();
            boolean valid = assignments.get(name) == a;
            Set<String> reads = new LinkedHashSet<>();
            Lowering.Scope scope =
                    new Lowering.Scope() {
                        @Override
                        public Node resolve(Ast.Name n) {
                            return Checker.this.resolve(n, a, assignedSoFar, reads);
                        }

                        @Override
                        public String kindOf(String n) {
                            if (inputs.containsKey(n)) {
                                return "an input";
                            }
                            if (assignments.containsKey(n)) {
                                return "a value (assigned at "
                                        + assignments.get(n).target().span()
                                        + ")";
                            }
                            return CONSTANTS.containsKey(n) ? "a constant" : null;
                        }
                    };
            Node local = new Lowering(graph, reporter, userFunctions, scope).number(a.value());
            if (valid) {
                assignedSoFar.add(name);
            }
            if (!valid || local == null || reporter.hasErrors()) {
                continue; // keep checking the rest for errors, but build nothing more
            }
            Node value = Rebuild.substitute(graph, local, expansion);
            graph.keepWhole(value);
            expansion.put(graph.variable(name), value);
            out.add(
                    new CheckedProgram.Definition(
                            name, a.target().span(), a.value(), value, local, List.copyOf(reads)));
            seenTargets.add(name);
        }
        return out;
    }

    private Node resolve(
            Ast.Name n, Ast.Assignment current, Set<String> assignedSoFar, Set<String> reads) {
        String name = n.name();
        if (assignedSoFar.contains(name) || inputs.containsKey(name)) {
            reads.add(name);
            return graph.variable(name);
        }
        Double constant = CONSTANTS.get(name);
        if (constant != null) {
            return graph.constant(constant);
        }
        Ast.Assignment later = assignments.get(name);
        if (later == current) {
            reporter.error(n.span(), quote(name) + " is used in its own definition");
        } else if (later != null) {
            reporter.error(
                    n.span(),
                    quote(name)
                            + " is used before it is assigned (at "
                            + later.target().span()
                            + ")");
        } else if (functions.containsKey(name)
                || Fn.byName(name).isPresent()
                || name.equals("pow")) {
            reporter.error(n.span(), Declarations.functionAsValue(name));
        } else {
            Set<String> known = new LinkedHashSet<>(inputs.keySet());
            known.addAll(assignedSoFar);
            known.addAll(CONSTANTS.keySet());
            reporter.error(n.span(), Declarations.undeclared(name, known));
        }
        return null;
    }

    private void warnUnused(List<CheckedProgram.Definition> definitions, List<String> outputNames) {
        Set<String> read = new LinkedHashSet<>();
        for (CheckedProgram.Definition d : definitions) {
            read.addAll(d.reads());
        }
        for (Ast.Ident input : inputs.values()) {
            if (!read.contains(input.name())) {
                reporter.warning(input.span(), "input " + quote(input.name()) + " is not used");
            }
        }
        Map<String, CheckedProgram.Definition> byName = new HashMap<>();
        definitions.forEach(d -> byName.put(d.name(), d));
        Set<String> used = new LinkedHashSet<>();
        Deque<String> work = new ArrayDeque<>(outputNames);
        while (!work.isEmpty()) {
            String name = work.pop();
            CheckedProgram.Definition d = byName.get(name);
            if (d != null && used.add(name)) {
                work.addAll(d.reads());
            }
        }
        for (CheckedProgram.Definition d : definitions) {
            if (!used.contains(d.name())) {
                reporter.warning(d.span(), quote(d.name()) + " is assigned but no output uses it");
            }
        }
    }
}
