package io.github.chainrule.loopgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.chainrule.Driver;
import io.github.chainrule.diag.SourceFile;
import io.github.chainrule.diff.IndexedAdjoint;
import io.github.chainrule.diff.IndexedForward;
import io.github.chainrule.diff.IndexedReverse;
import io.github.chainrule.indexed.IndexedProgram;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * How the loop classes group statements into loop nests: statements of a pass over the same domain
 * share one nest unless one reads what another writes; the gradient runs the forward and backward
 * nests over one domain as one; what a nest adds into and nothing wrote before is stored, not
 * zeroed then added to; a recurrence keeps in locals what it hands from one position to the next.
 * The values themselves are checked by {@link LoopExamplesTest} and {@link LoopCorpusTest}.
 */
class LoopFusionTest {
    private static IndexedProgram program(String example) throws IOException {
        Path file = Path.of("examples/indexed/" + example + ".chain");
        Driver.Checked c = Driver.check(new SourceFile(file.toString(), Files.readString(file)));
        assertThat(c.indexed()).as(c.reporter().format()).isPresent();
        return c.indexed().get();
    }

    private static String generate(String example) throws IOException {
        return LoopEmitter.generate(program(example), "gen", "G");
    }

    /** The body of the method {@code name} in {@code source}. */
    private static String method(String source, String name) {
        Matcher m =
                Pattern.compile(
                                "private static \\w+ "
                                        + name
                                        + "\\([^)]*\\) \\{\\n(.*?)\\n    }\\n",
                                Pattern.DOTALL)
                        .matcher(source);
        assertThat(m.find()).as(name).isTrue();
        return m.group(1);
    }

    /** The method {@code pass} calls that runs a loop with {@code step}. */
    private static String loop(String source, String pass, String step) {
        for (String c : calls(method(source, pass))) {
            String body = method(source, c);
            if (body.contains(step + ")")) {
                return body;
            }
        }
        throw new AssertionError(pass + " runs no loop with " + step);
    }

    private static List<String> calls(String body) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("(\\w+)\\(work\\);").matcher(body);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void ljsGradientIsOneLoopNestOverThePairs() throws IOException {
        IndexedAdjoint adjoint = IndexedReverse.adjoint(program("lj"), "E");
        List<Schedule.Unit> backward = Schedule.of(adjoint.steps(), true);
        assertThat(adjoint.steps()).hasSize(6);
        assertThat(backward).hasSize(1); // the gather and the scatter of each of x, y, z

        String source = generate("lj");
        // the forward pass's nest, the backward pass's and the gradient's: three, not 1 + 6 + 7
        assertThat(count(source, "for (int j = i + 1; j < n; j++)")).isEqualTo(3);
        List<String> gradient = calls(method(source, "gradientPass"));
        assertThat(gradient).hasSize(2); // the energy and forces, then E = E@1
        String nest = method(source, gradient.get(0));
        assertThat(count(nest, "for (")).isEqualTo(2);
        assertThat(count(nest, "1.0 / ")).isEqualTo(1); // the pair's distance, divided once
        assertThat(nest).contains("grad[dxAt + j] -=").contains("grad[dzAt + i] += acc");
        // the scatter subtracts the gather's term instead of computing its negation again
        assertThat(count(nest, "2.0 * t")).isEqualTo(3);
        assertThat(nest).doesNotContain("-2.0 *");
        // the gradient's seed is the literal 1.0; backward's is the caller's, read from its array
        assertThat(nest).doesNotContain("dE_dE").contains("* 1.0)");
        String backwardNest = method(source, calls(method(source, "backwardPassOfE")).get(0));
        assertThat(backwardNest).contains("dE_dE[0]");
    }

    @Test
    void aStatementReadingWhatAnotherWritesGetsANestOfItsOwn() throws IOException {
        // logreg's backward: dL/dz[s] += ... for s, then dL/db += sum(dL/dz[s] for s) over the same
        // domain: the second reads what the first writes, so they stay apart
        IndexedAdjoint adjoint = IndexedReverse.adjoint(program("logreg"), "L");
        List<Schedule.Unit> units = Schedule.of(adjoint.steps(), true);
        String dz = adjoint.adjointOf().get("z");
        Schedule.Unit writer = null;
        Schedule.Unit reader = null;
        for (Schedule.Unit u : units) {
            for (IndexedProgram.Statement s : Schedule.statements(u)) {
                if (s.target().equals(dz)) {
                    writer = u;
                }
                if (s.reads().values().stream().anyMatch(r -> r.array().equals(dz))
                        && s.domain().size() == 1) {
                    reader = u;
                }
            }
        }
        assertThat(writer).isNotNull();
        assertThat(reader).isNotNull().isNotSameAs(writer);
    }

