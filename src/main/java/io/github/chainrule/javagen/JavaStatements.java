package io.github.chainrule.javagen;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.lang.model.element.Modifier;

/**
 * Writes {@link FlatStatements} as Java: either straight into a public method (small programs), or
 * as the parts of a {@link MethodSplit}, each a private method that moves values between the work
 * slots and its locals. Names come from a {@link NameAllocator} per method, so temporaries ({@code
 * t0}, {@code t1}, … and {@code b0}, … for conditions) never clash with the inputs' names or with
 * each other.
 */
final class JavaStatements {
    private final JavaLiterals literals;
    private final Supplier<NameAllocator> newNames;
    private final List<String> leafNames;

    /**
     * {@code newNames} makes a method's name allocator, with the class's reserved names taken;
     * {@code leafNames} are the names the inputs, then the seeds, suggest for their locals.
     */
    JavaStatements(
            JavaLiterals literals, Supplier<NameAllocator> newNames, List<String> leafNames) {
        this.literals = literals;
        this.newNames = newNames;
        this.leafNames = leafNames;
    }

    /**
     * Writes {@code s}'s statements into {@code body}, naming values with {@code names}, where the
     * inputs and seeds are already named in {@code leafNames}; returns the printer for results.
     */
    ExpressionPrinter inline(
            CodeBlock.Builder body,
            FlatStatements s,
            NameAllocator names,
            Map<Integer, String> leafNames) {
        Map<Integer, String> local = new HashMap<>(leafNames);
        ExpressionPrinter code = new ExpressionPrinter(local::get, literals);
        for (Statement st : s.stmts()) {
            boolean bool = s.values().get(st.value()).bool();
            String name = names.newName(suggestion(s, st.value()));
            local.put(st.value(), name);
            body.addStatement(
                    "$L $N = $L", bool ? "boolean" : "double", name, code.print(st.expr()));
        }
        return code;
    }

    /** The name of part {@code i} of operation {@code op}, and of the method calling all parts. */
    static String partName(Operation op, int i) {
        return op.methodName() + "Part" + i;
    }

    static String runName(Operation op) {
        return op.methodName() + "Run";
    }

    /** Parts may not call more than this many methods each: 4 bytes a call. */
    private static final int MAX_CALLS = 1200;

    /**
     * The private methods of split statements: their parts, and {@code opRun(work)} calling them in
     * order.
     */
    List<MethodSpec> parts(Operation op, MethodSplit plan) {
        List<MethodSpec> out = new ArrayList<>();
        List<String> calls = new ArrayList<>();
        for (int p = 0; p < plan.parts().size(); p++) {
            String name = partName(op, p);
            out.add(part(name, plan, p));
            calls.add(name);
        }
        int group = 0;
        while (calls.size() > MAX_CALLS) {
            List<String> grouped = new ArrayList<>();
            for (int from = 0; from < calls.size(); from += MAX_CALLS) {
                String name = op.methodName() + "Group" + group++;
                out.add(
                        caller(
                                name,
                                calls.subList(from, Math.min(calls.size(), from + MAX_CALLS))));
                grouped.add(name);
            }
            calls = grouped;
        }
        out.add(caller(runName(op), calls));
        return out;
    }

    private static MethodSpec caller(String name, List<String> calls) {
        MethodSpec.Builder m =
                MethodSpec.methodBuilder(name)
                        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                        .addParameter(JavaHelpers.DOUBLE_MATRIX, "work");
        for (String call : calls) {
            m.addStatement("$N(work)", call);
        }
        return m.build();
    }

