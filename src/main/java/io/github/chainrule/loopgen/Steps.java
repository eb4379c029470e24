package io.github.chainrule.loopgen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.TypeName;
import io.github.chainrule.graph.Graph;
import io.github.chainrule.indexed.Affine;
import io.github.chainrule.indexed.IndexedProgram;
import io.github.chainrule.javagen.LoopBody;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import javax.lang.model.element.Modifier;

/**
 * The steps of a pass (the forward pass, or one output's backward pass) as private methods, one per
 * step: a statement's loop nest, or a recurrence's position loop running its statements at each
 * position (backwards in a backward pass). Each method takes the thread's work space and reads what
 * its loops use into locals first, so the loops see only locals and the JIT keeps them in
 * registers. One method per step keeps every method small, whatever the program's length, and the
 * same size whatever the sizes' values.
 */
final class Steps {
    /**
     * A recurrence whose statements' code is longer than this many characters runs each statement
     * in a method of its own, called at each position, so that no method passes the JIT's limit.
     */
    static final int RECURRENCE_INLINE_CHARS = 6000;

    private final Model m;
    private final ClassName work;
    private final List<MethodSpec> methods = new ArrayList<>();
    private final List<String> calls = new ArrayList<>();

    /**
     * Scalar arrays that hold exactly 1.0 while the pass runs (the gradient's seed, which nothing
     * adds to): read as the literal, which the JIT multiplies away ({@code x * 1.0} is {@code x},
     * bit for bit) where a load from the work space would be multiplied at every point.
     */
    private final java.util.Set<String> ones;

    private final NameAllocator methodNames;

    private Steps(Model m, java.util.Set<String> ones, NameAllocator methodNames) {
        this.m = m;
        this.work = ClassName.get("", m.workClass);
        this.ones = ones;
        this.methodNames = methodNames;
    }

    /**
     * The methods of {@code units}, named {@code prefix0}, {@code prefix1}, … (names taken from
     * {@code methodNames}), and the names to call, in order. A unit already written by an earlier
     * pass (the same statements, stored the same way, found in {@code written}) is called, not
     * written again.
     */
    static Steps of(
            Model m,
            List<Schedule.Unit> units,
            String prefix,
            NameAllocator methodNames,
            Map<List<Object>, String> written) {
        return of(m, units, prefix, methodNames, written, java.util.Set.of());
    }

    /**
     * As {@link #of(Model, List, String, NameAllocator, Map)}, the scalar arrays {@code ones}
     * holding 1.0 throughout (none of the units may write them).
     */
    static Steps of(
            Model m,
            List<Schedule.Unit> units,
            String prefix,
            NameAllocator methodNames,
            Map<List<Object>, String> written,
            java.util.Set<String> ones) {
        return of(m, units, prefix, methodNames, written, ones, false);
    }

    /**
     * As {@link #of(Model, List, String, NameAllocator, Map, java.util.Set)}; where {@code
     * soleReader}, nothing but these units reads the arrays they write (but the outputs, which the
     * public methods read), so a forward recurrence need not store the elements that no later unit
     * reads ({@link Carried.Chain#storedLast}).
     */
    static Steps of(
            Model m,
            List<Schedule.Unit> units,
            String prefix,
            NameAllocator methodNames,
            Map<List<Object>, String> written,
            java.util.Set<String> ones,
            boolean soleReader) {
        Steps s = new Steps(m, ones, methodNames);
        int count = 0;
        for (int k = 0; k < units.size(); k++) {
            Schedule.Unit unit = units.get(k);
            List<Object> key = key(unit);
            Map<String, java.util.Set<List<Affine>>> laterReads = null;
            if (soleReader && unit instanceof Schedule.Loop l && !l.backwards()) {
                laterReads = laterReads(m, l.recurrence(), units.subList(k + 1, units.size()));
                key.add(laterReads);
            }
            // a unit that reads a 1.0 as the literal is not the method that reads the array
            for (IndexedProgram.Statement st : Schedule.statements(unit)) {
                if (ones.contains(st.target())) {
                    throw new IllegalArgumentException(st.target() + " is written: not 1.0");
                }
                st.reads().values().stream()
                        .map(IndexedProgram.Read::array)
                        .filter(ones::contains)
                        .distinct()
                        .forEach(a -> key.add("1.0: " + a));
            }
            String done = written.get(key);
            if (done != null) {
                s.calls.add(done);
                continue;
            }
            String name = methodNames.newName(prefix + count++);
            s.calls.add(name);
            written.put(key, name);
            if (unit instanceof Schedule.Group g) {
                s.group(name, g);
            } else if (unit instanceof Schedule.Loop l) {
                s.recurrence(name, l.recurrence(), l.backwards(), methodNames, laterReads);
            } else {
                throw new AssertionError(unit);
            }
        }
        return s;
    }

