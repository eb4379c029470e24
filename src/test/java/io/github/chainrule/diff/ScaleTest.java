package io.github.chainrule.diff;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.chainrule.TestPrograms;
import io.github.chainrule.check.CheckedProgram;
import io.github.chainrule.graph.Evaluator;
import io.github.chainrule.graph.Node;
import io.github.chainrule.report.DeriveReport;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Size and depth: the differentiator is linear in the program and never recurses as deep as the
 * program. Times are printed for the record, never asserted: they depend on the machine and its
 * load.
 */
class ScaleTest {

    /** A recurrence like chain1000, of {@code n} statements, each read twice by the next. */
    static String chain(int n) {
        StringBuilder s = new StringBuilder("input x, a\nv0 = x\n");
        for (int i = 1; i <= n; i++) {
            s.append('v')
                    .append(i)
                    .append(" = sin(v")
                    .append(i - 1)
                    .append(") * a + 0.1 * v")
                    .append(i - 1)
                    .append('\n');
        }
        return s.toString();
    }

    /**
     * Everything after the parser runs on a thread with a 512 KB stack: a pass that recursed once
     * per statement would overflow it long before 100,000.
     */
    @Test
    void aChainOf100000StatementsDerivesWithoutDeepRecursion() throws Exception {
        CheckedProgram p = TestPrograms.compile(chain(100_000));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<double[]> result = new AtomicReference<>();
        Thread t =
                new Thread(
                        null,
                        () -> {
                            try {
                                long start = System.nanoTime();
                                int before = p.graph().size();
                                Derivatives d = Derivatives.of(p, p.wrt());
                                Backprop.Pass pass =
                                        Backprop.pass(p, Backprop.locals(p), p.outputs().get(0));
                                List<Node> roots =
                                        List.of(
                                                d.outputNodes().get(0),
                                                d.byOutput().get(0).get(0),
                                                d.byOutput().get(0).get(1));
                                double[] v =
                                        Evaluator.evaluate(
                                                p.graph(), roots, Map.of("x", 0.3, "a", 0.9));
                                String text =
                                        new DeriveReport(p, p.wrt(), false)
                                                .derivativeTexts(10_000)
                                                .toString();
                                System.out.printf(
                                        "chain of 100,000: derived in %.0f ms, graph %d -> %d"
                                                + " nodes, %d steps, %d chars%n",
                                        (System.nanoTime() - start) / 1e6,
                                        before,
                                        p.graph().size(),
                                        pass.steps().size(),
                                        text.length());
                                result.set(
                                        new double[] {
                                            v[roots.get(0).id()],
                                            v[roots.get(1).id()],
                                            v[roots.get(2).id()],
                                            before,
                                            p.graph().size()
                                        });
                            } catch (Throwable e) {
                                failure.set(e);
                            }
                        },
                        "small-stack",
                        512 * 1024);
        t.start();
        t.join();
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        double[] r = result.get();
        assertThat(r[1]).isFinite();
        assertThat(r[2]).isFinite();
        assertThat(r[4])
                .as("nodes after differentiation, linear in the program")
                .isLessThan(40.0 * 100_000);
    }

    /** The chain's derivative against a hand-written recurrence of the same chain rule. */
    @Test
    void chainDerivativeMatchesTheHandWrittenRecurrence() {
        int n = 1000;
        CheckedProgram p = TestPrograms.compile(chain(n));
        Derivatives d = Derivatives.of(p, p.wrt());
        double x = 0.3;
        double a = 0.9;
        double[] v = new double[n + 1];
        v[0] = x;
        for (int i = 1; i <= n; i++) {
            v[i] = Math.sin(v[i - 1]) * a + 0.1 * v[i - 1];
        }
        double dv = 1;
        double da = 0;
        for (int i = n; i >= 1; i--) {
            da += dv * Math.sin(v[i - 1]);
            dv *= Math.cos(v[i - 1]) * a + 0.1;
        }
        double[] values =
                Evaluator.evaluate(
                        p.graph(),
                        List.of(d.byOutput().get(0).get(0), d.byOutput().get(0).get(1)),
                        Map.of("x", x, "a", a));
        assertThat(values[d.byOutput().get(0).get(0).id()])
                .isCloseTo(dv, org.assertj.core.data.Offset.offset(1e-12 * Math.abs(dv) + 1e-300));
        assertThat(values[d.byOutput().get(0).get(1).id()])
                .isCloseTo(da, org.assertj.core.data.Offset.offset(1e-12 * Math.abs(da)));
    }

    @Test
    void random10000DerivesInLinearSpace() {
        CheckedProgram warm = TestPrograms.program("random10000");
        Derivatives.of(warm, warm.wrt());
        long start = System.nanoTime();
        CheckedProgram p = TestPrograms.program("random10000");
        int before = p.graph().size();
        Derivatives d = Derivatives.of(p, p.wrt());
        double ms = (System.nanoTime() - start) / 1e6;
        System.out.printf(
                "random10000: compiled and derived in %.0f ms after warm-up; graph %d -> %d"
                        + " nodes%n",
                ms, before, p.graph().size());
        assertThat(d.byOutput().get(0)).hasSize(p.wrt().size());
        assertThat(p.graph().size()).isLessThan(10 * before);
    }
}
