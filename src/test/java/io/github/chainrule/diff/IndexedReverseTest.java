package io.github.chainrule.diff;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.chainrule.check.IndexedChecker;
import io.github.chainrule.diag.Reporter;
import io.github.chainrule.diag.SourceFile;
import io.github.chainrule.graph.Printer;
import io.github.chainrule.indexed.IndexedProgram;
import io.github.chainrule.syntax.Ast;
import io.github.chainrule.syntax.SyntaxParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shape of adjoint programs: which statements, over which domains, in which order. */
class IndexedReverseTest {

    static IndexedProgram check(String text) {
        SourceFile source = new SourceFile("test.chain", text);
        Reporter reporter = new Reporter(source);
        Ast.Program parsed = SyntaxParser.parse(source, reporter).orElseThrow();
        IndexedProgram p = IndexedChecker.check(parsed, reporter).orElseThrow();
        assertThat(reporter.hasErrors()).as(reporter.format()).isFalse();
        return p;
    }

    /** {@code dz/dW[j, i] += dz/dz@1[j]*x[i] for j in 0..m, i in 0..n}, one a line. */
    static List<String> show(IndexedAdjoint adjoint) {
        List<String> out = new ArrayList<>();
        for (IndexedProgram.Step step : adjoint.steps()) {
            String prefix = step instanceof IndexedProgram.Recurrence ? "backwards " : "";
            List<IndexedProgram.Statement> group =
                    step instanceof IndexedProgram.Recurrence r
                            ? r.statements()
                            : List.of(((IndexedProgram.Single) step).statement());
            for (IndexedProgram.Statement s : group) {
                out.add(prefix + show(s));
            }
        }
        return out;
    }

    static String show(IndexedProgram.Statement s) {
        StringBuilder b = new StringBuilder(s.target());
        if (!s.lhs().isEmpty()) {
            List<String> subs = new ArrayList<>();
            s.lhs().forEach(a -> subs.add(a.toString()));
            b.append('[').append(String.join(", ", subs)).append(']');
        }
        b.append(s.accumulates() ? " += " : " = ");
        List<IndexedProgram.Binder> outer = s.domain();
        if (s.accumulates() && s.reduce().isPresent()) { // a gather
            List<String> inner = new ArrayList<>();
            s.domain()
                    .subList(s.reduceFrom(), s.domain().size())
                    .forEach(d -> inner.add(d.index() + " in " + d.lo() + ".." + d.hi()));
            b.append("sum(")
                    .append(Printer.print(s.body()))
                    .append(" for ")
                    .append(String.join(", ", inner))
                    .append(")");
            outer = s.domain().subList(0, s.reduceFrom());
        } else {
            b.append(Printer.print(s.body()));
        }
        if (s.store() instanceof IndexedProgram.Accumulate a && a.firstWhere().isPresent()) {
            b.append(" first where ").append(Printer.print(a.firstWhere().get()));
        }
        List<String> ranges = new ArrayList<>();
        outer.forEach(d -> ranges.add(d.index() + " in " + d.lo() + ".." + d.hi()));
        if (!ranges.isEmpty()) {
            b.append("   for ").append(String.join(", ", ranges));
        }
        return b.toString();
    }

    @Test
    void matrixVectorProductGivesAnOuterProduct() {
        IndexedProgram p =
                check(
                        "dim m = 2, n = 3\n"
                                + "input W[m, n], x[n]\n"
                                + "wrt W, x\n"
                                + "output z\n"
                                + "z[j] = sum(W[j, i] * x[i] for i)\n");
        List<String> lines = show(IndexedReverse.adjoint(p, "z"));

        // the copy dz/dz@1[j] += dz/dz[j] is folded away; x[i] is read whole along i: a gather
        assertThat(lines)
                .containsExactly(
                        "dz/dW[j, i] += x[i]*dz/dz[j]   for j in 0..m, i in 0..n",
                        "dz/dx[i] += sum(W[j, i]*dz/dz[j] for j in 0..m)   for i in 0..n");
    }

