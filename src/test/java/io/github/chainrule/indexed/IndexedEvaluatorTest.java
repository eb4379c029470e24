package io.github.chainrule.indexed;

import static io.github.chainrule.indexed.IndexedProgram.ReduceOp.MAX;
import static io.github.chainrule.indexed.IndexedProgram.ReduceOp.MIN;
import static io.github.chainrule.indexed.IndexedProgram.ReduceOp.SUM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.chainrule.graph.Cmp;
import io.github.chainrule.graph.Evaluator;
import io.github.chainrule.graph.Fn;
import io.github.chainrule.graph.Graph;
import io.github.chainrule.graph.MathFunctions;
import io.github.chainrule.graph.Node;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IndexedEvaluatorTest {

    /** {@code y[i] = 2 * x[i] + 1 for i in 0..n}. */
    @Test
    void mapRunsOverItsRange() {
        ProgramBuilder p = new ProgramBuilder().size("n").input("x[n]").assigned("y[n]");
        Graph g = p.g;
        p.single(
                p.statement("y[i]", "i in 0..n", g.add(g.scale(2, p.read("x[i]")), g.constant(1))));
        IndexedValues v =
                IndexedEvaluator.evaluate(
                        p.build(),
                        IndexedPoint.builder().size("n", 3).array("x", 1, -2, 0.5).build());
        assertThat(v.get("y")).containsExactly(3, -3, 2);
        assertThat(v.get("x")).containsExactly(1, -2, 0.5);
        assertThat(v.sizes()).containsEntry("n", 3L);
        assertThat(v.shape("y")).containsExactly(3);
    }

    /** A scalar statement gives bit for bit what the scalar evaluator gives. */
    @Test
    void scalarBodyMatchesTheScalarEvaluatorBitForBit() {
        ProgramBuilder p = new ProgramBuilder().input("a").input("b").assigned("f");
        Graph g = p.g;
        Node a = p.read("a");
        Node b = p.read("b");
        Node body =
                g.add(
                        g.mul(g.apply(Fn.SIN, a), g.div(b, g.add(a, g.constant(3)))),
                        g.sub(g.pow(g.apply(Fn.ABS, b), g.constant(2.5)), g.powInt(a, -3)));
        p.single(p.statement("f", "", body));
        for (double[] at : new double[][] {{0.3, -1.7}, {1e-3, 12.5}, {-2.25, 0.1}}) {
            IndexedValues v =
                    IndexedEvaluator.evaluate(
                            p.build(),
                            IndexedPoint.builder().scalar("a", at[0]).scalar("b", at[1]).build());
            double expected =
                    Evaluator.evaluate(g, List.of(body), Map.of("a", at[0], "b", at[1]))[body.id()];
            assertThat(Double.doubleToRawLongBits(v.scalar("f")))
                    .isEqualTo(Double.doubleToRawLongBits(expected));
        }
    }

    /** {@code E = sum((x[i] - x[j])^2 for i in 0..n, j in i+1..n)}, left to right from 0. */
    @Test
    void sumOverADependentRange() {
        ProgramBuilder p = new ProgramBuilder().size("n").input("x[n]").assigned("E");
        Graph g = p.g;
        p.single(
                p.reduce(
                        SUM,
                        0,
                        "E",
                        "i in 0..n, j in i+1..n",
                        g.square(g.sub(p.read("x[i]"), p.read("x[j]")))));
        double[] x = {0.1, 2.3, -1.7, 0.25, 9.5};
        double expected = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = i + 1; j < x.length; j++) {
                expected += (x[i] - x[j]) * (x[i] - x[j]);
            }
        }
        IndexedValues v =
                IndexedEvaluator.evaluate(
                        p.build(), IndexedPoint.builder().size("n", 5).array("x", x).build());
        assertThat(v.scalar("E")).isEqualTo(expected);
    }

    /**
     * {@code s[i] = sum(x[j] for j in i+1..n)}, and the same as max and min: the last element's
     * range is empty, so it is 0, -Infinity and +Infinity.
     */
    @Test
    void emptyReductions() {
        ProgramBuilder p =
                new ProgramBuilder()
                        .size("n")
                        .input("x[n]")
                        .assigned("s[n]")
                        .assigned("hi[n]")
                        .assigned("lo[n]");
        p.single(p.reduce(SUM, 1, "s[i]", "i in 0..n, j in i+1..n", p.read("x[j]")));
        p.single(p.reduce(MAX, 1, "hi[i]", "i in 0..n, j in i+1..n", p.read("x[j]")));
        p.single(p.reduce(MIN, 1, "lo[i]", "i in 0..n, j in i+1..n", p.read("x[j]")));
        IndexedValues v =
                IndexedEvaluator.evaluate(
                        p.build(),
                        IndexedPoint.builder().size("n", 3).array("x", 1, 5, -2).build());
        assertThat(v.get("s")).containsExactly(3, -2, 0);
        assertThat(v.get("hi")).containsExactly(5, -2, Double.NEGATIVE_INFINITY);
        assertThat(v.get("lo")).containsExactly(-2, -2, Double.POSITIVE_INFINITY);
    }

    /**
     * A tie keeps the first: 0.0 and -0.0 are equal, so which one comes out shows which was kept; a
     * NaN goes as it goes through the scalar {@code max(max(t0, t1), t2)}.
     */
    @Test
    void maxAndMinKeepTheFirstOfEqualValues() {
        ProgramBuilder p = new ProgramBuilder().size("n").input("x[n]").assigned("m").assigned("k");
        p.single(p.reduce(MAX, 0, "m", "i in 0..n", p.read("x[i]")));
        p.single(p.reduce(MIN, 0, "k", "i in 0..n", p.read("x[i]")));
        IndexedProgram program = p.build();
        for (double[] x :
                new double[][] {
                    {-0.0, 0.0}, {0.0, -0.0}, {-1, -0.0, 0.0, -1}, {Double.NaN, 1}, {1, Double.NaN}
                }) {
            IndexedValues v =
                    IndexedEvaluator.evaluate(
                            program,
                            IndexedPoint.builder().size("n", x.length).array("x", x).build());
            double max = Fn.MAX.eval(new double[] {x[0], x[1]});
            double min = Fn.MIN.eval(new double[] {x[0], x[1]});
            for (int i = 2; i < x.length; i++) {
                max = Fn.MAX.eval(new double[] {max, x[i]});
                min = Fn.MIN.eval(new double[] {min, x[i]});
            }
            assertThat(Double.doubleToRawLongBits(v.scalar("m")))
                    .as("max of %s", java.util.Arrays.toString(x))
                    .isEqualTo(Double.doubleToRawLongBits(max));
            assertThat(Double.doubleToRawLongBits(v.scalar("k")))
                    .as("min of %s", java.util.Arrays.toString(x))
                    .isEqualTo(Double.doubleToRawLongBits(min));
        }
        IndexedValues v =
                IndexedEvaluator.evaluate(
                        program, IndexedPoint.builder().size("n", 2).array("x", -0.0, 0.0).build());
        assertThat(Double.doubleToRawLongBits(v.scalar("m")))
                .isEqualTo(Double.doubleToRawLongBits(-0.0));
    }

    /** {@code x[0] = x0; x[t] = x[t-1] * a for t in 1..T}. */
    @Test
    void piecewiseArrayWithARecurrence() {
        ProgramBuilder p = new ProgramBuilder().size("T").input("x0").input("a").assigned("x[T]");
        Graph g = p.g;
        p.single(p.statement("x[0]", "", p.read("x0")));
        p.recurrence(
                "1", "T", p.statement("x[t]", "t in 1..T", g.mul(p.read("x[t-1]"), p.read("a"))));
        IndexedValues v =
                IndexedEvaluator.evaluate(
                        p.build(),
                        IndexedPoint.builder()
                                .size("T", 5)
                                .scalar("x0", 1.5)
                                .scalar("a", -0.5)
                                .build());
        assertThat(v.get("x")).containsExactly(1.5, -0.75, 0.375, -0.1875, 0.09375);
    }

    /**
     * The damped oscillator of the README's "Indexed programs" (examples/indexed/oscillator.chain),
     * with {@code v} reading {@code x} at the same position (x runs first at each position).
     */
    @Test
    void mutualRecurrence() {
        ProgramBuilder p =
                new ProgramBuilder()
                        .size("T", 6)
                        .input("k")
                        .input("dt")
                        .input("x0")
                        .input("v0")
                        .assigned("x[T]")
                        .assigned("v[T]");
        Graph g = p.g;
        p.single(p.statement("x[0]", "", p.read("x0")));
        p.single(p.statement("v[0]", "", p.read("v0")));
        Node dt = p.read("dt");
        Node xs = g.add(p.read("x[t-1]"), g.mul(dt, p.read("v[t-1]")));
        IndexedProgram.Statement xt = p.statement("x[t]", "t in 1..T", xs);
        Node vs = g.sub(p.read("v[t-1]"), g.mul(p.read("dt"), g.mul(p.read("k"), p.read("x[t]"))));
        IndexedProgram.Statement vt = p.statement("v[t]", "t in 1..T", vs);
        p.recurrence("1", "T", xt, vt);
        double k = 2.5;
        double step = 0.1;
        IndexedValues v =
                IndexedEvaluator.evaluate(
                        p.build(),
                        IndexedPoint.builder()
                                .scalar("k", k)
                                .scalar("dt", step)
                                .scalar("x0", 1)
                                .scalar("v0", -0.5)
                                .build());
        double[] x = new double[6];
        double[] vel = new double[6];
        x[0] = 1;
        vel[0] = -0.5;
        for (int t = 1; t < 6; t++) {
            x[t] = x[t - 1] + step * vel[t - 1];
            vel[t] = vel[t - 1] - step * (k * x[t]);
        }
        assertThat(v.get("x")).containsExactly(x);
        assertThat(v.get("v")).containsExactly(vel);
    }

    /**
     * {@code y[i] = i / n + x[i]}, {@code c[i, j] = if(i == j, 1, 0)}: values of indices and sizes.
     */
    @Test
    void sizesAndIndicesAsValues() {
        ProgramBuilder p =
                new ProgramBuilder()
                        .size("n")
                        .size("m", 2)
                        .input("x[n]")
                        .assigned("y[n]")
                        .assigned("c[n, m]");
        Graph g = p.g;
        p.single(
                p.statement(
                        "y[i]",
                        "i in 0..n",
                        g.add(g.div(p.value("i"), p.value("n")), p.read("x[i]"))));
        p.single(
                p.statement(
                        "c[i, j]",
                        "i in 0..n, j in 0..m",
                        g.select(
                                g.compare(Cmp.EQ, p.value("i"), p.value("j")),
                                p.value("m"),
                                g.constant(0))));
        IndexedValues v =
                IndexedEvaluator.evaluate(
                        p.build(),
                        IndexedPoint.builder().size("n", 3).array("x", 10, 20, 30).build());
        assertThat(v.get("y")).containsExactly(10, 20 + 1.0 / 3, 30 + 2.0 / 3);
        assertThat(v.get("c")).containsExactly(2, 0, 0, 2, 0, 0);
        assertThat(v.at("c", 1, 1)).isEqualTo(2);
        assertThat(v.sizes()).containsExactly(Map.entry("n", 3L), Map.entry("m", 2L));
    }

    /**
     * {@code z[s] = sum(X[s, f] * w[f] for f) + b}, the sum lifted into {@code z@1} over {@code s,
     * f} with {@code reduceFrom} 1; reversed and strided reads.
     */
    @Test
    void liftedReductionOverAMatrixAndOffsets() {
        ProgramBuilder p =
                new ProgramBuilder()
                        .size("m")
                        .size("p")
                        .input("X[m, p]")
                        .input("w[p]")
                        .input("b")
                        .assigned("z@1[m]")
                        .assigned("z[m]")
                        .assigned("r[p]")
                        .assigned("e[m]");
        Graph g = p.g;
        p.single(
                p.reduce(
                        SUM,
                        1,
                        "z@1[s]",
                        "s in 0..m, f in 0..p",
                        g.mul(p.read("X[s, f]"), p.read("w[f]"))));
        p.single(p.statement("z[s]", "s in 0..m", g.add(p.read("z@1[s]"), p.read("b"))));
        p.single(p.statement("r[i]", "i in 0..p", p.read("w[p-1-i]")));
        p.single(p.statement("e[i]", "i in 0..m", p.read("X[i, 2*i+0]")));
        IndexedValues v =
                IndexedEvaluator.evaluate(
                        p.build(),
                        IndexedPoint.builder()
                                .size("m", 2)
                                .size("p", 3)
                                .array("X", 1, 2, 3, 4, 5, 6)
                                .array("w", 1, 10, 100)
                                .scalar("b", 0.5)
                                .build());
        assertThat(v.get("z")).containsExactly(321.5, 654.5);
        assertThat(v.get("r")).containsExactly(100, 10, 1);
        assertThat(v.get("e")).containsExactly(1, 6);
    }

    @Test
    void lengthsMustMatchTheirExtents() {
        ProgramBuilder p =
                new ProgramBuilder()
                        .size("h", 128)
                        .size("d")
                        .input("W[h, d]")
                        .input("b")
                        .assigned("s");
        p.single(p.reduce(SUM, 0, "s", "j in 0..h, i in 0..d", p.read("W[j, i]")));
        IndexedProgram program = p.build();
        assertThatThrownBy(
                        () ->
                                IndexedEvaluator.evaluate(
                                        program,
                                        IndexedPoint.builder()
                                                .size("d", 784)
                                                .array("W", new double[1000])
                                                .scalar("b", 1)
                                                .build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "W has length 1000 but must have length 100352: W[h, d] with h = 128,"
                                + " d = 784");
        assertThatThrownBy(
                        () ->
                                IndexedEvaluator.evaluate(
                                        program,
                                        IndexedPoint.builder()
                                                .size("d", 1)
                                                .array("W", new double[128])
                                                .array("b", 1, 2)
                                                .build()))
                .hasMessage("b has length 2 but must have length 1: b is a scalar");
        assertThatThrownBy(
                        () ->
                                IndexedEvaluator.evaluate(
                                        program,
                                        IndexedPoint.builder()
                                                .size("d", 0)
                                                .array("W", new double[0])
                                                .scalar("b", 1)
                                                .build()))
                .hasMessage("size d is 0 but must be at least 1");
        assertThatThrownBy(
                        () ->
                                IndexedEvaluator.evaluate(
                                        program,
                                        IndexedPoint.builder()
                                                .array("W", new double[128])
                                                .scalar("b", 1)
                                                .build()))
                .hasMessage("no value for size d");
        assertThatThrownBy(
                        () ->
                                IndexedEvaluator.evaluate(
                                        program,
                                        IndexedPoint.builder()
                                                .size("d", 1)
                                                .size("h", 127)
                                                .array("W", new double[128])
                                                .scalar("b", 1)
                                                .build()))
                .hasMessage("size h is fixed to 128 in the program, but was given as 127");
        assertThatThrownBy(
                        () ->
                                IndexedEvaluator.evaluate(
                                        program,
                                        IndexedPoint.builder()
                                                .size("d", 1)
                                                .array("W", new double[128])
                                                .build()))
                .hasMessage("no value for input b");
    }

    /** A program the checker should have refused: the message says where the read lands. */
    @Test
    void anAccessOutsideItsArrayIsRefused() {
        ProgramBuilder p = new ProgramBuilder().size("n").input("x[n]").assigned("y[n]");
        p.single(p.statement("y[i]", "i in 0..n", p.read("x[i+1]")));
        assertThatThrownBy(
                        () ->
                                IndexedEvaluator.evaluate(
                                        p.build(),
                                        IndexedPoint.builder()
                                                .size("n", 2)
                                                .array("x", 1, 2)
                                                .build()))
                .hasMessage(
                        "x[i+1] at i = 1: subscript i+1 is 2, outside 0..2 (0 <= i+1 < 2) of x[n]"
                                + " with n = 2");
    }

    /** A million elements through a few nodes each: well under a second of CPU once warm. */
    @Test
    void aMillionElementsEvaluateQuickly() {
        int n = 1_000_000;
        ProgramBuilder p =
                new ProgramBuilder()
                        .size("n")
                        .input("x[n]")
                        .input("w[n]")
                        .assigned("y[n]")
                        .assigned("L");
        Graph g = p.g;
        p.single(
                p.statement(
                        "y[i]",
                        "i in 0..n",
                        g.apply(
                                Fn.TANH,
                                g.add(g.mul(p.read("w[i]"), p.read("x[i]")), g.constant(0.5)))));
        p.single(p.reduce(SUM, 0, "L", "i in 0..n", g.square(p.read("y[i]"))));
        IndexedProgram program = p.build();
        double[] x = new double[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = Math.sin(i);
            w[i] = Math.cos(i);
        }
        IndexedPoint point =
                IndexedPoint.builder().size("n", n).array("x", x).array("w", w).build();
        IndexedEvaluator.evaluate(program, point); // warm up
        long start = cpuNanos();
        IndexedValues v = IndexedEvaluator.evaluate(program, point);
        long millis = (cpuNanos() - start) / 1_000_000;
        double expected = 0;
        for (int i = 0; i < n; i++) {
            double y = MathFunctions.tanh(w[i] * x[i] + 0.5);
            expected += y * y;
        }
        assertThat(v.scalar("L")).isEqualTo(expected);
        assertThat(millis).as("milliseconds for 10^6 elements").isLessThan(1000);
    }

    /**
     * This thread's CPU time: the machine running the tests may be shared, and wall time would
     * measure the others.
     */
    private static long cpuNanos() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }
}
