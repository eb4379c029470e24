package io.github.chainrule.loopgen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.TypeName;
import io.github.chainrule.indexed.Affine;
import io.github.chainrule.indexed.IndexedProgram;
import io.github.chainrule.indexed.IndexedProgram.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Which loop nests a class generated with {@code --parallel} splits over the machine's cores (the
 * README's "Beyond one core"): a nest whose outer loop runs over a runtime size, in which every
 * write either goes to an element of its own outer iteration ({@code z[s] = ...}: the chunks write
 * different elements, the same bits as one loop) or adds into an element no outer iteration owns (a
 * sum over the outer index, {@code L = sum(... for s)}, {@code dL/dw[f] += ... for s, f}: each
 * chunk adds into partial sums of its own, and the partials are added in chunk order afterwards),
 * and nothing written is read. The outer range is cut into chunks of a fixed length that depends on
 * the sizes only, so the result is the same, bit for bit, whatever the number of threads.
 */
final class Chunked {
    /**
     * The outer iterations of a chunk, at least: a quarter of a millisecond of logreg's loop, so
     * that handing a chunk to another thread (a few microseconds) is cheap beside it.
     */
    static final int CHUNK = 8192;

    /**
     * A chunk is also at least this many times the elements of its partial sums, so that adding the
     * partials afterwards stays small beside the chunk's own work.
     */
    static final int PARTIAL_FACTOR = 8;

    /** The binder symbols of a chunk's outer range, never a program's names. */
    static final String LO = "#lo";

    static final String HI = "#hi";

    /**
     * The names a parallel class adds: the constant {@link #CHUNK}, the work space's partial sums
     * and the method growing them, and the work space's flag saying a thread waits for its chunks.
     */
    record Names(String chunk, String partials, String partialsMethod, String busy) {}

    /**
     * A nest to split: its outer binder, and the arrays it adds into with elements no outer
     * iteration owns (each chunk but the first adds into partial sums of its own), in order.
     */
    record Plan(IndexedProgram.Binder outer, List<String> reduced) {}

    private Chunked() {}

    /** How {@code g} runs in chunks, or empty where it must run as one loop. */
    static Optional<Plan> plan(Model m, Schedule.Group g) {
        Statement first = g.statements().get(0);
        if (first.domain().isEmpty()) {
            return Optional.empty();
        }
        IndexedProgram.Binder outer = first.domain().get(0);
        String i = outer.index();
        boolean runtime =
                m.dims.stream().anyMatch(d -> outer.lo().mentions(d) || outer.hi().mentions(d));
        if (!runtime) {
            return Optional.empty();
        }
        Set<String> written = new LinkedHashSet<>();
        g.statements().forEach(s -> written.add(s.target()));
        Set<String> reduced = new LinkedHashSet<>();
        for (int k = 0; k < g.statements().size(); k++) {
            Statement s = g.statements().get(k);
            if (s.reads().values().stream().anyMatch(r -> written.contains(r.array()))) {
                return Optional.empty();
            }
            if (s.store() instanceof IndexedProgram.Accumulate a
                    && a.firstWhere().isPresent()
                    && a.firstFrom() == 0) {
                return Optional.empty(); // the first point over the whole range: not per chunk
            }
            boolean owned = s.lhs().stream().anyMatch(e -> e.equals(Affine.symbol(i)));
            boolean mentions = s.lhs().stream().anyMatch(e -> e.mentions(i));
            if (owned) {
                continue;
            }
            if (mentions || !sumOverOuter(s)) {
                return Optional.empty();
            }
            boolean innerMoves =
                    s.domain().stream()
                            .skip(1)
                            .anyMatch(b -> b.lo().mentions(i) || b.hi().mentions(i));
            if (g.stores().get(k) && innerMoves) {
                // the first chunk might not store every element the others add to
                return Optional.empty();
            }
            reduced.add(s.target());
        }
        for (int k = 0; k < g.statements().size(); k++) {
            Statement s = g.statements().get(k);
            boolean owned = s.lhs().stream().anyMatch(e -> e.equals(Affine.symbol(i)));
            if (owned && reduced.contains(s.target()) && (!s.accumulates() || g.stores().get(k))) {
                // in another chunk's partial sums, a stored element would be added to the array's
                return Optional.empty();
            }
        }
        return Optional.of(new Plan(outer, new ArrayList<>(reduced)));
    }

