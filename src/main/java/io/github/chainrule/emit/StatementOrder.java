package io.github.chainrule.emit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * Orders a schedule's statements for locality: depth first, each statement as soon after the
 * values it reads as the dependencies allow. The graph's own order (ascending node id) puts the
 * whole forward pass first and the whole backward pass after it, so that every forward value
 * the backward pass reads, and every term of a gradient's sums, stays alive across the method
 * (and, in a schedule split into parts, crosses from part to part through the work array). In
 * depth-first order, Lennard-Jones's backward step for a pair follows that pair's forward step,
 * and a partial sum follows its last term.
 *
 * <p>List scheduling with a stack: a statement is ready when the values it reads are computed;
 * the ready statement computed from the most recent value runs next, ties in the graph's order.
 * Only the order changes, never an operation, so values are bit for bit the same.
 */
final class StatementOrder {
    private StatementOrder() {}

    /**
     * {@code stmts} (a topological order of values {@code 0 .. values - 1}; values that no
     * statement defines are given) in depth-first order.
     */
    static List<Schedule.Stmt> depthFirst(List<Schedule.Stmt> stmts, int values) {
        int n = stmts.size();
        int[] definedBy = new int[values];
        Arrays.fill(definedBy, -1);
        for (int i = 0; i < n; i++) {
            definedBy[stmts.get(i).value()] = i;
        }
        // readers of each statement's value, and how many distinct statement values each one still waits for
        List<List<Integer>> readers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            readers.add(new ArrayList<>(2));
        }
        int[] waiting = new int[n];
        int[] lastSeen = new int[n];
        Arrays.fill(lastSeen, -1);
        for (int i = 0; i < n; i++) {
            int reader = i;
            JavaCode.forEachRef(stmts.get(i).expr(), v -> {
                int def = definedBy[v];
                if (def >= 0 && lastSeen[def] != reader) {
                    lastSeen[def] = reader;
                    readers.get(def).add(reader);
                    waiting[reader]++;
                }
            });
        }
        Deque<Integer> ready = new ArrayDeque<>();
        for (int i = n - 1; i >= 0; i--) {
            if (waiting[i] == 0) {
                ready.push(i);
            }
        }
        List<Schedule.Stmt> order = new ArrayList<>(n);
        while (!ready.isEmpty()) {
            int i = ready.pop();
            order.add(stmts.get(i));
            List<Integer> next = readers.get(i);
            for (int r = next.size() - 1; r >= 0; r--) {
                int reader = next.get(r);
                if (--waiting[reader] == 0) {
                    ready.push(reader);
                }
            }
        }
        if (order.size() != n) {
            throw new AssertionError("statements are not in a topological order");
        }
        return order;
    }
}