    /**
     * tanh' and exp' reuse the function's value: the adjoint reads the element the forward run
     * stored ({@code a[j]}, {@code u[j]}) instead of calling tanh or exp again; a reduction's body
     * is one term of the stored sum, so its exp is computed.
     */
    @Test
    void aPartialThatReusesTheValueReadsTheStoredElement() {
        IndexedProgram p =
                check(
                        "dim n = 3\n"
                                + "input x[n]\n"
                                + "a[j] = tanh(x[j])\n"
                                + "u[j] = exp(a[j])\n"
                                + "L = sum(exp(u[j]) for j)\n");
        List<String> lines = show(IndexedReverse.adjoint(p, "L"));

        assertThat(lines)
                .anySatisfy(l -> assertThat(l).startsWith("dL/dx[j] += ").contains("a[j]"))
                .anySatisfy(l -> assertThat(l).startsWith("dL/da[j] += ").contains("u[j]"))
                .anySatisfy(l -> assertThat(l).startsWith("dL/du[j] += ").contains("exp(u[j])"))
                .noneSatisfy(l -> assertThat(l).contains("tanh("))
                .noneSatisfy(l -> assertThat(l).contains("exp(a[j])"));
    }

    /** The representation the loop generator reads: SUM from binder k, lhs the first k binders. */
    @Test
    void aGatherIsAnAccumulationWithASumOverItsInnerBinders() {
        IndexedProgram p =
                check(
                        "dim m = 2, n = 3\n"
                                + "input W[m, n], x[n]\n"
                                + "wrt x\n"
                                + "output z\n"
                                + "z[j] = sum(W[j, i] * x[i] for i)\n");
        IndexedProgram.Statement gather = IndexedReverse.adjoint(p, "z").statements().get(0);

        assertThat(gather.target()).isEqualTo("dz/dx");
        assertThat(gather.store()).isEqualTo(IndexedProgram.Accumulate.everywhere());
        assertThat(gather.reduce()).contains(IndexedProgram.ReduceOp.SUM);
        assertThat(gather.reduceFrom()).isEqualTo(1);
        assertThat(gather.lhs()).containsExactly(io.github.chainrule.indexed.Affine.symbol("i"));
        assertThat(gather.domain())
                .extracting(IndexedProgram.Binder::index)
                .containsExactly("i", "j");
    }

    /** The running sum from 0.0 over the inner binders, then added once: bit for bit. */
    @Test
    void aGatherSumsFromZeroInRowMajorOrderThenAddsOnce() {
        IndexedProgram p =
                check(
                        "dim m = 3, n = 2\n"
                                + "input W[m, n], x[n]\n"
                                + "wrt x\n"
                                + "L = sum(sum(W[j, i] * x[i] for i) for j)\n");
        double[] w = {0.1, 1e16, 0.7, -1e16, 0.3, 0.2};
        IndexedDerivatives d =
                IndexedDerivatives.at(
                        p,
                        io.github.chainrule.indexed.IndexedPoint.builder()
                                .array("W", w)
                                .array("x", 1, 2)
                                .build());
        for (int i = 0; i < 2; i++) {
            double sum = 0.0;
            for (int j = 0; j < 3; j++) {
                sum += w[j * 2 + i] * 1.0;
            }
            assertThat(d.byElement().get("L").get("x")[i]).isEqualTo(0.0 + sum);
        }
    }

    @Test
    void readsThatAreNotTheIdentityStayScatterAdds() {
        IndexedProgram p =
                check(
                        "dim n = 4\n"
                                + "input x[n], W[n, n], v[n]\n"
                                + "output L\n"
                                + "L = sum(W[i, i] * x[i+1] for i in 0..n-1)"
                                + " + sum(v[j] for i in 0..n, j in i..n)\n");
        List<String> lines = show(IndexedReverse.adjoint(p, "L"));

        assertThat(lines).contains("dL/dW[i, i] += x[i+1]*dL/dL   for i in 0..n-1");
        assertThat(lines).contains("dL/dx[i+1] += W[i, i]*dL/dL   for i in 0..n-1");
        assertThat(lines).contains("dL/dv[j] += dL/dL   for i in 0..n, j in i..n");
    }

