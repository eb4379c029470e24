package io.github.chainrule.check;

import io.github.chainrule.diag.Reporter;
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
 * The user's functions. Each body is lowered once, callees first, into a template over
 * parameter nodes; a call substitutes the arguments into the template (memoised on the argument
 * nodes). No call ever recurses into another, so neither deep call chains nor functions that
 * call each other many times over can deepen the stack or blow up the time. Recursion, direct
 * or through others, is found by Tarjan's algorithm (iterative) and reported.
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
        return calls.computeIfAbsent(name + Arrays.toString(key), k -> {
            Map<Node, Node> bind = new HashMap<>();
            List<Node> params = parameters.get(name);
            for (int i = 0; i < params.size(); i++) {
                bind.put(params.get(i), args.get(i));
            }
            return Rebuild.substitute(graph, template, bind);
        });
    }

    private void build() {
        Map<String, List<String>> callees = new LinkedHashMap<>();
        for (Ast.FunctionDef f : definitions.values()) {
            List<String> out = new ArrayList<>();
            AstWalk.preOrder(f.body(), e -> {
                if (e instanceof Ast.Call c && definitions.containsKey(c.function()) && !out.contains(c.function())) {
                    out.add(c.function());
                }
            });
            callees.put(f.name().name(), out);
        }
        for (List<String> component : stronglyConnected(callees)) {
            String only = component.get(0);
            boolean recursive = component.size() > 1 || callees.get(only).contains(only);
            if (recursive) {
                reportRecursion(component);
                continue;
            }
            buildTemplate(definitions.get(only));
        }
    }

    private void reportRecursion(List<String> component) {
        List<String> inOrder = new ArrayList<>(definitions.keySet());
        inOrder.retainAll(component);
        for (String name : inOrder) {
            Ast.FunctionDef f = definitions.get(name);
            List<String> others = new ArrayList<>(inOrder);
            others.remove(name);
            String through = others.isEmpty() ? "" : " through '" + String.join("', '", others) + "'";
            reporter.error(f.span(), "function '" + name + "' calls itself" + through
                    + ": functions are inlined, so they cannot be recursive");
        }
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
        Lowering.Scope scope = n -> {
            Node p = byName.get(n.name());
            if (p != null) {
                return p;
            }
            Double constant = Checker.CONSTANTS.get(n.name());
            if (constant != null) {
                return graph.constant(constant);
            }
            reporter.error(n.span(), "function '" + name + "' cannot see '" + n.name()
                    + "': a function's body sees only its parameters and constants"
                    + Suggestions.didYouMean(n.name(), byName.keySet()));
            return null;
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
