package io.github.chainrule.loopgen;

import static org.assertj.core.api.Assertions.assertThat;

import com.palantir.javapoet.NameAllocator;
import io.github.chainrule.graph.Graph;
import io.github.chainrule.graph.Node;
import io.github.chainrule.indexed.Affine;
import io.github.chainrule.indexed.IndexedProgram;
import io.github.chainrule.javagen.InMemoryJavac;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gather, built by hand as the backward pass writes one where a read is the identity: an
 * accumulation with a sum reduction, {@code g[i] += sum(A[i, j] * x[j] for j)}, which adds the sum
 * (from 0, in row-major order) to the element once; and, beside it, the plain scatter-add over the
 * same domain, which adds each term to the element. Both compiled and run against the same loops
 * written by hand, bit for bit.
 */
class GatherTest {
    @TempDir Path dir;

    private static final Affine N = Affine.symbol("n");
    private static final Affine I = Affine.symbol("i");
    private static final Affine J = Affine.symbol("j");

    private static IndexedProgram.Statement statement(Graph g, boolean gather) {
        Node a = g.variable("A[i, j]");
        Node x = g.variable("x[j]");
        Map<String, IndexedProgram.Read> reads = new LinkedHashMap<>();
        reads.put("A[i, j]", new IndexedProgram.Read("A", List.of(I, J)));
        reads.put("x[j]", new IndexedProgram.Read("x", List.of(J)));
        List<IndexedProgram.Binder> domain =
                List.of(
                        new IndexedProgram.Binder("i", Affine.of(0), N),
                        new IndexedProgram.Binder("j", Affine.of(0), N));
        return new IndexedProgram.Statement(
                "g",
                List.of(I),
                domain,
                gather ? Optional.of(IndexedProgram.ReduceOp.SUM) : Optional.empty(),
                gather ? 1 : 2,
                g.mul(a, x),
                reads,
                1,
                IndexedProgram.Accumulate.everywhere());
    }

    private static final class Context implements StatementCode.Context {
        final Graph g;

        Context(Graph g) {
            this.g = g;
        }

        @Override
        public Graph graph() {
            return g;
        }

        @Override
        public String size(String name) {
            return name;
        }

        @Override
        public boolean isSize(String name) {
            return name.equals("n");
        }

        @Override
        public StatementCode.Binding binding(String name) {
            return switch (name) {
                case "A" -> new StatementCode.ArrayBinding("A", List.of(N, N), null);
                case "x", "g" -> new StatementCode.ArrayBinding(name, List.of(N), null);
                default -> throw new IllegalArgumentException(name);
            };
        }
    }

    private String code(boolean gather) {
        Graph g = new Graph();
        NameAllocator names = new NameAllocator();
        for (String taken : List.of("n", "A", "x", "g")) {
            names.newName(taken);
        }
        return StatementCode.of(statement(g, gather), new Context(g), names, null).toString();
    }

    @Test
    void aGatherAddsTheSumOnceAndAScatterAddsEachTerm() throws Exception {
        String gather = code(true);
        String scatter = code(false);
        assertThat(gather).contains("double acc = 0.0;").contains("g[i] += acc;");
        assertThat(scatter).contains("double acc = g[i];").contains("g[i] = acc;");
        String source =
                "package gen;\n"
                        + "public final class Gather {\n"
                        + "  public static void gather(int n, double[] A, double[] x, double[] g)"
                        + " {\n"
                        + gather
                        + "  }\n"
                        + "  public static void scatter(int n, double[] A, double[] x, double[] g)"
                        + " {\n"
                        + scatter
                        + "  }\n"
                        + "}\n";
        Class<?> type = InMemoryJavac.compile(dir, Map.of("gen.Gather", source)).load("gen.Gather");
        int n = 5;
        Random random = new Random(3);
        double[] a = new double[n * n];
        double[] x = new double[n];
        double[] start = new double[n];
        for (int k = 0; k < a.length; k++) {
            a[k] = random.nextGaussian();
        }
        for (int k = 0; k < n; k++) {
            x[k] = random.nextGaussian();
            start[k] = 1e3 * random.nextGaussian(); // so that the two orders round differently
        }
        double[] gathered = start.clone();
        double[] scattered = start.clone();
        double[] byHandGather = start.clone();
        double[] byHandScatter = start.clone();
        for (int i = 0; i < n; i++) {
            double sum = 0.0;
            for (int j = 0; j < n; j++) {
                sum += a[i * n + j] * x[j];
                byHandScatter[i] += a[i * n + j] * x[j];
            }
            byHandGather[i] += sum;
        }
        Method gm =
                type.getMethod("gather", int.class, double[].class, double[].class, double[].class);
        Method sm =
                type.getMethod(
                        "scatter", int.class, double[].class, double[].class, double[].class);
        gm.invoke(null, n, a, x, gathered);
        sm.invoke(null, n, a, x, scattered);
        assertThat(gathered).isEqualTo(byHandGather);
        assertThat(scattered).isEqualTo(byHandScatter);
        assertThat(gathered).isNotEqualTo(scattered);
    }
}
