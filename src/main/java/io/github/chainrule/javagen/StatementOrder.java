package io.github.chainrule.javagen;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Orders flat statements so that values live briefly. The graph's own order (ascending node id)
 * puts the whole forward pass first and the whole backward pass after it: every forward value the
 * backward pass reads, and every term of a gradient's sums, stays alive across the method, and in
 * statements split into parts crosses from part to part through the work array.
 *
 * <p>List scheduling: of the statements whose operands are computed, the one reading the oldest
 * value runs next (ties in the graph's order), so a value's readers follow it closely and a partial
 * sum follows its terms. Statements that read only inputs are computed where they are first needed,
 * just before their first reader (or at the end, for results). In this order Lennard-Jones's
 * backward step for a pair follows that pair's forward step, and the tangents of a recurrence are
 * carried along with it. Only the order changes, never an operation, so the values are bit for bit
 * the same.
 */
final class StatementOrder {
    private StatementOrder() {}

    /**
     * {@code stmts} (a topological order of values {@code 0 .. values - 1}; values that no
     * statement defines are given) in that order.
     */
    static List<Statement> forLocality(List<Statement> stmts, int values) {
        return new Run(stmts, values).run();
    }

    private static final class Run {
        private final List<Statement> stmts;
        private final int n;
        private final int[] definedBy;

        /** The statements each statement reads, without repeats. */
        private final List<int[]> operands = new ArrayList<>();

        /** The statements that read each statement, without repeats. */
        private final List<List<Integer>> readers = new ArrayList<>();

        private final boolean[] inputOnly;
        private final int[] waiting;
        private final int[] position;
        private final long[] key;
        private final TreeSet<Integer> ready;
        private final List<Statement> order;

        Run(List<Statement> stmts, int values) {
            this.stmts = stmts;
            this.n = stmts.size();
            definedBy = new int[values];
            Arrays.fill(definedBy, -1);
            for (int i = 0; i < n; i++) {
                definedBy[stmts.get(i).value()] = i;
                readers.add(new ArrayList<>(2));
            }
            int[] lastSeen = new int[n];
            Arrays.fill(lastSeen, -1);
            inputOnly = new boolean[n];
            for (int i = 0; i < n; i++) {
                int reader = i;
                List<Integer> read = new ArrayList<>(3);
                stmts.get(i)
                        .expr()
                        .forEachRef(
                                v -> {
                                    int def = definedBy[v];
                                    if (def >= 0 && lastSeen[def] != reader) {
                                        lastSeen[def] = reader;
                                        read.add(def);
                                    }
                                });
                operands.add(read.stream().mapToInt(Integer::intValue).toArray());
                inputOnly[i] = read.isEmpty();
            }
            // a statement waits only for the operands that are not input-only: those are made on
            // demand
            waiting = new int[n];
            for (int i = 0; i < n; i++) {
                for (int def : operands.get(i)) {
                    readers.get(def).add(i);
                    if (!inputOnly[def]) {
                        waiting[i]++;
                    }
                }
            }
            position = new int[n];
            Arrays.fill(position, -1);
            key = new long[n];
            ready =
                    new TreeSet<>(
                            (a, b) ->
                                    key[a] != key[b]
                                            ? Long.compare(key[a], key[b])
                                            : Integer.compare(a, b));
            order = new ArrayList<>(n);
        }

        List<Statement> run() {
            for (int i = 0; i < n; i++) {
                if (!inputOnly[i] && waiting[i] == 0) {
                    key[i] = Long.MAX_VALUE;
                    ready.add(i);
                }
            }
            while (!ready.isEmpty()) {
                int i = ready.pollFirst();
                for (int def : operands.get(i)) {
                    if (position[def] < 0) {
                        emit(def); // input-only, first needed here
                    }
                }
                emit(i);
                for (int reader : readers.get(i)) {
                    if (--waiting[reader] == 0) {
                        key[reader] = oldestOperand(reader);
                        ready.add(reader);
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                if (position[i] < 0) {
                    if (!inputOnly[i]) {
                        throw new AssertionError("statements are not in a topological order");
                    }
                    emit(i); // read by results only
                }
            }
            return order;
        }

        private void emit(int i) {
            position[i] = order.size();
            order.add(stmts.get(i));
            // readers already waiting to run now read a value computed here: they move up to it
            for (int reader : readers.get(i)) {
                if (position[reader] < 0 && key[reader] > position[i] && ready.remove(reader)) {
                    key[reader] = position[i];
                    ready.add(reader);
                }
            }
        }

        private long oldestOperand(int i) {
            long oldest = Long.MAX_VALUE;
            for (int def : operands.get(i)) {
                if (position[def] >= 0) {
                    oldest = Math.min(oldest, position[def]);
                }
            }
            return oldest;
        }
    }
}
