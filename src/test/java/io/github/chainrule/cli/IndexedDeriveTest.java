package io.github.chainrule.cli;

import static io.github.chainrule.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.chainrule.cli.CliRun.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code derive} on indexed programs: the forward pass in index notation, values at a point. */
class IndexedDeriveTest {
    @Test
    void theForwardPassIsPrintedInIndexNotationWithItsRanges() {
        Run r = run("derive", "examples/indexed/mlp784.chain");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out())
                .isEqualTo(
                        """
                        sizes:   d = 784, h = 128, k = 10
                        inputs:  x[d], label[k], W1[h, d], b1[h], W2[k, h], b2[k]
                        wrt:     W1, b1, W2, b2
                        outputs: L

                        rewritten for accuracy (--as-written evaluates as written)
                          line 7: log(sum(exp(s[c]) for c in 0..k)) → log(sum(exp(s[c] - m) for c in 0..k)) + m where m = max(s[c] for c in 0..k)

                        forward pass (ranges are half-open: 0..n is 0 <= i < n)
                          a[j] = tanh(sum(W1[j, i]*x[i] for i in 0..d) + b1[j])   for j in 0..h
                          s[c] = sum(W2[c, j]*a[j] for j in 0..h) + b2[c]   for c in 0..k
                          L = log(sum(exp(s[c] - max(s[c] for c in 0..k)) for c in 0..k)) + max(s[c] for c in 0..k) - sum(s[c]*label[c] for c in 0..k)

                        reductions named for the backward pass
                          sum1[j] = sum(W1[j, i]*x[i] for i in 0..d)   for j in 0..h
                          sum2 = sum(exp(s[c] - max(s[c] for c in 0..k)) for c in 0..k)
                          sum3 = sum(s[c]*label[c] for c in 0..k)
                          max1 = max(s[c] for c in 0..k)

                        backward pass for L (downstream += upstream * local partial; adjoints start at 0)
                          dL/dL = 1
                          dL/dsum2 += (dL/dL)/sum2
                          dL/dsum3 += -dL/dL
                          dL/ds[c] += label[c]*dL/dsum3   for c in 0..k
                          dL/ds[c] += exp(s[c] - max1)*dL/dsum2   for c in 0..k
                          dL/db2[c] += dL/ds[c]   for c in 0..k
                          dL/dW2[c, j] += a[j]*dL/ds[c]   for c in 0..k, j in 0..h
                          dL/da[j] += sum(W2[c, j]*dL/ds[c] for c in 0..k)   for j in 0..h
                          dL/dsum1[j] += dL/da[j]*(1 - a[j]^2)   for j in 0..h
                          dL/db1[j] += dL/da[j]*(1 - a[j]^2)   for j in 0..h
                          dL/dW1[j, i] += x[i]*dL/dsum1[j]   for j in 0..h, i in 0..d

                        derivatives
                          dL/dW1[j, i] = x[i]*dL/da[j]*(1 - a[j]^2)   for j in 0..h, i in 0..d
                          dL/db1[j] = dL/da[j]*(1 - a[j]^2)   for j in 0..h
                          dL/dW2[c, j] = a[j]*dL/ds[c]   for c in 0..k, j in 0..h
                          dL/db2[c] = dL/ds[c]   for c in 0..k
                        """);
    }

    /**
     * {@code --as-written}: the log-sum-exp is left as written, with no shift and no note; the rest
     * is as rewritten (nothing else in the program has a stabler form).
     */
    @Test
    void asWrittenLeavesTheLogSumExpAsWritten() {
        Run r = run("derive", "examples/indexed/mlp784.chain", "--as-written");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out())
                .isEqualTo(
                        """
                        sizes:   d = 784, h = 128, k = 10
                        inputs:  x[d], label[k], W1[h, d], b1[h], W2[k, h], b2[k]
                        wrt:     W1, b1, W2, b2
                        outputs: L

                        forward pass (ranges are half-open: 0..n is 0 <= i < n)
                          a[j] = tanh(sum(W1[j, i]*x[i] for i in 0..d) + b1[j])   for j in 0..h
                          s[c] = sum(W2[c, j]*a[j] for j in 0..h) + b2[c]   for c in 0..k
                          L = log(sum(exp(s[c]) for c in 0..k)) - sum(s[c]*label[c] for c in 0..k)

                        reductions named for the backward pass
                          sum1[j] = sum(W1[j, i]*x[i] for i in 0..d)   for j in 0..h
                          sum2 = sum(exp(s[c]) for c in 0..k)
                          sum3 = sum(s[c]*label[c] for c in 0..k)

                        backward pass for L (downstream += upstream * local partial; adjoints start at 0)
                          dL/dL = 1
                          dL/dsum2 += (dL/dL)/sum2
                          dL/dsum3 += -dL/dL
                          dL/ds[c] += label[c]*dL/dsum3   for c in 0..k
                          dL/ds[c] += exp(s[c])*dL/dsum2   for c in 0..k
                          dL/db2[c] += dL/ds[c]   for c in 0..k
                          dL/dW2[c, j] += a[j]*dL/ds[c]   for c in 0..k, j in 0..h
                          dL/da[j] += sum(W2[c, j]*dL/ds[c] for c in 0..k)   for j in 0..h
                          dL/dsum1[j] += dL/da[j]*(1 - a[j]^2)   for j in 0..h
                          dL/db1[j] += dL/da[j]*(1 - a[j]^2)   for j in 0..h
                          dL/dW1[j, i] += x[i]*dL/dsum1[j]   for j in 0..h, i in 0..d

                        derivatives
                          dL/dW1[j, i] = x[i]*dL/da[j]*(1 - a[j]^2)   for j in 0..h, i in 0..d
                          dL/db1[j] = dL/da[j]*(1 - a[j]^2)   for j in 0..h
                          dL/dW2[c, j] = a[j]*dL/ds[c]   for c in 0..k, j in 0..h
                          dL/db2[c] = dL/ds[c]   for c in 0..k
                        """);
    }

    /** Nothing depends on the sizes' values: d = 7840 prints what d = 784 prints, but 7840. */
    @Test
    void theOutputHasTheSameShapeAtTenTimesTheSize(@TempDir Path dir) throws IOException {
        String mlp = Files.readString(Path.of("examples/indexed/mlp784.chain"));
        Path big = dir.resolve("mlp7840.chain");
        Files.writeString(big, mlp.replace("d = 784", "d = 7840"));
        Run small = run("derive", "examples/indexed/mlp784.chain");
        // no wall-clock assertion here: that the work does not grow with d is what this checks
        Run large = run("derive", big.toString());
        assertThat(large.status()).as(large.err()).isZero();
        assertThat(large.out()).isEqualTo(small.out().replace("784", "7840"));
    }

    @Test
    void derivativesOfTheOtherExamplesAreIndexedFormulas() {
        assertThat(run("derive", "examples/indexed/logreg.chain").out())
                .endsWith(
                        """

                        derivatives
                          dL/dw[f] = sum(X[s, f]*dL/dz[s] for s in 0..m)   for f in 0..p
                          dL/db = sum(dL/dz[s] for s in 0..m)
                        """);
        // x[i+1] is written back over x's own index: two parts over their own ranges
        assertThat(run("derive", "examples/indexed/rosenbrock.chain").out())
                .endsWith(
                        """

                        derivatives
                          df/dx[i] = 2*x[i] + 400*x[i]*(x[i]^2 - x[i+1]) - 2   for i in 0..n-1
                                   + 200*(x[i] - x[i-1]^2)   for i in 1..n
                        """);
        // two contributions over the same positions are one sum
        assertThat(run("derive", "examples/indexed/oscillator.chain").out())
                .endsWith(
                        """

                        derivatives
                          dL/dk = sum(-x[t-1]*dt*dL/dv[t] for t in 1..T)
                          dL/dc = sum(-v[t-1]*dt*dL/dv[t] for t in 1..T)
                          dL/dx0 = dL/dx[0]
                          dL/dv0 = dL/dv[0]
                          dL/ddt = sum((-x[t-1]*k - v[t-1]*c)*dL/dv[t] + v[t-1]*dL/dx[t] for t in 1..T)
                        """);
        // x[j] over j in i+1..n is not x's own index: kept as the scatter-add it is
        String lj = run("derive", "examples/indexed/lj.chain").out();
        assertThat(lj)
                .contains("\nderivatives\n  dE/dx[i] = sum(2*(x[i] - x[j])*(12/(")
                .contains(" for j in i+1..n)   for i in 0..n\n           + 2*(x[j] - x[i])*(")
                .contains("   into dE/dx[j] for i in 0..n, j in i+1..n\n");
    }

    @Test
    void wrtRestrictsTheBackwardPassAndTheDerivativesToTheInputsNamed() {
        Run r = run("derive", "examples/indexed/mlp784.chain", "--wrt", "b2,x");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("wrt:     b2, x\n")
                .contains(
                        "  dL/dx[i] += sum(W1[j, i]*dL/dsum1[j] for j in 0..h)   for i in"
                                + " 0..d\n")
                .endsWith(
                        """

                        derivatives
                          dL/db2[c] = dL/ds[c]   for c in 0..k
                          dL/dx[i] = sum(W1[j, i]*dL/da[j]*(1 - a[j]^2) for j in 0..h)   for i in 0..d
                        """)
                .doesNotContain("dL/dW1");
    }

    @Test
    void wrtNamesOnlyInputsAsForScalarPrograms() {
        Run r = run("derive", "examples/indexed/mlp784.chain", "--wrt", "a");
        assertThat(r.status()).isEqualTo(Main.USAGE);
        assertThat(r.err())
                .isEqualTo(
                        "chainrule: --wrt a: not an input of the program (inputs: x, label, W1,"
                                + " b1, W2, b2)\n");
        Run empty = run("derive", "examples/indexed/mlp784.chain", "--wrt", "b1,,b2");
        assertThat(empty.status()).isEqualTo(Main.USAGE);
        assertThat(empty.err()).contains("an empty name");
    }

    @Test
    void expandWritesDerivativesInTheInputsAlone() {
        Run r = run("derive", "examples/indexed/logreg.chain", "--expand");
        assertThat(r.status()).as(r.err()).isZero();
        // the inner sum's f would capture the element's f: it is renamed
        assertThat(r.out())
                .endsWith(
                        """

                        derivatives, in the inputs alone
                          dL/dw[f] = sum(X[s, f]*(sigmoid(b + sum(X[s, f_1]*w[f_1] for f_1 in 0..p)) - y[s])/m for s in 0..m)   for f in 0..p
                          dL/db = sum(sigmoid(b + sum(X[s, f]*w[f] for f in 0..p))/m - y[s]/m for s in 0..m)
                        """);
    }

    @Test
    void expandSaysWhatItWouldHaveToUnrollRatherThanUnrollIt() {
        Run r = run("derive", "examples/indexed/oscillator.chain", "--expand", "--wrt", "x0");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out())
                .endsWith(
                        """

                        derivatives, in the inputs alone
                          dL/dx0 = (not written out: dL/dx is accumulated by a recurrence over t in 1..T, which --expand would have to unroll)
                        """);
    }

    @Test
    void aRecurrenceIsEvaluatedAsTheLoopItMeans() {
        Run r =
                run(
                        "derive",
                        "examples/indexed/oscillator.chain",
                        "--at",
                        "k=1,c=0.1,x0=1,v0=0,dt=0.01",
                        "--json");
        assertThat(r.status()).as(r.err()).isZero();
        double x = 1;
        double v = 0;
        for (int t = 1; t < 1000; t++) { // explicit Euler, as the program says
            double nx = x + 0.01 * v;
            v = v - 0.01 * (1 * x + 0.1 * v);
            x = nx;
        }
        assertThat(r.out()).contains("\"L\": " + (x * x + v * v));
    }

    @Test
    void pointsComeAsArraysOnTheCommandLineOrAsAJsonFile(@TempDir Path dir) throws IOException {
        Run inline =
                run(
                        "derive",
                        "examples/indexed/lj.chain",
                        "--at",
                        "x=[0,1,0],y=[0,0,1],z=[0,0,0]",
                        "--json");
        Path file = dir.resolve("point.json");
        Files.writeString(file, "{\"x\": [0, 1, 0], \"y\": [0, 0, 1], \"z\": [0, 0, 0]}");
        Run fromFile = run("derive", "examples/indexed/lj.chain", "--at", "@" + file, "--json");
        assertThat(inline.status()).as(inline.err()).isZero();
        assertThat(fromFile.out()).isEqualTo(inline.out());
        // pairs at distances 1, 1 and sqrt(2): 4 (r^-12 - r^-6) summed
        double e = 0;
        for (double r2 : new double[] {1, 1, 2}) {
            e += 4 * (Math.pow(r2, -6) - Math.pow(r2, -3));
        }
        assertThat(inline.out()).contains("\"n\": 3").contains("\"E\": " + e);
    }

    @Test
    void aPointThatDoesNotFitIsAUsageError() {
        Run r = run("derive", "examples/indexed/lj.chain", "--at", "x=[0,1],y=[0,0,1],z=[0,0,0]");
        assertThat(r.status()).isEqualTo(Main.USAGE);
        assertThat(r.err())
                .isEqualTo(
                        "chainrule: --at y: y has length 3, but y[n] needs 2 (n = 2 from the length"
                                + " of x)\n");
    }

    @Test
    void generateWritesLoops(@TempDir Path dir) throws IOException {
        Run g = run("generate", "examples/indexed/lj.chain", "-d", dir.toString());
        assertThat(g.status()).as(g.err()).isZero();
        String java = Files.readString(dir.resolve("Lj.java"));
        assertThat(java)
                .contains("public static double forward(int n, double[] x, double[] y, double[] z)")
                .contains("for (int i = 0; i < n; i++)");
    }

    /** Lennard-Jones at n = 1000 (499,500 pairs) against the same sum written as Java loops. */
    @Test
    void ljDerivesAtAThousandParticles(@TempDir Path dir) throws IOException {
        int n = 1000;
        java.util.Random random = new java.util.Random(7);
        double[][] xyz = new double[3][n];
        for (int p = 0; p < n; p++) { // a jittered 10 x 10 x 10 lattice
            int[] cell = {p / 100, p / 10 % 10, p % 10};
            for (int d = 0; d < 3; d++) {
                xyz[d][p] = 1.1 * cell[d] + 0.05 * (2 * random.nextDouble() - 1);
            }
        }
        Path point = dir.resolve("lj.json");
        Files.writeString(
                point,
                "{\"x\": "
                        + java.util.Arrays.toString(xyz[0])
                        + ", \"y\": "
                        + java.util.Arrays.toString(xyz[1])
                        + ", \"z\": "
                        + java.util.Arrays.toString(xyz[2])
                        + "}");
        Run r = run("derive", "examples/indexed/lj.chain", "--at", "@" + point, "--json");
        assertThat(r.status()).as(r.err()).isZero();
        double e = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double dx = xyz[0][i] - xyz[0][j];
                double dy = xyz[1][i] - xyz[1][j];
                double dz = xyz[2][i] - xyz[2][j];
                double r2 = dx * dx + dy * dy + dz * dz;
                e += 4 * (Math.pow(r2, -6) - Math.pow(r2, -3));
            }
        }
        double printed = output(r, "E");
        assertThat(printed)
                .isCloseTo(e, org.assertj.core.api.Assertions.within(1e-9 * Math.abs(e)));
    }

    /** Logistic regression over m = 10,000 samples of p = 10 features. */
    @Test
    void logregDerivesOverTenThousandSamples(@TempDir Path dir) throws IOException {
        int m = 10_000;
        int p = 10;
        java.util.Random random = new java.util.Random(11);
        double[][] x = new double[m][p];
        double[] y = new double[m];
        double[] w = new double[p];
        for (int f = 0; f < p; f++) {
            w[f] = 0.1 * random.nextGaussian();
        }
        StringBuilder rows = new StringBuilder("[");
        for (int s = 0; s < m; s++) {
            for (int f = 0; f < p; f++) {
                x[s][f] = random.nextGaussian();
            }
            y[s] = random.nextInt(2);
            rows.append(s == 0 ? "" : ", ").append(java.util.Arrays.toString(x[s]));
        }
        rows.append(']');
        Path point = dir.resolve("logreg.json");
        Files.writeString(
                point,
                "{\"X\": "
                        + rows
                        + ", \"y\": "
                        + java.util.Arrays.toString(y)
                        + ", \"w\": "
                        + java.util.Arrays.toString(w)
                        + ", \"b\": 0.1}");
        Run r = run("derive", "examples/indexed/logreg.chain", "--at", "@" + point, "--json");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"m\": 10000").contains("\"p\": 10");
        double loss = 0;
        for (int s = 0; s < m; s++) {
            double z = 0.1;
            for (int f = 0; f < p; f++) {
                z += x[s][f] * w[f];
            }
            loss += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - y[s] * z;
        }
        loss /= m;
        double printed = output(r, "L");
        assertThat(printed).isCloseTo(loss, org.assertj.core.api.Assertions.within(1e-12));
    }

    private static double output(Run r, String name) {
        return com.google.gson.JsonParser.parseString(r.out())
                .getAsJsonObject()
                .getAsJsonObject("outputs")
                .get(name)
                .getAsDouble();
    }
}
