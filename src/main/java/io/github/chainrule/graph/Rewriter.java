package io.github.chainrule.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Applies the rewrites toward stable forms ({@link Rewrites}) to an expression, bottom-up in one
 * ascending sweep: each node is rebuilt from its rewritten children, then the rules are tried at it
 * until none applies. A rule sees through names: where an expression reads a name assigned before
 * ({@code a} in {@code log(1 - a)}), the rule looks at that name's definition ({@code sigmoid(z)}),
 * so a pattern spread over statements is found as if it had been written in one.
 */
public final class Rewriter {
    /** Rewrites of one node at the top of a fresh result, at most (a guard against cycles). */
    private static final int MAX_STEPS = 12;

    /** The rules in the order they are tried ({@code values()} copies its array at each call). */
    private static final Rewrites[] RULES = Rewrites.values();

    /**
     * One node rewritten: what it was, what it became, the rules in the order they applied, and the
     * names whose definitions the rules looked into.
     */
    public record Applied(Node before, Node after, List<Rewrites> rules, List<String> seen) {}

    private final Graph g;
    private final Function<String, Node> definitions;
    private final Set<String> seen = new LinkedHashSet<>();
    private int depth;

    /**
     * {@code definitions} gives the (already rewritten) definition of an assigned name, or null for
     * an input.
     */
    public Rewriter(Graph g, Function<String, Node> definitions) {
        this.g = g;
        this.definitions = definitions;
    }

    /** An expression over inputs alone: nothing to see through. */
    public static Node rewrite(Graph g, Node root, List<Applied> log) {
        return new Rewriter(g, name -> null).rewrite(root, log);
    }

    public Node rewrite(Node root, List<Applied> log) {
        Map<Integer, Node> done = new HashMap<>();
        for (int id : Evaluator.reachableIds(List.of(root))) {
            Node n = g.node(id);
            if (Node.isCondition(n) || n instanceof Node.Const || n instanceof Node.Var) {
                done.put(id, n.children().isEmpty() ? n : rebuilt(n, done));
                continue;
            }
            Node r = rebuilt(n, done);
            seen.clear();
            List<Rewrites> rules = new ArrayList<>();
            Node out = top(r, rules);
            if (!rules.isEmpty()) {
                log.add(new Applied(r, out, List.copyOf(rules), List.copyOf(seen)));
            }
            done.put(id, out);
        }
        return done.get(root.id());
    }

    private Node rebuilt(Node n, Map<Integer, Node> done) {
        List<Node> kids = new ArrayList<>(n.children().size());
        for (Node c : n.children()) {
            kids.add(done.get(c.id()));
        }
        return Rebuild.rebuild(g, n, kids);
    }

    /** The rules applied at the top of {@code n}, again and again, until none applies. */
    private Node top(Node n, List<Rewrites> applied) {
        Node current = n;
        for (int step = 0; step < MAX_STEPS; step++) {
            Node next = null;
            for (Rewrites rule : RULES) {
                int seenBefore = seen.size();
                next = rule.apply(this, current);
                if (next != null && next != current) {
                    applied.add(rule);
                    break;
                }
                forgetSince(seenBefore); // a rule that looked and did not apply saw nothing
                next = null;
            }
            if (next == null) {
                return current;
            }
            current = next;
        }
        return current;
    }

    /**
     * Forgets the names seen after the first {@code count}: a rule only adds to {@link #seen} (a
     * failed rule's names are forgotten the same way), so those are the ones it added. Without a
     * copy of the set per rule tried, which cost more than the rules themselves.
     */
    private void forgetSince(int count) {
        if (seen.size() == count) {
            return;
        }
        Iterator<String> it = seen.iterator();
        for (int i = 0; i < count; i++) {
            it.next();
        }
        while (it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    // ---- what rules use -------------------------------------------------------------------------

    Graph graph() {
        return g;
    }

    /** {@code n}, or the definition of the name it is (recorded as seen), through any chain. */
    Node see(Node n) {
        Node cur = n;
        for (int i = 0; i < 64 && cur instanceof Node.Var v; i++) {
            Node d = definitions.apply(v.name());
            if (d == null) {
                break;
            }
            seen.add(v.name());
            cur = d;
        }
        return cur;
    }

    /** As {@link #see} without recording: for conditions on signs. */
    Node peek(Node n) {
        Node cur = n;
        for (int i = 0; i < 64 && cur instanceof Node.Var v; i++) {
            Node d = definitions.apply(v.name());
            if (d == null) {
                break;
            }
            cur = d;
        }
        return cur;
    }

    /**
     * A node a rule has just built, rewritten at its top (so {@code log(exp(u))} in a split
     * logarithm becomes {@code u}); the rules applied there count as the enclosing rule's.
     */
    Node again(Node n) {
        if (depth > 4) {
            return n;
        }
        depth++;
        try {
            return top(n, new ArrayList<>());
        } finally {
            depth--;
        }
    }
}