    /**
     * The arrays {@code r} writes that the units after it read only at elements fixed in their
     * statements, not moving with an index, and the subscripts of those reads (empty where they do
     * not read it); absent are the outputs and the arrays read where an index moves the element.
     */
    private static Map<String, java.util.Set<List<Affine>>> laterReads(
            Model m, IndexedProgram.Recurrence r, List<Schedule.Unit> later) {
        Map<String, java.util.Set<List<Affine>>> out = new LinkedHashMap<>();
        for (IndexedProgram.Statement st : r.statements()) {
            if (!m.program.outputs().contains(st.target())) {
                out.put(st.target(), new java.util.LinkedHashSet<>());
            }
        }
        for (Schedule.Unit u : later) {
            for (IndexedProgram.Statement st : Schedule.statements(u)) {
                for (IndexedProgram.Read read : st.reads().values()) {
                    java.util.Set<List<Affine>> at = out.get(read.array());
                    if (at == null) {
                        continue;
                    }
                    boolean moves =
                            read.subscripts().stream()
                                    .anyMatch(
                                            sub ->
                                                    st.domain().stream()
                                                            .anyMatch(
                                                                    b -> sub.mentions(b.index())));
                    if (moves) {
                        out.remove(read.array());
                    } else {
                        at.add(read.subscripts());
                    }
                }
            }
        }
        return out;
    }

    /** What makes two units the same method: their statements (by identity) and how they run. */
    private static List<Object> key(Schedule.Unit unit) {
        List<Object> key = new ArrayList<>();
        if (unit instanceof Schedule.Group g) {
            g.statements().forEach(st -> key.add(new Identity(st)));
            key.addAll(g.stores());
        } else if (unit instanceof Schedule.Loop l) {
            key.add(new Identity(l.recurrence()));
            key.add(l.backwards());
        }
        return key;
    }

