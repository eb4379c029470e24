package io.github.chainrule.check;

import io.github.chainrule.diag.Reporter;
import io.github.chainrule.diag.Span;
import io.github.chainrule.indexed.Affine;
import io.github.chainrule.indexed.IndexedProgram.Binder;
import io.github.chainrule.indexed.IndexedProgram.Read;
import io.github.chainrule.indexed.IndexedProgram.Recurrence;
import io.github.chainrule.indexed.IndexedProgram.Single;
import io.github.chainrule.indexed.IndexedProgram.Statement;
import io.github.chainrule.indexed.IndexedProgram.Step;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The order to run an indexed program's statements in, from what each reads: statements that read
 * one another (strongly connected, found iteratively) form a recurrence over their first index,
 * which must read the arrays of the recurrence at strictly earlier positions of that index (or, for
 * another array of it, at the same position, if that makes no cycle). Otherwise statements keep the
 * order of the text where what they read allows.
 */
final class RunOrder {
    private final List<Statement> statements;
    private final Reporter reporter;
    private final SizeFacts sizes;
    private final List<List<Integer>> readers = new ArrayList<>(); // i -> statements reading i

    private final Map<Statement, Span> spans;

    /** {@code spans}: where each statement is written (a lifted reduction: its statement). */
    RunOrder(
            List<Statement> statements,
            Map<Statement, Span> spans,
            Reporter reporter,
            SizeFacts sizes) {
        this.statements = statements;
        this.spans = spans;
        this.reporter = reporter;
        this.sizes = sizes;
        Map<String, List<Integer>> definers = new HashMap<>();
        for (int i = 0; i < statements.size(); i++) {
            definers.computeIfAbsent(statements.get(i).target(), k -> new ArrayList<>()).add(i);
            readers.add(new ArrayList<>());
        }
        for (int s = 0; s < statements.size(); s++) {
            for (Read r : statements.get(s).reads().values()) {
                for (int t : definers.getOrDefault(r.array(), List.of())) {
                    if (!readers.get(t).contains(s)) {
                        readers.get(t).add(s);
                    }
                }
            }
        }
    }

