package io.github.chainrule.indexed;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.chainrule.Driver;
import io.github.chainrule.check.CheckedProgram;
import io.github.chainrule.diag.SourceFile;
import io.github.chainrule.eval.PointValues;
import io.github.chainrule.javagen.InMemoryJavac;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The property of {@link UnrolledPropertyTest} through generated code: a random indexed program's
 * generated loop class and the unrolled scalar program agree, values from {@code forward} and
 * derivatives from {@code jacobian} (and {@code gradient} for one scalar output) against the scalar
 * pipeline, to 1e-9 relative (1e-10 absolute near 0). The programs come from fixed seeds, so that
 * all of them compile in one call of javac; {@code chainrule.loops.seeds} runs more.
 */
class UnrolledLoopsTest {
    private static final long SEEDS = Long.getLong("chainrule.loops.seeds", 100);

    /** Seeds of their own, apart from the small ones other tests of this package use. */
    private static final long FIRST_SEED = 7_000_000_000L;

    @TempDir static Path dir;

    private static final Map<Long, UnrolledModel.Program> MODELS = new LinkedHashMap<>();
    private static InMemoryJavac.Compiled compiled;

    static LongStream seeds() {
        return LongStream.range(FIRST_SEED, FIRST_SEED + SEEDS);
    }

    private static String className(long seed) {
        return "P" + seed;
    }

    @BeforeAll
    static void generateAndCompileAll() {
        Map<String, String> sources = new LinkedHashMap<>();
        seeds().forEach(
                        seed -> {
                            UnrolledModel.Program model =
                                    RandomIndexedPrograms.generate(new Random(seed));
                            MODELS.put(seed, model);
                            Driver.Generated g =
                                    Driver.generate(
                                            new SourceFile("p.chain", model.indexedText()),
                                            "gen",
                                            className(seed));
                            assertThat(g.java())
                                    .as("%s\n%s", model.indexedText(), g.formatted())
                                    .isPresent();
                            sources.put("gen." + className(seed), g.java().get());
                        });
        compiled = InMemoryJavac.compile(dir, sources);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void generatedLoopsAgreeWithTheUnrolledScalarProgram(long seed) throws Exception {
        UnrolledModel.Program model = MODELS.get(seed);
        String indexedText = model.indexedText();
        String scalarText = model.scalarText();
        Driver.Checked ic = Driver.check(new SourceFile("indexed.chain", indexedText));
        IndexedProgram indexed = ic.indexed().orElseThrow();
        Driver.Checked sc = Driver.check(new SourceFile("unrolled.chain", scalarText));
        assertThat(sc.program()).as("%s\n%s", scalarText, sc.reporter().format()).isPresent();
        CheckedProgram scalar = sc.program().get();
        Class<?> type = compiled.load("gen." + className(seed));

        // the point: random numbers of its own, drawn from the seed as the program was
        Random r = new Random(seed ^ 0x5DEECE66DL);
        Map<String, Long> sizes = model.sizeValues();
        List<Object> args = new ArrayList<>();
        List<Class<?>> types = new ArrayList<>();
        @SuppressWarnings("unchecked")
        List<String> dims = (List<String>) call(type.getMethod("dims"));
        for (String d : dims) {
            args.add((int) (long) sizes.get(d));
            types.add(int.class);
        }
        Map<String, Double> at = new LinkedHashMap<>();
        for (UnrolledModel.Arr input : model.inputs()) {
            List<String> names = UnrolledModel.elements(input, sizes);
            double[] values = new double[names.size()];
            for (int k = 0; k < values.length; k++) {
                values[k] = r.nextDouble() * 3 - 1.5;
                at.put(names.get(k), values[k]);
            }
            boolean scalarInput = input.dims().isEmpty();
            args.add(scalarInput ? (Object) values[0] : values);
            types.add(scalarInput ? double.class : double[].class);
        }
        String where = "indexed:\n" + indexedText + "\nunrolled:\n" + scalarText + "\nat " + at;

        List<String> scalarWrt = new ArrayList<>();
        model.wrt().forEach(w -> scalarWrt.addAll(elements(model, w, sizes)));
        PointValues expected = PointValues.at(scalar, scalarWrt, at);

        List<String> outNames = new ArrayList<>();
        model.outputs().forEach(o -> outNames.addAll(elements(model, o, sizes)));
        boolean one =
                model.outputs().size() == 1
                        && model.arrays().get(model.outputs().get(0)).dims().isEmpty();
        Class<?>[] sig = types.toArray(new Class<?>[0]);
        Object[] plain = args.toArray();
        double[] out;
        if (one) {
            out = new double[] {(Double) call(type.getMethod("forward", sig), plain)};
        } else {
            out = new double[outNames.size()];
            call(type.getMethod("forward", with(sig, double[].class)), with(plain, out));
        }
        for (int k = 0; k < out.length; k++) {
            assertClose(
                    where + "\nvalue of " + outNames.get(k),
                    expected.outputs().get(outNames.get(k)),
                    out[k]);
        }

        int gradLength = scalarWrt.size();
        double[][] jac = new double[out.length][gradLength];
        call(type.getMethod("jacobian", with(sig, double[][].class)), with(plain, (Object) jac));
        for (int row = 0; row < out.length; row++) {
            for (int col = 0; col < gradLength; col++) {
                String dOut = outNames.get(row);
                String dIn = scalarWrt.get(col);
                assertClose(
                        where + "\njacobian: d" + dOut + "/d" + dIn,
                        expected.derivatives().get(dOut).get(dIn),
                        jac[row][col]);
            }
        }
        if (one) {
            double[] grad = new double[gradLength];
            double value =
                    (Double)
                            call(
                                    type.getMethod("gradient", with(sig, double[].class)),
                                    with(plain, grad));
            assertClose(
                    where + "\ngradient's value", expected.outputs().get(outNames.get(0)), value);
            for (int col = 0; col < gradLength; col++) {
                assertClose(
                        where + "\ngradient: d/d" + scalarWrt.get(col),
                        expected.derivatives().get(outNames.get(0)).get(scalarWrt.get(col)),
                        grad[col]);
            }
        }
    }

    private static List<String> elements(
            UnrolledModel.Program model, String name, Map<String, Long> sizes) {
        return UnrolledModel.elements(model.arrays().get(name), sizes);
    }

    private static Class<?>[] with(Class<?>[] types, Class<?> last) {
        Class<?>[] out = java.util.Arrays.copyOf(types, types.length + 1);
        out[types.length] = last;
        return out;
    }

    private static Object[] with(Object[] args, Object last) {
        Object[] out = java.util.Arrays.copyOf(args, args.length + 1);
        out[args.length] = last;
        return out;
    }

    private static Object call(Method m, Object... args) throws Exception {
        try {
            return m.invoke(null, args);
        } catch (InvocationTargetException e) {
            throw (Exception) e.getCause();
        }
    }

    private static void assertClose(String what, Double expected, double got) {
        assertThat(expected).as(what + ": the scalar program has no such value").isNotNull();
        double tolerance = 1e-9 * Math.max(Math.abs(expected), Math.abs(got)) + 1e-10;
        assertThat(Math.abs(got - expected) <= tolerance)
                .as("%s: expected %s (unrolled) but got %s (generated loops)", what, expected, got)
                .isTrue();
    }
}
