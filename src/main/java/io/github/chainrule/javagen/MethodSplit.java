package io.github.chainrule.javagen;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How {@link FlatStatements} are split into methods small enough for the JIT. Statements whose
 * estimated bytecode fits {@link #BUDGET} are emitted straight into their public method. A larger
 * one is cut, in order, into parts of at most that size; values that cross from one part to a later
 * one (and the inputs, seeds and results) live in slots of a per-thread work area, {@code
 * double[][]} in blocks of {@link #BLOCK} (so every index is a sipush). A part loads what it reads
 * from slots into locals, computes, and stores what later parts or the caller need.
 *
 * <p>Slots: the inputs first, then the seeds, then one per result (contiguous, so the caller copies
 * results out with {@code System.arraycopy}), then the values that cross parts.
 */
final class MethodSplit {
    /** Estimated bytecode per method; HotSpot does not compile methods over 8,000 bytes. */
    static final int BUDGET = 7500;

    static final int BLOCK = JavaLiterals.TABLE_SIZE;

    /** A store into a slot: aload of the block, sipush, dload, dastore. */
    private static final int EXPORT_BYTES = 10;

    /**
     * What every part spends besides its statements: the return, and the locals holding blocks of
     * the work area.
     */
    private static final int PART_BYTES = 40;

    /**
     * One part: items {@code [from, to)}, where items are the statements followed by the stores of
     * results that are literals, inputs or seeds ({@link #leafSinks}).
     */
    record Part(int from, int to) {}

    private final FlatStatements statements;
    private final List<Part> parts;
    private final int[] slot;
    private final boolean[] handedOn;
    private final List<Integer> leafSinks;
    private final int sinkBase;
    private final int slots;

    private MethodSplit(
            FlatStatements statements,
            List<Part> parts,
            int[] partOf,
            int[] lastUsePart,
            List<Integer> leafSinks) {
        this.statements = statements;
        this.parts = parts;
        this.leafSinks = leafSinks;
        int values = statements.values().size();
        this.slot = new int[values];
        Arrays.fill(slot, -1);
        this.handedOn = new boolean[values];
        int next = 0;
        for (int v = 0; v < values; v++) {
            if (statements.values().get(v).kind() != FlatStatements.Kind.TEMP) {
                slot[v] = next++;
            }
        }
        this.sinkBase = next;
        next += statements.sinks().size();
        for (int v = 0; v < values; v++) {
            if (statements.values().get(v).kind() == FlatStatements.Kind.TEMP
                    && lastUsePart[v] > partOf[v]) {
                slot[v] = next++;
                handedOn[v] = true;
            }
        }
        this.slots = next;
    }

    /**
     * Whether {@code s} fits in one method whose parameters take {@code paramSlots} local slots.
     */
    static boolean fitsOneMethod(
            FlatStatements s, BytecodeSize code, int paramSlots, boolean inputsFromArray) {
        Frame f = new Frame(paramSlots);
        int bytes = 150; // argument checks and the return
        int inputs = s.inputCount() + s.seedCount();
        for (int v = 0; v < inputs; v++) {
            if (inputsFromArray) {
                bytes += 2 + 3 + 1 + f.declare(v, false);
            } else {
                f.bind(v, 2);
            }
        }
        for (Statement st : s.stmts()) {
            bytes +=
                    code.bytes(st.expr(), f::load)
                            + f.declare(st.value(), s.values().get(st.value()).bool());
            if (bytes > BUDGET) {
                return false;
            }
        }
        for (Code sink : s.sinks()) {
            bytes += 13 + code.bytes(sink, f::load);
        }
        return bytes <= BUDGET;
    }

    /** Cuts {@code s} into parts that each fit {@link #BUDGET}. */
    static MethodSplit of(FlatStatements s, BytecodeSize code) {
        List<Statement> stmts = s.stmts();
        int values = s.values().size();
        List<Integer> leafSinks = new ArrayList<>();
        for (int j = 0; j < s.sinks().size(); j++) {
            if (!(s.sinks().get(j) instanceof Code.Ref r)
                    || s.values().get(r.value()).kind() != FlatStatements.Kind.TEMP) {
                leafSinks.add(j);
            }
        }
        int items = stmts.size() + leafSinks.size();
        int[] definedAt = new int[values];
        Arrays.fill(definedAt, -1);
        int[] lastUse = new int[values];
        Arrays.fill(lastUse, -1);
        for (int i = 0; i < stmts.size(); i++) {
            definedAt[stmts.get(i).value()] = i;
            int at = i;
            stmts.get(i).expr().forEachRef(v -> lastUse[v] = Math.max(lastUse[v], at));
        }
        for (Code sink : s.sinks()) {
            sink.forEachRef(v -> lastUse[v] = Integer.MAX_VALUE);
        }

        // stores of results: one per result a value is, and one more in case a later part reads it
        int[] exportBytes = new int[values];
        for (int v = 0; v < values; v++) {
            exportBytes[v] = EXPORT_BYTES + (s.values().get(v).bool() ? 8 : 0);
        }
        for (Code sink : s.sinks()) {
            if (sink instanceof Code.Ref r) {
                exportBytes[r.value()] += EXPORT_BYTES;
            }
        }

        List<Part> parts = new ArrayList<>();
        int[] partOf = new int[values];
        Arrays.fill(partOf, -1);
        // the stores the part would end with if it ended now: values it computes that are read
        // after
        // the current item; dropBytes[i] are those whose last reader is item i (valid for
        // dropPart[i])
        int[] dropBytes = new int[items];
        int[] dropPart = new int[items];
        Arrays.fill(dropPart, -1);
        int pending = 0;
        Frame f = null;
        int bytes = 0;
        int from = 0;
        for (int i = 0; i < items; i++) {
            for (int attempt = 0; ; attempt++) {
                if (f == null) {
                    f = new Frame(1);
                    bytes = PART_BYTES;
                    pending = 0;
                }
                int part = parts.size();
                int mark = f.mark();
                int cost = 0;
                int trialPending = pending - (dropPart[i] == part ? dropBytes[i] : 0);
                if (i < stmts.size()) {
                    Statement st = stmts.get(i);
                    cost += importBytes(f, st.expr(), s);
                    cost += code.bytes(st.expr(), f::load);
                    cost += f.declare(st.value(), s.values().get(st.value()).bool());
                    if (lastUse[st.value()] > i) {
                        trialPending += exportBytes[st.value()];
                    }
                } else {
                    Code sink = s.sinks().get(leafSinks.get(i - stmts.size()));
                    cost += importBytes(f, sink, s) + code.bytes(sink, f::load) + EXPORT_BYTES;
                }
                if (bytes + cost + trialPending <= BUDGET || i == from) {
                    bytes += cost;
                    pending = trialPending;
                    if (i < stmts.size()) {
                        int last = lastUse[stmts.get(i).value()];
                        if (last > i && last < items) {
                            if (dropPart[last] != part) {
                                dropPart[last] = part;
                                dropBytes[last] = 0;
                            }
                            dropBytes[last] += exportBytes[stmts.get(i).value()];
                        }
                    }
                    break;
                }
                if (attempt > 0) {
                    throw new AssertionError("one statement exceeds a method's budget");
                }
                f.rollback(mark);
                parts.add(new Part(from, i));
                from = i;
                f = null;
            }
            if (i < stmts.size()) {
                partOf[stmts.get(i).value()] = parts.size();
            }
        }
        if (items > from || parts.isEmpty()) {
            parts.add(new Part(from, items));
        }
        // the part of each item, to find the values that must be handed from one part to another
        int[] partOfItem = new int[items];
        for (int p = 0; p < parts.size(); p++) {
            Arrays.fill(partOfItem, parts.get(p).from(), parts.get(p).to(), p);
        }
        // the last part whose statements read each value: a result that no later part reads is
        // stored only into its result's slot, where it is computed (a slot of its own would be a
        // store nothing loads: one per gradient element of rosenbrock100)
        int[] lastUsePart = new int[values];
        Arrays.fill(lastUsePart, -1);
        for (int i = 0; i < stmts.size(); i++) {
            int p = partOfItem[i];
            stmts.get(i).expr().forEachRef(v -> lastUsePart[v] = Math.max(lastUsePart[v], p));
        }
        return new MethodSplit(s, parts, partOf, lastUsePart, leafSinks);
    }

    /** Loads of values the part has not seen: a block's array, then the slot into a local. */
    private static int importBytes(Frame f, Code c, FlatStatements s) {
        int[] bytes = {0};
        c.forEachRef(
                v -> {
                    if (!f.has(v)) {
                        bytes[0] +=
                                2
                                        + 3
                                        + 1
                                        + (s.values().get(v).bool()
                                                ? 10
                                                : 0); // aload of the block, sipush, daload
                        bytes[0] += f.declare(v, s.values().get(v).bool());
                    }
                });
        return bytes[0];
    }

    List<Part> parts() {
        return parts;
    }

    FlatStatements statements() {
        return statements;
    }

    /**
     * The work slot of an input, seed or value handed between parts; -1 for a part's own locals.
     */
    int slot(int value) {
        return slot[value];
    }

    /** Whether a temporary is stored in a slot by the part that computes it. */
    boolean handedOn(int value) {
        return handedOn[value];
    }

    /** The slot of result {@code j}. */
    int sinkSlot(int j) {
        return sinkBase + j;
    }

    int sinkBase() {
        return sinkBase;
    }

    /** Results that are literals, inputs or seeds, stored by the items after the statements. */
    List<Integer> leafSinks() {
        return leafSinks;
    }

    int slots() {
        return slots;
    }

    /**
     * javac's local variable slots in straight-line code, in order of declaration: an int or a
     * reference takes one, a double two. Only sizes are modelled, not the code.
     */
    static final class Frame {
        private final Map<Integer, Integer> slots = new HashMap<>();
        private final List<Integer> order = new ArrayList<>();
        private int next;

        Frame(int first) {
            next = first;
        }

        boolean has(int value) {
            return slots.containsKey(value);
        }

        void bind(int value, int width) {
            slots.put(value, next);
            order.add(value);
            next += width;
        }

        /** Declares a local for {@code value}: the bytes of the store. */
        int declare(int value, boolean bool) {
            int at = next;
            bind(value, bool ? 1 : 2);
            return BytecodeSize.localBytes(at);
        }

        int load(int value) {
            Integer at = slots.get(value);
            return BytecodeSize.localBytes(at == null ? 65535 : at);
        }

        int mark() {
            return order.size();
        }

        /** Forgets the locals declared since {@code mark}. */
        void rollback(int mark) {
            while (order.size() > mark) {
                int v = order.remove(order.size() - 1);
                next = slots.remove(v);
            }
        }
    }
}
