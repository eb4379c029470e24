package io.github.chainrule.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How much work Graphviz's dot has laying out a diagram, estimated from the DOT that {@code
 * chainrule graph} writes (one node or edge statement a line). dot ranks the nodes and breaks every
 * edge into one piece per rank it crosses; ordering and placing those pieces is what grows out of
 * reach. A statement that every step of a long recurrence reads (chain1000's {@code a}) has edges
 * across every rank: the pieces grow as the square of the program.
 */
final class LayoutSize {
    private LayoutSize() {}

    /**
     * The most pieces {@code graph --svg} hands to dot. Measured with Graphviz 2.43 on a busy
     * 2-core machine: lj20's operations (7,222 pieces) took 31 s; chain1000's statements
     * (1,005,004) ran for over two minutes and 6 GB without finishing. Below this, the time limit
     * decides.
     */
    static final long MAX_PIECES = 10_000;

    private static final Pattern NODE = Pattern.compile("^  \"((?:[^\"\\\\]|\\\\.)*)\" \\[");
    private static final Pattern EDGE =
            Pattern.compile("^  \"((?:[^\"\\\\]|\\\\.)*)\" -> \"((?:[^\"\\\\]|\\\\.)*)\"");

    /**
     * The number of edge pieces with each node ranked by its longest path from a source: the
     * ranking dot starts from. Every edge runs forward (the backward pass is drawn with dir=back).
     */
    static long pieces(String dot) {
        Map<String, Integer> index = new HashMap<>();
        List<int[]> edges = new ArrayList<>();
        for (String line : dot.split("\n")) {
            Matcher e = EDGE.matcher(line);
            if (e.find()) {
                edges.add(new int[] {id(index, e.group(1)), id(index, e.group(2))});
                continue;
            }
            Matcher n = NODE.matcher(line);
            if (n.find()) {
                id(index, n.group(1));
            }
        }
        // longest path over an acyclic graph, by repeated relaxation in topological order
        List<List<Integer>> out = new ArrayList<>();
        int[] pending = new int[index.size()];
        for (int i = 0; i < index.size(); i++) {
            out.add(new ArrayList<>());
        }
        for (int[] e : edges) {
            out.get(e[0]).add(e[1]);
            pending[e[1]]++;
        }
        int[] rank = new int[index.size()];
        int[] ready = new int[index.size()];
        int head = 0;
        int tail = 0;
        for (int i = 0; i < pending.length; i++) {
            if (pending[i] == 0) {
                ready[tail++] = i;
            }
        }
        while (head < tail) {
            int from = ready[head++];
            for (int to : out.get(from)) {
                rank[to] = Math.max(rank[to], rank[from] + 1);
                if (--pending[to] == 0) {
                    ready[tail++] = to;
                }
            }
        }
        long pieces = 0;
        for (int[] e : edges) {
            pieces += Math.max(1, rank[e[1]] - rank[e[0]]);
        }
        return pieces;
    }

    private static int id(Map<String, Integer> index, String name) {
        return index.computeIfAbsent(name, k -> index.size());
    }
}
