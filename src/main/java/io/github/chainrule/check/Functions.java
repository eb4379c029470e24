package io.github.chainrule.check;

import io.github.chainrule.diag.Reporter;
import io.github.chainrule.diag.Suggestions;
import io.github.chainrule.graph.Graph;
import io.github.chainrule.graph.Node;
import io.github.chainrule.graph.Rebuild;
import io.github.chainrule.syntax.Ast;
import io.github.chainrule.syntax.AstWalk;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The user's functions. Each body is lowered once, callees first, into a template over parameter
 * nodes; a call substitutes the arguments into the template (memoised on the argument nodes). No
 * call ever recurses into another, so neither deep call chains nor functions that call each other
 * many times over can deepen the stack or blow up the time. Recursion, direct or through others, is
 * found by Tarjan's algorithm (iterative) and reported.
 */
final class Functions {
    private final Graph graph;
    private final Reporter reporter;
    private final Map<String, Ast.FunctionDef> definitions;
    private final Map<String, Node> templates = new HashMap<>();
    private final Map<String, List<Node>> parameters = new HashMap<>();
    private final Map<String, Node> calls = new HashMap<>();

    Functions(Graph graph, Reporter reporter, Map<String, Ast.FunctionDef> definitions) {
        this.graph = graph;
        this.reporter = reporter;
        this.definitions = definitions;
        build();
    }

    boolean isDefined(String name) {
        return definitions.containsKey(name);
    }

    io.github.chainrule.diag.Span span(String name) {
        return definitions.get(name).span();
    }

    int arity(String name) {
        return definitions.get(name).params().size();
    }

    Set<String> names() {
        return definitions.keySet();
    }

    /** The function applied to the arguments; null if its body had errors (reported there). */
    Node call(String name, List<Node> args) {
        Node template = templates.get(name);
        if (template == null) {
            return null;
        }
        long[] key = new long[args.size()];
        for (int i = 0; i < key.length; i++) {
            key[i] = args.get(i).id();
        }
        return calls.computeIfAbsent(
                name + Arrays.toString(key),
                k -> {
                    Map<Node, Node> bind = new HashMap<>();
                    List<Node> params = parameters.get(name);
                    for (int i = 0; i < params.size(); i++) {
                        bind.put(params.get(i), args.get(i));
                    }
                    return Rebuild.substitute(graph, template, bind);
                });
    }

    private void build() {
        Map<String, Map<String, Ast.Call>> callSites =
                new LinkedHashMap<>(); // the first call of each callee
        Map<String, List<String>> callees = new LinkedHashMap<>();
        for (Ast.FunctionDef f : definitions.values()) {
            Map<String, Ast.Call> sites = new LinkedHashMap<>();
            AstWalk.preOrder(
                    f.body(),
                    e -> {
                        if (e instanceof Ast.Call c && definitions.containsKey(c.function())) {
                            sites.putIfAbsent(c.function(), c);
                        }
                    });
            callSites.put(f.name().name(), sites);
            callees.put(f.name().name(), new ArrayList<>(sites.keySet()));
        }
        for (List<String> component : stronglyConnected(callees)) {
            String only = component.get(0);
            boolean recursive = component.size() > 1 || callees.get(only).contains(only);
            if (recursive) {
                reportRecursion(component, callees, callSites);
                continue;
            }
            buildTemplate(definitions.get(only));
        }
    }

    /**
     * One error for a group of functions that call each other, at the call in the first of them (in
     * the file) that starts the shortest cycle back to it.
     */
    private void reportRecursion(
            List<String> component,
            Map<String, List<String>> callees,
            Map<String, Map<String, Ast.Call>> callSites) {
        List<String> inOrder = new ArrayList<>(definitions.keySet());
        inOrder.retainAll(component);
        String first = inOrder.get(0);
        List<String> cycle = shortestCycle(first, component, callees);
        Ast.Call call = callSites.get(first).get(cycle.get(1));
        String message;
        if (cycle.size() == 2) {
            message = "function " + Checker.quote(first) + " calls itself";
        } else {
            List<String> through = cycle.subList(1, cycle.size() - 1);
            List<String> quoted = new ArrayList<>();
            through.forEach(n -> quoted.add(Checker.quote(n)));
            List<String> path = new ArrayList<>();
            cycle.forEach(n -> path.add(Suggestions.shorten(n)));
            String last = quoted.remove(quoted.size() - 1);
            String names = quoted.isEmpty() ? last : String.join(", ", quoted) + " and " + last;
            message =
                    "function "
                            + Checker.quote(first)
                            + " calls itself through "
                            + names
                            + " ("
                            + String.join(" -> ", path)
                            + ")";
        }
        reporter.error(
                call.span(), message + ": functions are inlined, so they cannot be recursive");
    }

