package io.github.chainrule.loopgen;

import com.palantir.javapoet.NameAllocator;
import io.github.chainrule.JavaNames;
import io.github.chainrule.diff.IndexedAdjoint;
import io.github.chainrule.diff.IndexedForward;
import io.github.chainrule.diff.IndexedReverse;
import io.github.chainrule.diff.IndexedTangents;
import io.github.chainrule.indexed.Affine;
import io.github.chainrule.indexed.IndexedProgram;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What every part of a generated loop class agrees on: the program and its backward passes, and the
 * Java name of every name of the program (sizes, inputs, arrays, adjoints) and of the class's own
 * members. Names are decided once, in a fixed order (the program's names first, so they keep their
 * spelling unless they are Java keywords), so that no two clash and a fixed size's constant is
 * never hidden by a local.
 */
final class Model {
    final IndexedProgram program;
    final String className;

    /**
     * Each output's backward pass; absent when the output does not depend on a wrt input, and none
     * at all where the gradient is computed in forward mode ({@link #tangents}).
     */
    final Map<String, IndexedAdjoint> adjoints = new LinkedHashMap<>();

    /**
     * The gradient in forward mode, where {@link IndexedForward#suitsGradient} chooses it (then
     * {@code gradient}, {@code backward} and {@code jacobian} all run it); else null.
     */
    final IndexedTangents tangents;

    /** Tangent arrays kept in the work space (not the output's, which are in grad). */
    final Map<String, IndexedProgram.Array> tangentArrays = new LinkedHashMap<>();

    /** The runtime sizes, in {@code dim} order. */
    final List<String> dims = new ArrayList<>();

    final Map<String, Long> fixed = new LinkedHashMap<>();
    final Map<String, IndexedProgram.Array> inputs = new LinkedHashMap<>();
    final Map<String, IndexedProgram.Array> arrays = new LinkedHashMap<>();

    /** Adjoint arrays kept in the work space (not those of the wrt inputs, which are in grad). */
    final Map<String, IndexedProgram.Array> adjointArrays = new LinkedHashMap<>();

    /**
     * The wrt input each adjoint of a wrt input stands for (in forward mode: each tangent of the
     * output along a wrt input), kept in grad.
     */
    final Map<String, String> wrtOfAdjoint = new LinkedHashMap<>();

    private final Map<String, String> java = new LinkedHashMap<>();
    private final Map<String, String> at = new LinkedHashMap<>();
    private final Map<String, String> gradAt = new LinkedHashMap<>();
    private final Map<String, String> seeds = new LinkedHashMap<>();

    /** The public methods telling where a wrt input starts in grad, by wrt input. */
    final Map<String, String> gradOffsetMethods = new LinkedHashMap<>();

    /** The public methods telling where an output starts in out, by output. */
    final Map<String, String> outOffsetMethods = new LinkedHashMap<>();

    /** The public methods telling where an input starts in the packed x, by input. */
    final Map<String, String> inputOffsetMethods = new LinkedHashMap<>();

    /** The arrays the work space keeps only a few elements of, recorded then decided. */
    final Windows windows;

    /** Names of the class's own: the reserved base every method's names start from. */
    final NameAllocator base = new NameAllocator();

    final String workClass;
    final String workField;
    final String inputsField;
    final String outputsField;
    final String wrtField;
    final String dimsField;
    final String grad;
    final String work;
    final String out;
    final String jac;
    final String x;
    final String seed;

    /** The names of a class splitting its large nests over the cores; null for one thread. */
    final Chunked.Names chunked;

    Model(IndexedProgram program, String className) {
        this(program, className, false);
    }