    /** Whether {@code s}'s element sums over the outer index: added to at each point, or a sum. */
    private static boolean sumOverOuter(Statement s) {
        if (s.reduce().isPresent()) {
            return s.reduce().get() == IndexedProgram.ReduceOp.SUM && s.reduceFrom() == 0;
        }
        return s.accumulates();
    }

    /** {@code statements} with the outer binder's range the symbols {@link #LO}, {@link #HI}. */
    static List<Statement> overChunk(List<Statement> statements) {
        List<Statement> out = new ArrayList<>();
        for (Statement s : statements) {
            List<IndexedProgram.Binder> domain = new ArrayList<>(s.domain());
            IndexedProgram.Binder outer = domain.get(0);
            domain.set(
                    0,
                    new IndexedProgram.Binder(outer.index(), Affine.symbol(LO), Affine.symbol(HI)));
            out.add(
                    new Statement(
                            s.target(),
                            s.lhs(),
                            domain,
                            s.reduce(),
                            s.reduceFrom(),
                            s.body(),
                            s.reads(),
                            s.line(),
                            s.store()));
        }
        return out;
    }

    static final ClassName INT_STREAM = ClassName.get("java.util.stream", "IntStream");

    /**
     * The body of a split nest's method: one chunk runs inline; more run on the fork-join pool (the
     * common pool, or the pool of the task calling), the first adding into the arrays themselves,
     * each other one into partial sums of its own, zeroed first; then the partial sums are added to
     * the arrays in chunk order. An element a chunk left at zero is not added, so the elements the
     * nest does not write keep their bits.
     */
    static CodeBlock dispatch(Model m, Plan plan, String chunkMethod) {
        NameAllocator names = m.base.clone();
        String work = m.work;
        String lo = names.newName("lo");
        String hi = names.newName("hi");
        String length = names.newName("length");
        String chunks = names.newName("chunks");
        String partials = names.newName("parts");
        String c = names.newName("c");
        String from = names.newName("from");
        String to = names.newName("to");
        String k = names.newName("k");
        int count = plan.reduced().size();
        List<String> arrays = new ArrayList<>();
        List<String> starts = new ArrayList<>();
        List<Poly> lengths = new ArrayList<>();
        List<String> sums = new ArrayList<>();
        for (String r : plan.reduced()) {
            String wrt = m.wrtOfAdjoint.get(r);
            arrays.add(work + "." + (wrt != null ? m.grad : m.java(r)));
            starts.add(wrt != null ? work + "." + m.gradAt(wrt) : "0");
            lengths.add(Model.length(m.array(r)));
            sums.add(names.newName("sums"));
        }
        CodeBlock.Builder b = CodeBlock.builder();
        b.addStatement("int $N = $L", lo, Poly.of(plan.outer().lo()).java(m.viaWork(), false));
        b.addStatement("int $N = $L", hi, Poly.of(plan.outer().hi()).java(m.viaWork(), false));
        if (count == 0) {
            b.addStatement("long $N = $N", length, m.chunked.chunk());
        } else {
            Poly all = Poly.constant(0);
            for (Poly p : lengths) {
                all = all.plus(p);
            }
            b.addStatement(
                    "long $N = $T.max($N, $LL * ($L))",
                    length,
                    Math.class,
                    m.chunked.chunk(),
                    PARTIAL_FACTOR,
                    all.java(m.viaWork(), true));
        }
        b.addStatement(
                "int $N = (int) $T.max(1L, ((long) $N - $N + $N - 1) / $N)",
                chunks,
                Math.class,
                hi,
                lo,
                length,
                length);
        b.beginControlFlow("if ($N == 1)", chunks)
                .addStatement("$N($L)", chunkMethod, args(work, lo, hi, arrays, starts))
                .addStatement("return")
                .endControlFlow();
        if (count > 0) {
            String longest = lengths.get(0).java(m.viaWork(), false);
            for (int r = 1; r < count; r++) {
                longest =
                        "Math.max("
                                + longest
                                + ", "
                                + lengths.get(r).java(m.viaWork(), false)
                                + ")";
            }
            b.addStatement(
                    "double[][] $N = $N($N, $L, $L)",
                    partials,
                    m.chunked.partialsMethod(),
                    work,
                    count == 1 ? chunks + " - 1" : "(" + chunks + " - 1) * " + count,
                    longest);
        }
        // while this thread waits for the chunks it may run other tasks: a call of this class
        // among them takes a work space of its own (workFor)
        b.addStatement("$N.$N = true", work, m.chunked.busy());
        b.beginControlFlow("try");
        b.add("$T.range(0, $N).parallel().forEach($N -> {\n$>", INT_STREAM, chunks, c);
        b.addStatement("int $N = (int) ($N + $N * $N)", from, lo, c, length);
        b.addStatement("int $N = (int) $T.min($N, $N + $N)", to, Math.class, hi, from, length);
        if (count == 0) {
            b.addStatement("$N($L)", chunkMethod, args(work, from, to, arrays, starts));
        } else {
            b.beginControlFlow("if ($N == 0)", c)
                    .addStatement("$N($L)", chunkMethod, args(work, from, to, arrays, starts))
                    .nextControlFlow("else");
            List<String> zeros = new ArrayList<>();
            for (int r = 0; r < count; r++) {
                b.addStatement("double[] $N = $N[$L]", sums.get(r), partials, slot(c, count, r));
                b.addStatement(
                        "$T.fill($N, 0, $L, 0.0)",
                        LoopEmitter.ARRAYS,
                        sums.get(r),
                        lengths.get(r).java(m.viaWork(), false));
                zeros.add("0");
            }
            b.addStatement("$N($L)", chunkMethod, args(work, from, to, sums, zeros));
            b.endControlFlow();
        }
        b.add("$<});\n");
        b.nextControlFlow("finally");
        b.addStatement("$N.$N = false", work, m.chunked.busy());
        b.endControlFlow();
        if (count > 0) {
            b.add("// the partial sums, in chunk order\n");
            b.beginControlFlow("for (int $N = 1; $N < $N; $N++)", c, c, chunks, c);
            for (int r = 0; r < count; r++) {
                b.addStatement("double[] $N = $N[$L]", sums.get(r), partials, slot(c, count, r));
                b.beginControlFlow(
                        "for (int $N = 0; $N < $L; $N++)",
                        k,
                        k,
                        lengths.get(r).java(m.viaWork(), false),
                        k);
                b.beginControlFlow("if ($N[$N] != 0.0)", sums.get(r), k)
                        .addStatement(
                                "$L[$L] += $N[$N]",
                                arrays.get(r),
                                starts.get(r).equals("0") ? k : starts.get(r) + " + " + k,
                                sums.get(r),
                                k)
                        .endControlFlow();
                b.endControlFlow();
            }
            b.endControlFlow();
        }
        return b.build();
    }