    List<Step> steps() {
        int n = statements.size();
        int[] component = components();
        int count = 0;
        for (int c : component) {
            count = Math.max(count, c + 1);
        }
        List<List<Integer>> members = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            members.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            members.get(component[i]).add(i);
        }
        // Kahn's algorithm over the components, earliest statement first
        int[] waiting = new int[count];
        List<List<Integer>> next = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            next.add(new ArrayList<>());
        }
        for (int t = 0; t < n; t++) {
            for (int s : readers.get(t)) {
                if (component[s] != component[t]
                        && !next.get(component[t]).contains(component[s])) {
                    next.get(component[t]).add(component[s]);
                    waiting[component[s]]++;
                }
            }
        }
        PriorityQueue<Integer> ready =
                new PriorityQueue<>(
                        (a, b) -> Integer.compare(members.get(a).get(0), members.get(b).get(0)));
        for (int c = 0; c < count; c++) {
            if (waiting[c] == 0) {
                ready.add(c);
            }
        }
        List<Step> out = new ArrayList<>();
        while (!ready.isEmpty()) {
            int c = ready.poll();
            List<Integer> group = members.get(c);
            boolean selfRead = readers.get(group.get(0)).contains(group.get(0));
            if (group.size() == 1 && !selfRead) {
                out.add(new Single(statements.get(group.get(0))));
            } else {
                Step r = recurrence(group);
                if (r != null) {
                    out.add(r);
                }
            }
            for (int d : next.get(c)) {
                if (--waiting[d] == 0) {
                    ready.add(d);
                }
            }
        }
        return List.copyOf(out);
    }

    /** Strongly connected components (Kosaraju, with explicit stacks): a component id each. */
    private int[] components() {
        int n = statements.size();
        List<List<Integer>> reverse = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            reverse.add(new ArrayList<>());
        }
        for (int t = 0; t < n; t++) {
            for (int s : readers.get(t)) {
                reverse.get(s).add(t);
            }
        }
        boolean[] visited = new boolean[n];
        List<Integer> finished = new ArrayList<>();
        for (int root = 0; root < n; root++) {
            if (visited[root]) {
                continue;
            }
            Deque<int[]> stack = new ArrayDeque<>(); // {node, next edge}
            stack.push(new int[] {root, 0});
            visited[root] = true;
            while (!stack.isEmpty()) {
                int[] top = stack.peek();
                List<Integer> out = readers.get(top[0]);
                if (top[1] < out.size()) {
                    int m = out.get(top[1]++);
                    if (!visited[m]) {
                        visited[m] = true;
                        stack.push(new int[] {m, 0});
                    }
                } else {
                    finished.add(top[0]);
                    stack.pop();
                }
            }
        }
        int[] component = new int[n];
        java.util.Arrays.fill(component, -1);
        int count = 0;
        for (int k = n - 1; k >= 0; k--) {
            int root = finished.get(k);
            if (component[root] >= 0) {
                continue;
            }
            Deque<Integer> stack = new ArrayDeque<>(List.of(root));
            component[root] = count;
            while (!stack.isEmpty()) {
                int v = stack.pop();
                for (int u : reverse.get(v)) {
                    if (component[u] < 0) {
                        component[u] = count;
                        stack.push(u);
                    }
                }
            }
            count++;
        }
        return component;
    }

    /**
     * Checks a group of statements that read one another and orders them at one position: each runs
     * over its first index, all over the same range, reading the group's arrays at earlier
     * positions (or another's at the same one, without a cycle).
     */
    private Step recurrence(List<Integer> group) {
        Statement first = statements.get(group.get(0));
        Span at = spans.get(first);
        for (int i : group) {
            Statement s = statements.get(i);
            if (s.lhs().isEmpty() || s.lhs().get(0).bareSymbol().isEmpty()) {
                reporter.error(
                        spans.get(s),
                        Checker.quote(base(s.target()))
                                + " reads itself, through "
                                + names(group)
                                + ", with no index to recur over: a value cannot depend on"
                                + " itself");
                return null;
            }
            Binder b = s.domain().get(0);
            Binder b0 = first.domain().get(0);
            if (!sizes.same(b.lo(), b0.lo()) || !sizes.same(b.hi(), b0.hi())) {
                reporter.error(
                        spans.get(s),
                        "the recurrences "
                                + names(group)
                                + " run in one loop, so they need the same range: "
                                + b.lo()
                                + ".."
                                + b.hi()
                                + " here, "
                                + b0.lo()
                                + ".."
                                + b0.hi()
                                + " for "
                                + Checker.quote(base(first.target())));
                return null;
            }
        }
        Map<String, Integer> inGroup = new HashMap<>();
        for (int i : group) {
            inGroup.put(statements.get(i).target(), i);
        }
        // same-position edges: a statement reading another's array at its own position
        Map<Integer, List<Integer>> before = new HashMap<>();
        boolean ok = true;
        for (int i : group) {
            Statement s = statements.get(i);
            String t = s.domain().get(0).index();
            for (Map.Entry<String, Read> e : s.reads().entrySet()) {
                Read r = e.getValue();
                if (!inGroup.containsKey(r.array())) {
                    continue;
                }
                Affine offset = r.subscripts().get(0).minus(Affine.symbol(t));
                if (Bounds.atMost(Bounds.max(offset, s.domain()).value(), Affine.of(-1), sizes)) {
                    continue; // strictly earlier: fine
                }
                String read = e.getKey();
                if (sizes.same(offset, Affine.of(0)) && !r.array().equals(s.target())) {
                    for (int d : groupDefiners(group, r.array())) {
                        before.computeIfAbsent(i, k -> new ArrayList<>()).add(d);
                    }
                    continue;
                }
                String where =
                        sizes.same(offset, Affine.of(0))
                                ? "the same position"
                                : (Bounds.atMost(
                                                Affine.of(1),
                                                Bounds.min(offset, s.domain()).value(),
                                                sizes)
                                        ? "a later position"
                                        : "a position that is not provably earlier");
                reporter.error(
                        spans.get(s),
                        base(s.target())
                                + "["
                                + t
                                + "] reads "
                                + read
                                + ", "
                                + where
                                + " of "
                                + t
                                + ": a recurrence reads only earlier positions ("
                                + r.array()
                                + "["
                                + t
                                + "-1])");
                ok = false;
            }
        }
        if (!ok) {
            return null;
        }
        // order at one position: Kahn, earliest statement first; what is left is a cycle
        Map<Integer, Integer> waiting = new HashMap<>();
        Map<Integer, List<Integer>> after = new HashMap<>();
        for (int i : group) {
            for (int d : before.getOrDefault(i, List.of())) {
                waiting.merge(i, 1, Integer::sum);
                after.computeIfAbsent(d, k -> new ArrayList<>()).add(i);
            }
        }
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        for (int i : group) {
            if (waiting.getOrDefault(i, 0) == 0) {
                ready.add(i);
            }
        }
        List<Statement> ordered = new ArrayList<>();
        while (!ready.isEmpty()) {
            int i = ready.poll();
            ordered.add(statements.get(i));
            for (int j : after.getOrDefault(i, List.of())) {
                if (waiting.merge(j, -1, Integer::sum) == 0) {
                    ready.add(j);
                }
            }
        }
        if (ordered.size() < group.size()) {
            List<Integer> cycle = new ArrayList<>(group);
            cycle.removeIf(i -> ordered.contains(statements.get(i)));
            reporter.error(
                    at,
                    "a cycle at the same position: "
                            + names(cycle)
                            + " read one another at the same index, so none can be computed"
                            + " first; read an earlier position (x[t-1])");
            return null;
        }
        Binder loop = first.domain().get(0);
        return new Recurrence(loop.lo(), loop.hi(), List.copyOf(ordered));
    }

    private List<Integer> groupDefiners(List<Integer> group, String array) {
        List<Integer> out = new ArrayList<>();
        for (int i : group) {
            if (statements.get(i).target().equals(array)) {
                out.add(i);
            }
        }
        return out;
    }

    /** A lifted reduction's name ({@code a@1}) is shown as the statement's ({@code a}). */
    private static String base(String target) {
        int at = target.indexOf('@');
        return at < 0 ? target : target.substring(0, at);
    }

    private String names(List<Integer> group) {
        List<String> out = new ArrayList<>();
        for (int i : group) {
            String n = "'" + base(statements.get(i).target()) + "'";
            if (!out.contains(n)) {
                out.add(n);
            }
        }
        return String.join(" and ", out);
    }
}
