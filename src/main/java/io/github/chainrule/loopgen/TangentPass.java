package io.github.chainrule.loopgen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import io.github.chainrule.diff.IndexedTangents;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * The gradient in forward mode ({@link Model#tangents}, chosen by {@code
 * IndexedForward.suitsGradient}): the tangent program's steps as one schedule, each statement's
 * tangents in the loop nest of the statement (a recurrence's in its loop, kept in locals by {@link
 * Carried} beside the values), the output's tangents stored straight into grad; no trajectory is
 * stored, for nothing reads it afterwards ({@link Carried.Chain#storedLast}). {@code gradient},
 * {@code backward} (the seed times this gradient) and {@code jacobian} (its one row) all run it.
 */
final class TangentPass {
    private final Model m;

    /** The steps' methods and the calls of the pass. */
    final Steps steps;

    /** The names of the preparing method and of the pass. */
    final String prepare;

    final String pass;

    private TangentPass(Model m, Steps steps, String prepare, String pass) {
        this.m = m;
        this.steps = steps;
        this.prepare = prepare;
        this.pass = pass;
    }

    /** The forward-mode pass, or null where the class computes its gradient in reverse mode. */
    static TangentPass of(Model m, NameAllocator methodNames, Map<List<Object>, String> written) {
        IndexedTangents t = m.tangents;
        if (t == null) {
            return null;
        }
        String prepare = methodNames.newName("prepareGradient");
        String pass = methodNames.newName("gradientPass");
        Steps steps =
                Steps.of(
                        m,
                        Schedule.of(t.program().steps(), false),
                        "gradientStep",
                        methodNames,
                        written,
                        java.util.Set.of(),
                        true);
        return new TangentPass(m, steps, prepare, pass);
    }

    /** Hands grad to the work space, zeroed where the output does not depend on a wrt input. */
    MethodSpec prepareMethod(ClassName work) {
        MethodSpec.Builder mb =
                MethodSpec.methodBuilder(prepare)
                        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                        .addParameter(work, m.work)
                        .addParameter(LoopEmitter.DOUBLE_ARRAY, m.grad)
                        .addJavadoc(
                                "Where the forward-mode pass puts the derivatives: grad, each wrt"
                                        + " input at its offset$L.\n",
                                m.tangents.gradient().size() == m.program.wrt().size()
                                        ? ""
                                        : " (zero where the output does not depend on it)");
        CodeBlock.Builder b = CodeBlock.builder();
        LoopEmitter.bindGrad(m, b);
        List<Poly> offsets = m.gradOffsets();
        for (int i = 0; i < m.program.wrt().size(); i++) {
            if (!m.tangents.gradient().containsKey(m.program.wrt().get(i))) {
                b.addStatement("$N[$L] = 0.0", m.grad, offsets.get(i).java(m.viaWork(), false));
            }
        }
        return mb.addCode(b.build()).build();
    }
}