    /** A fixed size may be written as its value: 0..3 covers x[n] when n = 3. */
    @Test
    void rangesCoverAnExtentWhateverWayAFixedSizeIsWritten() {
        IndexedProgram p =
                check(
                        "dim n = 3\n"
                                + "input x[n], y[n]\n"
                                + "output L\n"
                                + "L = sum(x[i] * y[j] for j in 0..n, i in 0..3)\n");
        List<String> lines = show(IndexedReverse.adjoint(p, "L"));

        assertThat(lines)
                .contains(
                        "dL/dx[i] += sum(y[j]*dL/dL for j in 0..n)   for i in 0..3",
                        "dL/dy[j] += sum(x[i]*dL/dL for i in 0..3)   for j in 0..n");
    }

    /** Moving the gathered binder out front would change what a later range reads: kept. */
    @Test
    void aGatherThatWouldReorderADependentRangeStaysAScatterAdd() {
        IndexedProgram p =
                check(
                        "dim n = 3\n"
                                + "input x[n], w[n]\n"
                                + "output L\n"
                                + "L = sum(w[k] * x[i] for k in 0..n, i in 0..n, j in 0..i)\n");
        List<String> lines = show(IndexedReverse.adjoint(p, "L"));

        assertThat(lines)
                .contains("dL/dx[i] += w[k]*dL/dL   for k in 0..n, i in 0..n, j in 0..i")
                .contains("dL/dw[k] += sum(x[i]*dL/dL for i in 0..n, j in 0..i)   for k in 0..n");
    }

    @Test
    void aReadWithAnOffsetIsAScatterAddAtTheOffset() {
        IndexedProgram p =
                check(
                        "dim n\n"
                                + "input x[n]\n"
                                + "output L\n"
                                + "d[i] = x[i+1] - x[i] for i in 0..n-1\n"
                                + "L = sum(d[i]^2 for i)\n");
        List<String> lines = show(IndexedReverse.adjoint(p, "L"));

        assertThat(lines)
                .containsExactly(
                        "dL/dd[i] += 2*d[i]*dL/dL   for i in 0..n-1",
                        "dL/dx[i+1] += dL/dd[i]   for i in 0..n-1",
                        "dL/dx[i] += -dL/dd[i]   for i in 0..n-1");
    }

    @Test
    void aRecurrenceRunsBackwardsWithItsStatementsReversed() {
        IndexedProgram p =
                check(
                        "dim T\n"
                                + "input k, dt, x0, v0\n"
                                + "output L\n"
                                + "x[0] = x0\n"
                                + "v[0] = v0\n"
                                + "x[t] = x[t-1] + dt * v[t-1] for t in 1..T\n"
                                + "v[t] = v[t-1] - dt * k * x[t] for t in 1..T\n"
                                + "L = x[T-1]^2 + v[T-1]^2\n");
        List<String> lines = show(IndexedReverse.adjoint(p, "L"));

        // L's statement, then one backward loop: v[t]'s statement before x[t]'s (x[t] is read
        // by v[t] at the same position), then the pieces at 0
        assertThat(lines)
                .containsExactly(
                        "dL/dv[T-1] += 2*v[T-1]*dL/dL",
                        "dL/dx[T-1] += 2*x[T-1]*dL/dL",
                        "backwards dL/ddt += -k*x[t]*dL/dv[t]   for t in 1..T",
                        "backwards dL/dk += -dt*x[t]*dL/dv[t]   for t in 1..T",
                        "backwards dL/dv[t-1] += dL/dv[t]   for t in 1..T",
                        "backwards dL/dx[t] += -dt*k*dL/dv[t]   for t in 1..T",
                        "backwards dL/ddt += v[t-1]*dL/dx[t]   for t in 1..T",
                        "backwards dL/dv[t-1] += dt*dL/dx[t]   for t in 1..T",
                        "backwards dL/dx[t-1] += dL/dx[t]   for t in 1..T",
                        "dL/dv0 += dL/dv[0]",
                        "dL/dx0 += dL/dx[0]");
    }