    Model(IndexedProgram program, String className, boolean parallel) {
        this.program = program;
        this.className = className;
        for (String r : JavaNames.USED_BY_GENERATED_CODE) {
            base.newName(r);
        }
        base.newName(className);
        for (IndexedProgram.Size s : program.sizes()) {
            if (s.fixed().isPresent()) {
                fixed.put(s.name(), s.fixed().getAsLong());
            } else {
                dims.add(s.name());
            }
            java.put(s.name(), base.newName(s.name()));
        }
        windows = new Windows(fixed);
        for (IndexedProgram.Array a : program.inputs()) {
            inputs.put(a.name(), a);
            java.put(a.name(), base.newName(a.name()));
        }
        for (IndexedProgram.Array a : program.arrays()) {
            arrays.put(a.name(), a);
            java.put(a.name(), base.newName(a.name()));
        }
        for (String o : program.outputs()) {
            seeds.put(o, base.newName("dL_d" + o));
        }
        grad = base.newName("grad");
        work = base.newName("work");
        out = base.newName("out");
        jac = base.newName("jac");
        x = base.newName("x");
        seed = base.newName("seed");
        tangents = IndexedForward.suitsGradient(program) ? IndexedForward.tangents(program) : null;
        if (tangents != null) {
            tangents.gradient().forEach((w, d) -> wrtOfAdjoint.put(d, w));
            for (IndexedProgram.Array d : tangents.tangents()) {
                if (!wrtOfAdjoint.containsKey(d.name())) {
                    tangentArrays.put(d.name(), d);
                    java.put(d.name(), base.newName(d.name()));
                }
            }
        }
        for (String o : tangents != null ? List.<String>of() : program.outputs()) {
            IndexedAdjoint a = IndexedReverse.adjoint(program, o);
            if (a.adjointOf().get(o) == null) {
                continue;
            }
            adjoints.put(o, a);
            for (IndexedProgram.Array d : a.adjoints()) {
                String of = ofAdjoint(a, d.name());
                if (program.wrt().contains(of) && inputs.containsKey(of)) {
                    wrtOfAdjoint.put(d.name(), of);
                } else {
                    adjointArrays.put(d.name(), d);
                    java.put(d.name(), base.newName(d.name()));
                }
            }
        }
        for (IndexedProgram.Array a : program.inputs()) {
            if (!a.isScalar()) {
                at.put(a.name(), base.newName(a.name() + "At"));
            }
        }
        for (String w : program.wrt()) {
            gradAt.put(w, base.newName("d" + w + "At"));
        }
        workClass = base.newName("Work");
        workField = base.newName("WORK");
        inputsField = base.newName("INPUTS");
        outputsField = base.newName("OUTPUTS");
        wrtField = base.newName("WRT");
        dimsField = base.newName("DIMS");
        chunked =
                parallel
                        ? new Chunked.Names(
                                base.newName("CHUNK"),
                                base.newName("partials"),
                                base.newName("partialSums"),
                                base.newName("busy"))
                        : null;
    }

    private static String ofAdjoint(IndexedAdjoint a, String adjointName) {
        for (Map.Entry<String, String> e : a.adjointOf().entrySet()) {
            if (e.getValue().equals(adjointName)) {
                return e.getKey();
            }
        }
        throw new AssertionError(adjointName);
    }

    /** The Java name of a size, input, array or adjoint array. */
    String java(String name) {
        String j = java.get(name);
        if (j == null) {
            throw new IllegalArgumentException("no Java name for " + name);
        }
        return j;
    }

    /** The work field holding where an array input starts in its Java array. */
    String at(String input) {
        return at.get(input);
    }

    /** The work field holding where a wrt input's derivatives start in {@code grad}. */
    String gradAt(String wrt) {
        return gradAt.get(wrt);
    }

    String seedName(String output) {
        return seeds.get(output);
    }

    boolean allFixed() {
        return dims.isEmpty();
    }

    /** Every array of the program, its backward passes or its tangents, by name. */
    IndexedProgram.Array array(String name) {
        IndexedProgram.Array a = inputs.get(name);
        if (a == null) {
            a = arrays.get(name);
        }
        if (a == null) {
            a = adjointArrays.get(name);
        }
        if (a == null) {
            a = tangentArrays.get(name);
        }
        if (a == null && wrtOfAdjoint.containsKey(name)) {
            a = inputs.get(wrtOfAdjoint.get(name));
        }
        if (a == null) {
            throw new IllegalArgumentException("no array " + name);
        }
        return a;
    }

    /** The number of elements of {@code a}, as a polynomial in the sizes. */
    static Poly length(IndexedProgram.Array a) {
        Poly p = Poly.constant(1);
        for (Affine e : a.extents()) {
            p = p.times(Poly.of(e));
        }
        return p;
    }

    /** Where each wrt input starts in {@code grad}, and {@code grad}'s length last. */
    List<Poly> gradOffsets() {
        List<Poly> out = new ArrayList<>();
        Poly at = Poly.constant(0);
        for (String w : program.wrt()) {
            out.add(at);
            at = at.plus(length(inputs.get(w)));
        }
        out.add(at);
        return out;
    }

    /** Where each output starts in {@code out}, and {@code out}'s length last. */
    List<Poly> outOffsets() {
        List<Poly> out = new ArrayList<>();
        Poly at = Poly.constant(0);
        for (String o : program.outputs()) {
            out.add(at);
            at = at.plus(length(arrays.get(o)));
        }
        out.add(at);
        return out;
    }

    /** Where each input starts in the packed {@code x}, and its length last. */
    List<Poly> inputOffsets() {
        List<Poly> out = new ArrayList<>();
        Poly at = Poly.constant(0);
        for (IndexedProgram.Array a : program.inputs()) {
            out.add(at);
            at = at.plus(length(a));
        }
        out.add(at);
        return out;
    }

    /** Sizes as Java where the sizes are parameters or locals of their own names. */
    UnaryOperator<String> direct() {
        return this::sizeJava;
    }

    /** Sizes as Java in a method holding the work space as {@code work}. */
    UnaryOperator<String> viaWork() {
        return s -> fixed.containsKey(s) ? java(s) : work + "." + java(s);
    }

    private String sizeJava(String s) {
        if (!java.containsKey(s)) {
            throw new IllegalArgumentException(s + " is not a size");
        }
        return java(s);
    }

    boolean isOneScalarOutput() {
        return program.outputs().size() == 1 && arrays.get(program.outputs().get(0)).isScalar();
    }
}
