package io.github.chainrule.indexed;

import io.github.chainrule.graph.Evaluator;
import io.github.chainrule.graph.Graph;
import io.github.chainrule.graph.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One statement compiled for one evaluation: its ranges and accesses as offset computations, its
 * body as the list of nodes to compute in ascending id, each with {@link Evaluator#value(Node,
 * double[])} (the scalar evaluator's own arithmetic), into a values array shared by every statement
 * and reused for every element.
 */
final class StatementRun {
    private final IndexedProgram.Statement statement;
    private final int depth;
    private final int reduceFrom;
    private final IndexedProgram.ReduceOp op;
    private final Linear[] lo;
    private final Linear[] hi;
    private final Access target;
    private final boolean accumulates;

    /** The id of the condition of a first-only accumulation, else -1. */
    private final int firstWhere;

    private boolean found;

    /** Leaves that are elements: the node's id and the access that reads it. */
    private final int[] readIds;

    private final Access[] reads;

    /** Leaves that are index variables: the node's id and the binder's slot. */
    private final int[] indexIds;

    private final int[] indexSlots;

    /** Leaves that keep one value for the whole statement: constants and sizes. */
    private final int[] fixedIds;

    private final double[] fixedValues;

    private final Node[] computed;
    private final int result;
    private final double[] v;

    /** The current value of each binder, by slot. */
    final long[] index;

    private double accumulator;

    StatementRun(
            IndexedProgram.Statement s,
            Map<String, IndexedProgram.Array> arrays,
            Map<String, double[]> data,
            Map<String, int[]> extents,
            Map<String, Long> sizes,
            Graph graph,
            double[] v) {
        this.statement = s;
        this.v = v;
        List<IndexedProgram.Binder> domain = s.domain();
        depth = domain.size();
        op = s.reduce().orElse(null);
        accumulates = s.store() instanceof IndexedProgram.Accumulate;
        Node condition = null;
        if (s.store() instanceof IndexedProgram.Accumulate a) {
            condition = a.firstWhere().orElse(null);
            if (op != null && (op != IndexedProgram.ReduceOp.SUM || condition != null)) {
                throw new IllegalArgumentException(
                        where() + ": an accumulation reduces only by a sum, and everywhere");
            }
            reduceFrom = op != null ? s.reduceFrom() : condition == null ? depth : a.firstFrom();
        } else {
            reduceFrom = op == null ? depth : s.reduceFrom();
        }
        firstWhere = condition == null ? -1 : condition.id();
        if (reduceFrom < 0 || reduceFrom > depth) {
            throw new IllegalArgumentException(
                    where() + ": reduceFrom " + reduceFrom + " is outside its domain of " + depth);
        }
        lo = new Linear[depth];
        hi = new Linear[depth];
        for (int k = 0; k < depth; k++) {
            IndexedProgram.Binder b = domain.get(k);
            String what = where() + ": range of " + b.index();
            lo[k] = Linear.of(b.lo(), domain, k, sizes, what);
            hi[k] = Linear.of(b.hi(), domain, k, sizes, what);
        }
        target =
                access(
                        s.target(),
                        s.lhs(),
                        arrays,
                        data,
                        extents,
                        sizes,
                        accumulates && op == null ? depth : reduceFrom);
        index = new long[depth];

        List<Integer> readIdList = new ArrayList<>();
        List<Access> readList = new ArrayList<>();
        List<Integer> indexIdList = new ArrayList<>();
        List<Integer> indexSlotList = new ArrayList<>();
        List<Integer> fixedIdList = new ArrayList<>();
        List<Double> fixedValueList = new ArrayList<>();
        List<Node> computedList = new ArrayList<>();
        List<Node> roots = condition == null ? List.of(s.body()) : List.of(s.body(), condition);
        for (int id : Evaluator.reachableIds(roots)) {
            Node n = graph.node(id);
            if (n instanceof Node.Var x) {
                IndexedProgram.Read read = s.reads().get(x.name());
                int slot = Linear.slot(domain, x.name());
                if (read != null) {
                    readIdList.add(n.id());
                    readList.add(
                            access(
                                    read.array(),
                                    read.subscripts(),
                                    arrays,
                                    data,
                                    extents,
                                    sizes,
                                    depth));
                } else if (slot >= 0) {
                    indexIdList.add(n.id());
                    indexSlotList.add(slot);
                } else if (sizes.containsKey(x.name())) {
                    fixedIdList.add(n.id());
                    fixedValueList.add((double) sizes.get(x.name()));
                } else {
                    throw new IllegalArgumentException(
                            where()
                                    + ": "
                                    + x.name()
                                    + " is neither a read, an index of the statement nor a size");
                }
            } else if (n instanceof Node.Const c) {
                fixedIdList.add(n.id());
                fixedValueList.add(c.value());
            } else {
                computedList.add(n);
            }
        }
        readIds = readIdList.stream().mapToInt(Integer::intValue).toArray();
        reads = readList.toArray(new Access[0]);
        indexIds = indexIdList.stream().mapToInt(Integer::intValue).toArray();
        indexSlots = indexSlotList.stream().mapToInt(Integer::intValue).toArray();
        fixedIds = fixedIdList.stream().mapToInt(Integer::intValue).toArray();
        fixedValues = fixedValueList.stream().mapToDouble(Double::doubleValue).toArray();
        computed = computedList.toArray(new Node[0]);
        result = s.body().id();
    }

    private Access access(
            String name,
            List<Affine> subscripts,
            Map<String, IndexedProgram.Array> arrays,
            Map<String, double[]> data,
            Map<String, int[]> extents,
            Map<String, Long> sizes,
            int visible) {
        IndexedProgram.Array array = arrays.get(name);
        if (array == null) {
            throw new IllegalArgumentException(where() + ": no array " + name);
        }
        return new Access(
                array,
                data.get(name),
                extents.get(name),
                subscripts,
                statement.domain(),
                visible,
                sizes);
    }

    private String where() {
        return "line " + statement.line() + ", " + statement.target();
    }

    /** Runs the statement over its domain, with the binders before {@code from} already set. */
    void run(int from) {
        for (int i = 0; i < fixedIds.length; i++) {
            v[fixedIds[i]] = fixedValues[i];
        }
        outer(from);
    }

    private void outer(int k) {
        if (k == reduceFrom) {
            element();
            return;
        }
        long end = hi[k].at(index);
        for (long i = lo[k].at(index); i < end; i++) {
            index[k] = i;
            outer(k + 1);
        }
    }

    private void element() {
        if (accumulates && op != null) {
            // a gather: the inner sum from 0.0 in row-major order, then added to the element once
            int offset = target.offset(index);
            accumulator = 0.0;
            inner(reduceFrom);
            target.data[offset] += accumulator;
            return;
        }
        if (accumulates) {
            if (firstWhere < 0) {
                double x = body();
                target.data[target.offset(index)] += x;
            } else {
                found = false;
                first(reduceFrom);
            }
            return;
        }
        int offset = target.offset(index);
        if (op == null) {
            target.data[offset] = body();
            return;
        }
        accumulator =
                switch (op) {
                    case SUM -> 0;
                    case MAX -> Double.NEGATIVE_INFINITY;
                    case MIN -> Double.POSITIVE_INFINITY;
                };
        inner(reduceFrom);
        target.data[offset] = accumulator;
    }

    /**
     * The reduction over the binders from {@code k} on. Max and min combine as the scalar {@code
     * max(a, b)} and {@code min(a, b)} do, the running value first: a later equal value does not
     * replace it, so the first extreme wins, and a NaN goes as it goes through {@code max(max(t0,
     * t1), t2)}.
     */
    private void inner(int k) {
        if (k == depth) {
            double x = body();
            accumulator =
                    switch (op) {
                        case SUM -> accumulator + x;
                        case MAX -> accumulator >= x ? accumulator : x;
                        case MIN -> accumulator <= x ? accumulator : x;
                    };
            return;
        }
        long end = hi[k].at(index);
        for (long i = lo[k].at(index); i < end; i++) {
            index[k] = i;
            inner(k + 1);
        }
    }

    /**
     * Adds the body at the first point of the binders from {@code k} on (row-major) where the
     * condition holds, and nowhere else.
     */
    private void first(int k) {
        if (k == depth) {
            double x = body();
            if (v[firstWhere] != 0) {
                target.data[target.offset(index)] += x;
                found = true;
            }
            return;
        }
        long end = hi[k].at(index);
        for (long i = lo[k].at(index); i < end && !found; i++) {
            index[k] = i;
            first(k + 1);
        }
    }

    private double body() {
        for (int r = 0; r < readIds.length; r++) {
            Access a = reads[r];
            v[readIds[r]] = a.data[a.offset(index)];
        }
        for (int i = 0; i < indexIds.length; i++) {
            v[indexIds[i]] = index[indexSlots[i]];
        }
        for (Node n : computed) {
            v[n.id()] = Evaluator.value(n, v);
        }
        return v[result];
    }
}
