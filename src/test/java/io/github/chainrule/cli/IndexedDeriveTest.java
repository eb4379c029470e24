package io.github.chainrule.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code derive} on indexed programs: the forward pass in index notation, values at a point. */
class IndexedDeriveTest {
    record Run(int status, String out, String err) {}

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status =
                Main.run(
                        args,
                        new ByteArrayInputStream(new byte[0]),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(
                status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theForwardPassIsPrintedInIndexNotationWithItsRanges() {
        Run r = run("derive", "examples/indexed/mlp784.chain");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out())
                .isEqualTo(
                        """
                        sizes:   d = 784, h = 128, k = 10
                        inputs:  x[784], label[10], W1[128, 784], b1[128], W2[10, 128], b2[10]
                        wrt:     W1, b1, W2, b2
                        outputs: L

                        forward pass (ranges are half-open: 0..n is 0 <= i < n)
                          a[j] = tanh(sum(W1[j, i]*x[i] for i in 0..784) + b1[j])   for j in 0..128
                          s[c] = sum(W2[c, j]*a[j] for j in 0..128) + b2[c]   for c in 0..10
                          L = log(sum(exp(s[c]) for c in 0..10)) - sum(s[c]*label[c] for c in 0..10)

                        backward pass for L (downstream += upstream * local partial; adjoints start at 0)
                          dL/dL = 1
                          dL/dL@1 += dL/dL/sum(exp(s[c]) for c in 0..10)
                          dL/dL@2 += -dL/dL
                          dL/ds[c] += label[c]*dL/dL@2   for c in 0..10
                          dL/ds[c] += exp(s[c])*dL/dL@1   for c in 0..10
                          dL/db2[c] += dL/ds[c]   for c in 0..10
                          dL/ds@1[c] += dL/ds[c]   for c in 0..10
                          dL/dW2[c, j] += a[j]*dL/ds@1[c]   for c in 0..10, j in 0..128
                          dL/da[j] += W2[c, j]*dL/ds@1[c]   for c in 0..10, j in 0..128
                          dL/da@1[j] += dL/da[j]*(1 - a[j]^2)   for j in 0..128
                          dL/db1[j] += dL/da[j]*(1 - a[j]^2)   for j in 0..128
                          dL/dW1[j, i] += x[i]*dL/da@1[j]   for j in 0..128, i in 0..784
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
    void generateWritesLoopsAndGraphSaysItDoesNotDrawIndexedProgramsYet(@TempDir Path dir)
            throws IOException {
        Run g = run("generate", "examples/indexed/lj.chain", "-d", dir.toString());
        assertThat(g.status()).as(g.err()).isZero();
        String java = Files.readString(dir.resolve("Lj.java"));
        assertThat(java)
                .contains("public static double forward(int n, double[] x, double[] y, double[] z)")
                .contains("for (int i = 0; i < n; i++)");
        Run d = run("graph", "examples/indexed/lj.chain");
        assertThat(d.status()).isEqualTo(Main.PROGRAM_ERRORS);
        assertThat(d.err()).contains("graph does not draw indexed programs yet");
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