    /**
     * {@code [start, ..., start]}: a shortest path of calls from {@code start} back to it, by
     * breadth first search.
     */
    private static List<String> shortestCycle(
            String start, List<String> component, Map<String, List<String>> callees) {
        Map<String, String> parent = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>();
        queue.add(start);
        while (!queue.isEmpty()) {
            String v = queue.poll();
            for (String w : callees.get(v)) {
                if (w.equals(start)) {
                    List<String> path = new ArrayList<>();
                    path.add(start);
                    for (String u = v; !u.equals(start); u = parent.get(u)) {
                        path.add(1, u);
                    }
                    path.add(start);
                    return path;
                }
                if (component.contains(w) && !parent.containsKey(w)) {
                    parent.put(w, v);
                    queue.add(w);
                }
            }
        }
        throw new AssertionError(start); // a strongly connected component with a call has a cycle
    }

    private void buildTemplate(Ast.FunctionDef f) {
        String name = f.name().name();
        List<Node> params = new ArrayList<>();
        Map<String, Node> byName = new HashMap<>();
        for (int i = 0; i < f.params().size(); i++) {
            // '#' cannot appear in a user's name, so a parameter never meets an input's node
            Node p = graph.variable(name + "#" + i);
            params.add(p);
            byName.putIfAbsent(f.params().get(i).name(), p);
        }
        Lowering.Scope scope =
                new Lowering.Scope() {
                    @Override
                    public Node resolve(Ast.Name n) {
                        Node p = byName.get(n.name());
                        if (p != null) {
                            return p;
                        }
                        Double constant = Checker.CONSTANTS.get(n.name());
                        if (constant != null) {
                            return graph.constant(constant);
                        }
                        String fix =
                                Suggestions.closest(n.name(), byName.keySet())
                                        .map(near -> "did you mean '" + near + "'?")
                                        .orElse("pass it as a parameter");
                        reporter.error(
                                n.span(),
                                "function "
                                        + Checker.quote(name)
                                        + " cannot see "
                                        + Checker.quote(n.name())
                                        + ": "
                                        + fix
                                        + " (a function's body sees only its parameters and"
                                        + " constants)");
                        return null;
                    }

                    @Override
                    public String kindOf(String n) {
                        return byName.containsKey(n)
                                ? "a parameter of " + Checker.quote(name)
                                : Checker.CONSTANTS.containsKey(n) ? "a constant" : null;
                    }
                };
        Node body = new Lowering(graph, reporter, this, scope).number(f.body());
        if (body != null) {
            templates.put(name, body);
            parameters.put(name, params);
        }
    }

    /** Tarjan's strongly connected components, iteratively; callees' components come first. */
    private static List<List<String>> stronglyConnected(Map<String, List<String>> edges) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new java.util.HashSet<>();
        List<List<String>> out = new ArrayList<>();
        int counter = 0;
        for (String root : edges.keySet()) {
            if (index.containsKey(root)) {
                continue;
            }
            Deque<String> nodes = new ArrayDeque<>();
            Deque<Integer> next = new ArrayDeque<>();
            nodes.push(root);
            next.push(0);
            index.put(root, counter);
            low.put(root, counter++);
            stack.push(root);
            onStack.add(root);
            while (!nodes.isEmpty()) {
                String v = nodes.peek();
                int i = next.pop();
                List<String> succ = edges.get(v);
                if (i < succ.size()) {
                    next.push(i + 1);
                    String w = succ.get(i);
                    if (!index.containsKey(w)) {
                        index.put(w, counter);
                        low.put(w, counter++);
                        stack.push(w);
                        onStack.add(w);
                        nodes.push(w);
                        next.push(0);
                    } else if (onStack.contains(w)) {
                        low.put(v, Math.min(low.get(v), index.get(w)));
                    }
                    continue;
                }
                nodes.pop();
                if (!nodes.isEmpty()) {
                    String parent = nodes.peek();
                    low.put(parent, Math.min(low.get(parent), low.get(v)));
                }
                if (low.get(v).equals(index.get(v))) {
                    List<String> component = new ArrayList<>();
                    String w;
                    do {
                        w = stack.pop();
                        onStack.remove(w);
                        component.add(w);
                    } while (!w.equals(v));
                    out.add(component);
                }
            }
        }
        return out;
    }
}