    private MethodSpec part(String methodName, MethodSplit plan, int p) {
        FlatStatements s = plan.statements();
        MethodSplit.Part part = plan.parts().get(p);
        NameAllocator names = newNames.get();
        String work = names.newName("work");
        Map<Integer, String> blocks = new HashMap<>();
        Map<Integer, String> local = new HashMap<>();
        ExpressionPrinter code = new ExpressionPrinter(local::get, literals);
        CodeBlock.Builder body = CodeBlock.builder();
        Map<Integer, List<Integer>> sinksOf = new LinkedHashMap<>();
        for (int j = 0; j < s.sinks().size(); j++) {
            if (s.sinks().get(j) instanceof Code.Ref r
                    && s.values().get(r.value()).kind() == FlatStatements.Kind.TEMP) {
                sinksOf.computeIfAbsent(r.value(), k -> new ArrayList<>()).add(j);
            }
        }
        int stmts = s.stmts().size();
        for (int i = part.from(); i < part.to(); i++) {
            Code expr =
                    i < stmts
                            ? s.stmts().get(i).expr()
                            : s.sinks().get(plan.leafSinks().get(i - stmts));
            expr.forEachRef(
                    v -> {
                        if (!local.containsKey(v)) {
                            local.put(v, importValue(body, names, blocks, work, s, plan, v));
                        }
                    });
            if (i < stmts) {
                Statement st = s.stmts().get(i);
                FlatStatements.Value value = s.values().get(st.value());
                String name = names.newName(suggestion(s, st.value()));
                local.put(st.value(), name);
                body.addStatement(
                        "$L $N = $L", value.bool() ? "boolean" : "double", name, code.print(expr));
                export(body, names, blocks, work, s, plan, st.value(), name, sinksOf);
            } else {
                int slot = plan.sinkSlot(plan.leafSinks().get(i - stmts));
                body.addStatement(
                        "$L = $L", element(body, names, blocks, work, slot), code.print(expr));
            }
        }
        return MethodSpec.methodBuilder(methodName)
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .addParameter(JavaHelpers.DOUBLE_MATRIX, work)
                .addCode(body.build())
                .build();
    }

    /**
     * Stores a value that a later part or the caller reads, right where it is computed: it need not
     * then stay in a register (or the JIT's spill slots) until the end of the part.
     */
    private static void export(
            CodeBlock.Builder body,
            NameAllocator names,
            Map<Integer, String> blocks,
            String work,
            FlatStatements s,
            MethodSplit plan,
            int v,
            String name,
            Map<Integer, List<Integer>> sinksOf) {
        List<Integer> slots = new ArrayList<>();
        if (plan.handedOn(v)) {
            slots.add(plan.slot(v));
        }
        for (int j : sinksOf.getOrDefault(v, List.of())) {
            slots.add(plan.sinkSlot(j));
        }
        for (int slot : slots) {
            CodeBlock value =
                    s.values().get(v).bool()
                            ? CodeBlock.of("$N ? 1.0 : 0.0", name)
                            : CodeBlock.of("$N", name);
            body.addStatement("$L = $L", element(body, names, blocks, work, slot), value);
        }
    }

    private String importValue(
            CodeBlock.Builder body,
            NameAllocator names,
            Map<Integer, String> blocks,
            String work,
            FlatStatements s,
            MethodSplit plan,
            int v) {
        FlatStatements.Value value = s.values().get(v);
        int slot = plan.slot(v);
        if (slot < 0) {
            throw new AssertionError("value " + v + " is read by a later part but has no slot");
        }
        CodeBlock element = element(body, names, blocks, work, slot);
        String name = names.newName(suggestion(s, v));
        if (value.bool()) {
            body.addStatement("boolean $N = $L != 0.0", name, element);
        } else {
            body.addStatement("double $N = $L", name, element);
        }
        return name;
    }

    /**
     * A temporary is t or b (a condition) and its number among the temporaries; an input or seed
     * its name.
     */
    private String suggestion(FlatStatements s, int v) {
        FlatStatements.Value value = s.values().get(v);
        if (value.kind() == FlatStatements.Kind.TEMP) {
            return (value.bool() ? "b" : "t") + value.index();
        }
        return leafNames.get(v);
    }

    /** {@code workK[i]} for a slot, declaring {@code double[] workK = work[K]} on first use. */
    private static CodeBlock element(
            CodeBlock.Builder body,
            NameAllocator names,
            Map<Integer, String> blocks,
            String work,
            int slot) {
        int block = slot / MethodSplit.BLOCK;
        String array = blocks.get(block);
        if (array == null) {
            array = names.newName(work + block);
            blocks.put(block, array);
            body.addStatement("double[] $N = $N[$L]", array, work, block);
        }
        return CodeBlock.of("$N[$L]", array, slot % MethodSplit.BLOCK);
    }
}