    @Test
    void aMaxReductionFlowsToTheFirstExtremeOnly() {
        IndexedProgram p = check("dim n = 3\ninput x[n]\noutput M\nM = max(x[i]^2 for i)\n");
        List<String> lines = show(IndexedReverse.adjoint(p, "M"));

        assertThat(lines)
                .anyMatch(l -> l.startsWith("dM/dx[i] += ") && l.contains(" first where "));
    }

    /** On a tie the derivative flows to the first extreme only, as {@code max(a, b)} picks a. */
    @Test
    void tiesGoToTheFirstExtremeInBothModes() {
        IndexedProgram p =
                check(
                        "dim n = 3\n"
                                + "input x[n], W[n, n]\n"
                                + "output M, m\n"
                                + "M = max(x[i] for i)\n"
                                + "m = min(W[i, j] * x[j] for i, j in 0..n)\n");
        io.github.chainrule.indexed.IndexedPoint point =
                io.github.chainrule.indexed.IndexedPoint.builder()
                        .array("x", 1, 3, 3)
                        .array("W", 1, 1, 1, 1, 1, 1, 1, 1, 1)
                        .build();
        for (IndexedDerivatives d :
                List.of(
                        IndexedDerivatives.at(p, point),
                        IndexedDerivatives.inForwardMode(p, point))) {
            assertThat(d.byElement().get("M").get("x")).containsExactly(0, 1, 0);
            assertThat(d.byElement().get("m").get("x")).containsExactly(1, 0, 0);
            assertThat(d.byElement().get("m").get("W")).containsExactly(1, 0, 0, 0, 0, 0, 0, 0, 0);
        }
    }

    @Test
    void aTangentProgramRunsInTheForwardOrder() {
        IndexedProgram p =
                check(
                        "dim m = 2, n = 3\n"
                                + "input W[m, n], x[n]\n"
                                + "output L\n"
                                + "z[j] = sum(W[j, i] * x[i] for i)\n"
                                + "L = sum(z[j]^2 for j)\n");
        IndexedTangent t = IndexedForward.tangent(p, "x");
        List<String> lines = new ArrayList<>();
        for (IndexedProgram.Step step : t.steps()) {
            lines.add(show(((IndexedProgram.Single) step).statement()));
        }
        assertThat(lines)
                .containsExactly(
                        "dz@1/dx[j] = W[j, i]*dx/dx[i]   for j in 0..m, i in 0..n",
                        "dz/dx[j] = dz@1/dx[j]   for j in 0..m",
                        "dL@1/dx = 2*z[j]*dz/dx[j]   for j in 0..m",
                        "dL/dx = dL@1/dx");
    }

    /** lj at n = 10 and n = 1000 is the same program, so the same adjoint statements. */
    @Test
    void theNumberOfAdjointStatementsDoesNotDependOnTheSizes() throws IOException {
        String lj = Files.readString(Path.of("examples/indexed/lj.chain"), StandardCharsets.UTF_8);
        IndexedProgram p = check(lj);
        IndexedAdjoint adjoint = IndexedReverse.adjoint(p, "E");

        // sum over pairs reads x[i], x[j], y[i], y[j], z[i], z[j]; E's copy of the lifted sum
        // is folded away
        assertThat(adjoint.statements()).hasSize(6);
        for (int n : new int[] {10, 1000}) {
            io.github.chainrule.indexed.IndexedPoint.Builder b =
                    io.github.chainrule.indexed.IndexedPoint.builder().size("n", n);
            for (String axis : List.of("x", "y", "z")) {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = 1.1 * i + (axis.equals("y") ? 0.3 : axis.equals("z") ? 0.7 : 0);
                }
                b.array(axis, v);
            }
            IndexedDerivatives d = IndexedDerivatives.at(p, b.build());
            assertThat(d.byElement()).containsOnlyKeys("E");
            assertThat(d.byElement().get("E").get("x")).hasSize(n);
            assertThat(IndexedReverse.adjoint(p, "E").statements()).hasSize(6);
        }
    }
}