    @Test
    void logregsGradientJoinsTheLossAndWalksXByRows() throws IOException {
        String source = generate("logreg");
        List<String> gradient = calls(method(source, "gradientPass"));
        boolean joined = false;
        boolean rows = false;
        for (String c : gradient) {
            String body = method(source, c);
            joined |=
                    body.contains("acc += Math.max(z[s], 0.0) + log1pByLog(")
                            && body.contains("dL_dz[s] = 0.0 + ");
            // dL/dw[f] += sum(X[s, f] * dL/dz[s] for s) with its loops swapped: X row by row
            rows |=
                    body.contains("for (int s = 0; s < m; s++)")
                            && body.contains("grad[dwAt + f] += X[XRow + f] * v");
        }
        assertThat(joined).as("the loss and dL/dz in one loop").isTrue();
        assertThat(rows).as("dL/dw in one pass over the rows of X").isTrue();
        // backward (which may add several outputs' passes into grad) keeps the gather
        assertThat(method(source, "backwardPassOfL")).isNotEmpty();
        assertThat(source).contains("acc += X[XRow + p * s] * dL_dz[s]");
    }

    @Test
    void rosenbrocksGradientIsOnePassAndStoresItsGradient() throws IOException {
        String source = generate("rosenbrock");
        List<String> gradient = calls(method(source, "gradientPass"));
        String nest = method(source, gradient.get(0));
        assertThat(count(nest, "for (")).isEqualTo(1);
        // each element of grad stored once: what point i adds to element i + 1 carried to the
        // next point in a local (NeighbourStoresTest), so grad is not zeroed first
        assertThat(nest).contains("acc +=").contains("grad[dxAt + i] = carry + ");
        assertThat(nest).doesNotContain("grad[dxAt + i] +=");
        assertThat(method(source, "prepareGradient")).doesNotContain("Arrays.fill(grad");
    }

    @Test
    void mlpsWeightGradientIsStoredNotZeroedAndAddedTo() throws IOException {
        String source = generate("mlp784");
        String prepare = method(source, "prepareGradient");
        // dW1, db1, dW2 and db2 each have one writer covering them once: nothing to zero
        assertThat(prepare).doesNotContain("Arrays.fill(grad");
        assertThat(source).contains("= 0.0 + ");
        // the two statements over j that need tanh' share one nest
        assertThat(count(source, "* oneMinusTanhSquared(")).isEqualTo(2); // backward, gradient
    }

    @Test
    void aBackwardRecurrenceKeepsItsAdjointsInLocals() throws IOException {
        // the oscillator's gradient runs in forward mode: with nine wrt inputs, in reverse mode
        Path file = Path.of("examples/indexed/oscillator.chain");
        String text =
                Files.readString(file)
                        .replace("input k, c, x0, v0, dt", "input k, c, x0, v0, dt, a, b, d, f")
                        .replace("L = x[T-1]^2 + v[T-1]^2", "L = x[T-1]^2 + v[T-1]^2 + a*b*d*f");
        Driver.Checked c = Driver.check(new SourceFile("oscillator9.chain", text));
        assertThat(c.indexed()).as(c.reporter().format()).isPresent();
        assertThat(IndexedForward.suitsGradient(c.indexed().get())).isFalse();
        String source = LoopEmitter.generate(c.indexed().get(), "gen", "G");
        String body = loop(source, "backwardPassOfL", "t--");
        assertThat(body).doesNotContain("grad[dkAt] +=").doesNotContain("dL_dv[t] ");
        assertThat(body).contains("grad[dkAt] = dk").contains("dL_dvLast = dL_dvHere");
        // its statements read only what the previous position finished: computed together, the
        // factor dt * -dL/dv[t] that dL/dc, dL/dk, dL/dv[t-1] and dL/dx[t-1] share is one
        assertThat(count(body, "-dL_dvLast")).isEqualTo(1);
        String forward = loop(source, "forwardPass", "t++");
        assertThat(forward).doesNotContain("x[t - 1]").contains("xLast = xHere");
    }
}