    /** Where chunk {@code c}'s partial sums of the {@code r}th array are, of {@code count}. */
    private static String slot(String c, int count, int r) {
        return count == 1 ? c + " - 1" : "(" + c + " - 1) * " + count + " + " + r;
    }

    private static String args(
            String work, String from, String to, List<String> arrays, List<String> starts) {
        List<String> out = new ArrayList<>(List.of(work, from, to));
        for (int r = 0; r < arrays.size(); r++) {
            out.add(arrays.get(r));
            out.add(starts.get(r));
        }
        return String.join(", ", out);
    }

    /**
     * The method handing out the partial sums of a split nest: {@code count} arrays of at least
     * {@code length} elements, kept in the work space and grown on demand.
     */
    static MethodSpec partialSumsMethod(Model m, ClassName work) {
        NameAllocator names = m.base.clone();
        String count = names.newName("count");
        String length = names.newName("length");
        String partials = names.newName("parts");
        String k = names.newName("k");
        return MethodSpec.methodBuilder(m.chunked.partialsMethod())
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(LoopEmitter.DOUBLE_MATRIX)
                .addParameter(work, m.work)
                .addParameter(TypeName.INT, count)
                .addParameter(TypeName.INT, length)
                .addJavadoc(
                        "The partial sums of a split nest's chunks but the first: count arrays of"
                                + " at least length elements, kept in the work space and grown on"
                                + " demand.\n")
                .addStatement("double[][] $N = $N.$N", partials, m.work, m.chunked.partials())
                .beginControlFlow("if ($N.length < $N)", partials, count)
                .addStatement(
                        "$N = $T.copyOf($N, $N)", partials, LoopEmitter.ARRAYS, partials, count)
                .addStatement("$N.$N = $N", m.work, m.chunked.partials(), partials)
                .endControlFlow()
                .beginControlFlow("for (int $N = 0; $N < $N; $N++)", k, k, count, k)
                .beginControlFlow(
                        "if ($N[$N] == null || $N[$N].length < $N)",
                        partials,
                        k,
                        partials,
                        k,
                        length)
                .addStatement("$N[$N] = new double[$N]", partials, k, length)
                .endControlFlow()
                .endControlFlow()
                .addStatement("return $N", partials)
                .build();
    }
}