    /** An object compared by identity: statements that are equal records may differ in meaning. */
    private record Identity(Object of) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Identity i && i.of == of;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(of);
        }
    }

    /** Whether a nest of these steps runs in chunks over the cores ({@link Chunked}). */
    boolean splits() {
        return splits;
    }

    private boolean splits;

    List<MethodSpec> methods() {
        return methods;
    }

    List<String> calls() {
        return calls;
    }

    /** The locals a step reads from the work space, declared in the order first used. */
    private final class Uses implements StatementCode.Context {
        final Map<String, String> declarations = new LinkedHashMap<>();

        /** In a chunk's method: the outer range's symbols, and the arrays given as parameters. */
        final Map<String, String> symbols = new LinkedHashMap<>();

        final Map<String, StatementCode.Binding> given = new LinkedHashMap<>();

        /** The elements a recurrence keeps in locals. */
        Carried carried = Carried.none();

        /** Whether the code asking is only measured, not emitted: its accesses are not slotted. */
        boolean probing;

        @Override
        public String local(String array, List<Affine> subscripts, String position) {
            return carried.local(array, subscripts, position);
        }

        @Override
        public Long slot(String array, Poly offset) {
            return probing ? null : m.windows.slot(array, offset);
        }

        @Override
        public Graph graph() {
            return m.program.graph();
        }

        @Override
        public boolean isSize(String name) {
            return symbols.containsKey(name) || m.fixed.containsKey(name) || m.dims.contains(name);
        }

        @Override
        public String size(String name) {
            if (symbols.containsKey(name)) {
                return symbols.get(name);
            }
            if (m.fixed.containsKey(name)) {
                return m.java(name);
            }
            if (!m.dims.contains(name)) {
                throw new IllegalArgumentException(name + " is not a size");
            }
            return load("int", m.java(name));
        }

        private String load(String type, String field) {
            declarations.putIfAbsent(field, type + " " + field + " = " + m.work + "." + field);
            return field;
        }

        @Override
        public StatementCode.Binding binding(String name) {
            if (ones.contains(name)) {
                return new StatementCode.ScalarValue("1.0");
            }
            if (given.containsKey(name)) {
                return given.get(name);
            }
            if (m.inputs.containsKey(name)) {
                IndexedProgram.Array a = m.inputs.get(name);
                if (a.isScalar()) {
                    return new StatementCode.ScalarValue(load("double", m.java(name)));
                }
                return new StatementCode.ArrayBinding(
                        load("double[]", m.java(name)), a.extents(), load("int", m.at(name)));
            }
            if (m.arrays.containsKey(name)) {
                return new StatementCode.ArrayBinding(
                        load("double[]", m.java(name)), m.arrays.get(name).extents(), null);
            }
            if (m.adjointArrays.containsKey(name)) {
                return new StatementCode.ArrayBinding(
                        load("double[]", m.java(name)), m.adjointArrays.get(name).extents(), null);
            }
            if (m.tangentArrays.containsKey(name)) {
                return new StatementCode.ArrayBinding(
                        load("double[]", m.java(name)), m.tangentArrays.get(name).extents(), null);
            }
            String wrt = m.wrtOfAdjoint.get(name);
            if (wrt != null) {
                List<Affine> extents = m.inputs.get(wrt).extents();
                return new StatementCode.ArrayBinding(
                        load("double[]", m.grad), extents, load("int", m.gradAt(wrt)));
            }
            throw new IllegalArgumentException("no array " + name);
        }
    }

    private MethodSpec.Builder method(String name, String doc) {
        return MethodSpec.methodBuilder(name)
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .addJavadoc("$L\n", doc)
                .addParameter(work, m.work);
    }

    private static CodeBlock declarations(Uses uses) {
        CodeBlock.Builder b = CodeBlock.builder();
        for (String d : uses.declarations.values()) {
            b.addStatement("$L", d);
        }
        return b.build();
    }

    private void group(String name, Schedule.Group g) {
        String doc = groupDoc(g);
        java.util.Optional<Chunked.Plan> plan =
                m.chunked == null ? java.util.Optional.empty() : Chunked.plan(m, g);
        if (plan.isPresent()) {
            chunked(name, g, plan.get(), doc);
            return;
        }
        Uses uses = new Uses();
        CodeBlock body = StatementCode.of(g.statements(), g.stores(), uses, m.base.clone(), null);
        methods.add(method(name, doc).addCode(declarations(uses)).addCode(body).build());
    }

    /**
     * A nest split over the cores ({@link Chunked}): the method {@code name} cutting the outer
     * range into chunks and adding the partial sums, and the nest itself over one chunk, in a
     * method of its own taking the chunk's range and where each array it sums into starts.
     */
    private void chunked(String name, Schedule.Group g, Chunked.Plan plan, String doc) {
        splits = true;
        String chunkMethod = methodNames.newName(name + "Chunk");
        NameAllocator names = m.base.clone();
        Uses uses = new Uses();
        String lo = names.newName("lo");
        String hi = names.newName("hi");
        uses.symbols.put(Chunked.LO, lo);
        uses.symbols.put(Chunked.HI, hi);
        MethodSpec.Builder mb =
                method(
                                chunkMethod,
                                doc
                                        + "\n<br>The outer iterations lo..hi, adding each sum over"
                                        + " them into the array given.")
                        .addParameter(TypeName.INT, lo)
                        .addParameter(TypeName.INT, hi);
        for (String r : plan.reduced()) {
            String array = names.newName("sums");
            String start = names.newName(array + "At");
            mb.addParameter(LoopEmitter.DOUBLE_ARRAY, array).addParameter(TypeName.INT, start);
            uses.given.put(r, new StatementCode.ArrayBinding(array, m.array(r).extents(), start));
        }
        CodeBlock body =
                StatementCode.of(Chunked.overChunk(g.statements()), g.stores(), uses, names, null);
        methods.add(
                method(
                                name,
                                doc
                                        + "\n<br>Split over the cores in chunks of fixed length;"
                                        + " partial sums added in chunk order.")
                        .addCode(Chunked.dispatch(m, plan, chunkMethod))
                        .build());
        methods.add(mb.addCode(declarations(uses)).addCode(body).build());
    }

    private static String groupDoc(Schedule.Group g) {
        StringBuilder doc = new StringBuilder();
        for (int i = 0; i < g.statements().size(); i++) {
            IndexedProgram.Statement s = g.statements().get(i);
            doc.append(i == 0 ? "" : "\n<br>")
                    .append("Line ")
                    .append(s.line())
                    .append(": ")
                    .append(LoopBody.escapeDoc(describe(s)))
                    .append(g.stores().get(i) ? " (stored: nothing wrote it before)" : "")
                    .append('.');
        }
        if (g.statements().size() > 1) {
            doc.append("\n<br>One loop nest: they share their domain, and none reads what another")
                    .append(" writes.");
        }
        return doc.toString();
    }

    private void recurrence(
            String name,
            IndexedProgram.Recurrence r,
            boolean backwards,
            NameAllocator methodNames,
            Map<String, java.util.Set<List<Affine>>> laterReads) {
        Uses uses = new Uses();
        NameAllocator names = m.base.clone();
        String position = names.newName(r.statements().get(0).domain().get(0).index());
        UnaryOperator<String> sizes = uses::size;
        String lo = Poly.of(r.lo()).java(sizes, false);
        String hi = Poly.of(r.hi()).java(sizes, false);
        List<CodeBlock> blocks = new ArrayList<>();
        int chars = 0;
        // the statements' length decides how the recurrence is written: this code is not emitted,
        // so its accesses are not recorded (Windows)
        uses.probing = true;
        for (IndexedProgram.Statement s : r.statements()) {
            chars += StatementCode.of(s, uses, names.clone(), position).toString().length();
        }
        uses.probing = false;
        boolean inline = chars <= RECURRENCE_INLINE_CHARS;
        Carried carried =
                inline ? Carried.plan(m, r, backwards, names, laterReads) : Carried.none();
        boolean joint = false;
        if (inline) {
            uses.carried = carried;
            joint = !carried.isEmpty() && carried.readsNothingWritten(r);
            if (joint) {
                // what the statements share is computed once at each position
                List<Boolean> adds = new ArrayList<>();
                r.statements().forEach(x -> adds.add(false));
                blocks.add(StatementCode.of(r.statements(), adds, uses, names.clone(), position));
            } else {
                for (IndexedProgram.Statement s : r.statements()) {
                    blocks.add(StatementCode.of(s, uses, names.clone(), position));
                }
            }
        }
        CodeBlock.Builder b = CodeBlock.builder();
        String first = backwards ? hi + " - 1" : lo;
        if (!carried.isEmpty()) {
            // the locals are loaded before the first position, which exists
            b.beginControlFlow("if ($L < $L)", lo, hi);
            for (Carried.Invariant v : carried.invariants()) {
                b.addStatement(
                        "double $N = $L",
                        v.local(),
                        element(uses, v.array(), v.subscripts(), null, null));
            }
            for (Carried.Chain c : carried.chains()) {
                if (c.last() != null) {
                    b.addStatement(
                            "double $N = $L",
                            c.last(),
                            element(
                                    uses,
                                    c.array(),
                                    c.subscript(c.lastAt()),
                                    first,
                                    backwards ? r.hi().plus(-1) : r.lo()));
                }
            }
        }
        if (backwards) {
            b.beginControlFlow(
                    "for (int $N = $L - 1; $N >= $L; $N--)", position, hi, position, lo, position);
        } else {
            b.beginControlFlow(
                    "for (int $N = $L; $N < $L; $N++)", position, lo, position, hi, position);
        }
        for (Carried.Chain c : carried.chains()) {
            b.addStatement(
                    "double $N = $L",
                    c.here(),
                    c.load()
                            ? element(uses, c.array(), c.subscript(c.hereAt()), position, null)
                            : "0.0");
        }
        if (joint) {
            for (IndexedProgram.Statement s : r.statements()) {
                b.add("// line $L: $L\n", s.line(), describe(s));
            }
            b.add(blocks.get(0));
        } else if (inline) {
            for (int i = 0; i < blocks.size(); i++) {
                IndexedProgram.Statement s = r.statements().get(i);
                b.add("// line $L: $L\n", s.line(), describe(s));
                if (blocks.size() == 1) {
                    b.add(blocks.get(i));
                } else {
                    b.add("{\n$>").add(blocks.get(i)).add("$<}\n");
                }
            }
        } else {
            // one method per statement, each reading its own locals, called at each position
            for (IndexedProgram.Statement s : r.statements()) {
                String part = methodNames.newName(name + "s");
                Uses own = new Uses();
                NameAllocator partNames = m.base.clone();
                String p = partNames.newName(position);
                CodeBlock c = StatementCode.of(s, own, partNames, p);
                methods.add(
                        method(
                                        part,
                                        "Line "
                                                + s.line()
                                                + ", at one position: "
                                                + LoopBody.escapeDoc(describe(s))
                                                + ".")
                                .addParameter(TypeName.INT, p)
                                .addCode(declarations(own))
                                .addCode(c)
                                .build());
                b.addStatement("$N($N, $N)", part, m.work, position);
            }
        }
        for (Carried.Chain c : carried.chains()) {
            // stored for what reads the array after the recurrence; carried to the next position
            if (!c.storedLast()) {
                b.addStatement(
                        "$L = $N",
                        element(uses, c.array(), c.subscript(c.hereAt()), position, null),
                        c.here());
            }
            if (c.last() != null) {
                b.addStatement("$N = $N", c.last(), c.here());
            }
        }
        b.endControlFlow();
        if (!carried.isEmpty()) {
            for (Carried.Chain c : carried.chains()) {
                if (c.storedLast()) {
                    // what is read after the recurrence: the element the last position wrote
                    b.addStatement(
                            "$L = $N",
                            element(
                                    uses,
                                    c.array(),
                                    c.subscript(c.hereAt()),
                                    hi + " - 1",
                                    r.hi().plus(-1)),
                            c.last());
                }
            }
            for (Carried.Invariant v : carried.invariants()) {
                if (v.written()) {
                    b.addStatement(
                            "$L = $N",
                            element(uses, v.array(), v.subscripts(), null, null),
                            v.local());
                }
            }
            b.endControlFlow();
        }
        String doc =
                backwards
                        ? "A recurrence's backward pass: its positions from last to first."
                        : "A recurrence: its statements at each position, in order.";
        if (!carried.isEmpty()) {
            doc +=
                    " The elements it uses at every position, and those one position hands the"
                            + " next, live in locals (the same operations in the same order).";
        }
        methods.add(method(name, doc).addCode(declarations(uses)).addCode(b.build()).build());
    }

    /**
     * {@code array[subscripts]} as Java, the position binder (written {@link Carried#POSITION} in
     * the subscripts) standing for {@code position}, whose value is {@code at} in the sizes (null
     * for the position loop's variable).
     */
    private String element(
            Uses uses, String array, List<Affine> subscripts, String position, Affine at) {
        StatementCode.ArrayBinding a = (StatementCode.ArrayBinding) uses.binding(array);
        boolean moves =
                at == null && subscripts.stream().anyMatch(x -> x.mentions(Carried.POSITION));
        Poly value = Poly.constant(0);
        Poly step = Poly.constant(1);
        for (int d = subscripts.size() - 1; d >= 0 && !moves; d--) {
            Affine sub =
                    at == null
                            ? subscripts.get(d)
                            : subscripts.get(d).substitute(Carried.POSITION, at);
            value = value.plus(Poly.of(sub).times(step));
            step = step.times(Poly.of(a.extents().get(d)));
        }
        Long slot = uses.slot(array, moves ? null : value);
        if (slot != null) {
            return a.java() + "[" + slot + "]";
        }
        Poly offset = Poly.constant(0);
        Poly stride = Poly.constant(1);
        for (int d = subscripts.size() - 1; d >= 0; d--) {
            Affine sub = subscripts.get(d);
            Poly p = Poly.constant(sub.constant());
            for (Map.Entry<String, Long> t : sub.terms().entrySet()) {
                p = p.plus(Poly.of(Affine.symbol(t.getKey())).times(t.getValue()));
            }
            offset = offset.plus(p.times(stride));
            stride = stride.times(Poly.of(a.extents().get(d)));
        }
        String pos =
                position == null || position.matches("[A-Za-z0-9_]+")
                        ? position
                        : "(" + position + ")";
        String text = offset.java(x -> x.equals(Carried.POSITION) ? pos : uses.size(x), false);
        if (a.start() != null) {
            text = offset.isZero() ? a.start() : a.start() + " + " + text;
        }
        return a.java() + "[" + text + "]";
    }

    /** A statement as the report writes it, for a comment: {@code a[j] = ...} with its ranges. */
    static String describe(IndexedProgram.Statement s) {
        StringBuilder out = new StringBuilder(safe(s.target()));
        if (!s.lhs().isEmpty()) {
            List<String> subs = new ArrayList<>();
            s.lhs().forEach(a -> subs.add(a.toString()));
            out.append('[').append(String.join(", ", subs)).append(']');
        }
        boolean accumulates = s.accumulates();
        out.append(accumulates ? " +=" : " =");
        if (s.reduce().isPresent()) {
            out.append(' ').append(s.reduce().get().name().toLowerCase(java.util.Locale.ROOT));
            out.append(" over ").append(ranges(s, s.reduceFrom(), s.domain().size()));
            if (s.reduceFrom() > 0) {
                out.append(", for ").append(ranges(s, 0, s.reduceFrom()));
            }
        } else if (!s.domain().isEmpty()) {
            out.append(" ... for ").append(ranges(s, 0, s.domain().size()));
        } else {
            out.append(" ...");
        }
        return out.toString();
    }

    private static String ranges(IndexedProgram.Statement s, int from, int to) {
        List<String> parts = new ArrayList<>();
        for (int k = from; k < to; k++) {
            IndexedProgram.Binder b = s.domain().get(k);
            parts.add(safe(b.index()) + " in " + b.lo() + ".." + b.hi());
        }
        return String.join(", ", parts);
    }

    /** Names in comments: only what cannot end a comment or start an escape. */
    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9_@/]", "?").replace("*/", "?/");
    }
}
