package io.github.chainrule.loopgen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import io.github.chainrule.diff.IndexedAdjoint;
import io.github.chainrule.indexed.Affine;
import io.github.chainrule.indexed.IndexedProgram;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * The gradient's own pass (one scalar output that depends on a wrt input; the README's "Indexed
 * programs"): the forward and backward steps as one schedule, so that a backward nest joins the
 * forward nest over its domain (lj's energy and forces in one loop over the pairs), with the
 * adjoints written once stored and not zeroed first ({@link Schedule#storesFirst}), and the method
 * that prepares it: grad, the zeros the pass adds into, the seed.
 */
final class GradientPass {
    private final Model m;

    /** The steps' methods and the calls of the pass. */
    final Steps steps;

    /** The names of the preparing method and of the pass. */
    final String prepare;

    final String pass;

    /** The adjoints (of wrt inputs or in the work space) the pass stores first. */
    private final Set<String> stored;

    private GradientPass(Model m, Steps steps, String prepare, String pass, Set<String> stored) {
        this.m = m;
        this.steps = steps;
        this.prepare = prepare;
        this.pass = pass;
        this.stored = stored;
    }

    /** The gradient's pass, or null where the class has no gradient or it is all zeros. */
    static GradientPass of(Model m, NameAllocator methodNames, Map<List<Object>, String> written) {
        String o = m.program.outputs().get(0);
        if (!m.isOneScalarOutput() || !m.adjoints.containsKey(o)) {
            return null;
        }
        IndexedAdjoint a = m.adjoints.get(o);
        List<IndexedProgram.Step> all = new ArrayList<>(m.program.steps());
        List<Boolean> backwards = new ArrayList<>();
        m.program.steps().forEach(x -> backwards.add(false));
        all.addAll(a.steps());
        a.steps().forEach(x -> backwards.add(true));
        List<Schedule.Unit> units = new ArrayList<>(Schedule.of(all, backwards));
        Map<String, List<Affine>> candidates = new LinkedHashMap<>();
        for (IndexedProgram.Array d : a.adjoints()) {
            if (!d.name().equals(a.adjointOf().get(o))) {
                candidates.put(d.name(), m.array(d.name()).extents());
            }
        }
        Set<String> stored = Schedule.storesFirst(units, candidates);
        String prepare = methodNames.newName("prepareGradient");
        String pass = methodNames.newName("gradientPass");
        // the seed is 1.0 throughout the pass unless a statement adds to it
        String seed = a.adjointOf().get(o);
        boolean seedWritten =
                units.stream()
                        .flatMap(u -> Schedule.statements(u).stream())
                        .anyMatch(s -> s.target().equals(seed));
        Steps steps =
                Steps.of(
                        m,
                        units,
                        "gradientStep",
                        methodNames,
                        written,
                        seedWritten ? Set.of() : Set.of(seed));
        return new GradientPass(m, steps, prepare, pass, stored);
    }

    /**
     * The gradient's start: grad and its offsets, the zeros its pass adds into (not the arrays it
     * stores first), and the seed 1.
     */
    MethodSpec prepareMethod(ClassName work) {
        MethodSpec.Builder mb =
                MethodSpec.methodBuilder(prepare)
                        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                        .addParameter(work, m.work)
                        .addParameter(LoopEmitter.DOUBLE_ARRAY, m.grad)
                        .addJavadoc(
                                "Where the gradient's pass puts the derivatives, zeroed where it"
                                        + " adds into them (what it stores first is not), its other"
                                        + " adjoints zeroed alike, and the seed 1.\n");
        CodeBlock.Builder b = CodeBlock.builder();
        LoopEmitter.bindGrad(m, b);
        List<Poly> offsets = m.gradOffsets();
        String o = m.program.outputs().get(0);
        IndexedAdjoint a = m.adjoints.get(o);
        int wrts = m.program.wrt().size();
        for (int i = 0; i < wrts; ) {
            if (stored.contains(a.adjointOf().get(m.program.wrt().get(i)))) {
                i++;
                continue;
            }
            int end = i + 1; // one fill for the wrt inputs in a row that the pass adds into
            while (end < wrts && !stored.contains(a.adjointOf().get(m.program.wrt().get(end)))) {
                end++;
            }
            b.addStatement(
                    "$T.fill($N, $L, $L, 0.0)",
                    LoopEmitter.ARRAYS,
                    m.grad,
                    offsets.get(i).java(m.viaWork(), false),
                    offsets.get(end).java(m.viaWork(), false));
            i = end;
        }
        for (IndexedProgram.Array d : a.adjoints()) {
            if (m.adjointArrays.containsKey(d.name()) && !stored.contains(d.name())) {
                b.addStatement(
                        "$T.fill($N.$N, 0, $L, 0.0)",
                        LoopEmitter.ARRAYS,
                        m.work,
                        m.java(d.name()),
                        Model.length(d).java(m.viaWork(), false));
            }
        }
        b.addStatement("$N.$N[0] = 1.0", m.work, m.java(a.adjointOf().get(o)));
        return mb.addCode(b.build()).build();
    }
}
