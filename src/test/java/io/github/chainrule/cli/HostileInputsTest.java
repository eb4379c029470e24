package io.github.chainrule.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.chainrule.syntax.SyntaxParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Valid but hostile programs, and hostile bytes: each either works (exit 0) or ends in a clear,
 * positioned error (exit 1); never a StackOverflowError, an OutOfMemoryError or a stack trace, and
 * in seconds. The time limits are generous because CI machines are slow and shared; each test
 * prints the time it took.
 */
class HostileInputsTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final Duration LARGE_LIMIT = Duration.ofSeconds(120);

    @TempDir Path dir;

    record Result(int status, String out, String err, double seconds) {
        JsonObject json() {
            return JsonParser.parseString(out).getAsJsonObject();
        }

        double value(String section, String output, String wrt) {
            JsonObject s = json().getAsJsonObject(section);
            return wrt == null
                    ? s.get(output).getAsDouble()
                    : s.getAsJsonObject(output).get(wrt).getAsDouble();
        }
    }

    private Result derive(String name, Duration limit, byte[] program, String... options)
            throws Exception {
        Path file = dir.resolve(name + ".chain");
        Files.write(file, program);
        List<String> args = new ArrayList<>(List.of("derive", file.toString()));
        args.addAll(List.of(options));
        Result r =
                assertTimeoutPreemptively(
                        limit,
                        () -> {
                            ByteArrayOutputStream out = new ByteArrayOutputStream();
                            ByteArrayOutputStream err = new ByteArrayOutputStream();
                            long start = System.nanoTime();
                            int status =
                                    Main.run(
                                            args.toArray(new String[0]),
                                            new ByteArrayInputStream(new byte[0]),
                                            new PrintStream(out, true, StandardCharsets.UTF_8),
                                            new PrintStream(err, true, StandardCharsets.UTF_8));
                            return new Result(
                                    status,
                                    out.toString(StandardCharsets.UTF_8),
                                    err.toString(StandardCharsets.UTF_8),
                                    (System.nanoTime() - start) / 1e9);
                        },
                        name + " took longer than " + limit.toSeconds() + " s");
        System.out.printf("hostile input %-40s %7.1f s  exit %d%n", name, r.seconds(), r.status());
        assertThat(r.err())
                .as("standard error of %s", name)
                .doesNotContain("StackOverflowError")
                .doesNotContain("OutOfMemoryError")
                .doesNotContain("Exception")
                .doesNotContain("at io.")
                .doesNotContain("internal error");
        return r;
    }

    private Result derive(String name, String program, String... options) throws Exception {
        return derive(name, LIMIT, program.getBytes(StandardCharsets.UTF_8), options);
    }

    private static String repeat(String s, int n) {
        return s.repeat(n);
    }

    // ---- deep nesting
    // ----------------------------------------------------------------------------

    @Test
    void twoHundredThousandNestedParentheses() throws Exception {
        Result r =
                derive(
                        "parentheses-200000",
                        "z = " + repeat("(", 200_000) + "x" + repeat(")", 200_000) + "\n",
                        "--json",
                        "--at",
                        "x=3");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.value("outputs", "z", null)).isEqualTo(3.0);
        assertThat(r.value("derivatives", "z", "x")).isEqualTo(1.0);
    }

    @Test
    void twoHundredThousandUnaryMinuses() throws Exception {
        Result r =
                derive(
                        "unary-minus-200000",
                        "z = " + repeat("-", 200_000) + "x\n",
                        "--json",
                        "--at",
                        "x=3");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.value("outputs", "z", null)).isEqualTo(3.0);
        assertThat(r.value("derivatives", "z", "x")).isEqualTo(1.0);
    }

    @Test
    void twoHundredThousandAlternatingSigns() throws Exception {
        Result r =
                derive(
                        "signs-200001",
                        "z = " + repeat("-+", 100_000) + "-x\n",
                        "--json",
                        "--at",
                        "x=3");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.value("derivatives", "z", "x")).isEqualTo(-1.0);
    }

    @Test
    void powerTowerOfOneHundredThousand() throws Exception {
        String tower = String.join("^", java.util.Collections.nCopies(100_001, "x"));
        Result r = derive("power-tower-100000", "z = " + tower + "\n", "--json", "--at", "x=1");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.value("outputs", "z", null)).isEqualTo(1.0);
        assertThat(r.value("derivatives", "z", "x")).isEqualTo(1.0);
    }

    @Test
    void oneHundredThousandNestedBuiltInCalls() throws Exception {
        Result r =
                derive(
                        "sin-nested-100000",
                        "z = " + repeat("sin(", 100_000) + "x" + repeat(")", 100_000) + "\n",
                        "--json",
                        "--at",
                        "x=0.5");
        assertThat(r.status()).as(r.err()).isZero();
        double x = 0.5;
        double d = 1;
        for (int i = 0; i < 100_000; i++) {
            d *= Math.cos(x);
            x = Math.sin(x);
        }
        assertThat(r.value("outputs", "z", null))
                .isCloseTo(x, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(r.value("derivatives", "z", "x"))
                .isCloseTo(d, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void oneHundredThousandNestedCallsOfAUserFunction() throws Exception {
        Result r =
                derive(
                        "user-nested-100000",
                        "half(a) = a / 2 + 1\nz = "
                                + repeat("half(", 100_000)
                                + "x"
                                + repeat(")", 100_000)
                                + "\n",
                        "--json",
                        "--at",
                        "x=5");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.value("outputs", "z", null)).isEqualTo(2.0); // the fixed point of a / 2 + 1
        assertThat(r.value("derivatives", "z", "x")).isEqualTo(0.0); // 2^-100000 underflows
    }

    @Test
    void oneHundredThousandNestedConditionalsAndNegations() throws Exception {
        Result r =
                derive(
                        "if-nested-100000",
                        "z = "
                                + repeat("if(x > 0, x * ", 100_000)
                                + "x"
                                + repeat(", 0)", 100_000)
                                + "\n",
                        "--json",
                        "--at",
                        "x=1");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.value("derivatives", "z", "x")).isEqualTo(100_001.0);
        r =
                derive(
                        "not-nested-100001",
                        "z = if(" + repeat("!", 100_001) + "(x > 0), x, -x)\n",
                        "--json",
                        "--at",
                        "x=2");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.value("derivatives", "z", "x")).isEqualTo(-1.0);
    }

    @Test
    void oneHundredThousandConditionsJoinedByAnd() throws Exception {
        StringBuilder p = new StringBuilder("z = if(");
        for (int i = 0; i < 100_000; i++) {
            p.append(i == 0 ? "" : " && ").append("x > -").append(i);
        }
        Result r = derive("and-chain-100000", p + ", 2 * x, -x)\n", "--json", "--at", "x=1");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.value("derivatives", "z", "x")).isEqualTo(2.0);
    }

    @Test
    void nestingUpToTheLimitWorksAndOneMoreIsAPositionedError() throws Exception {
        int n = SyntaxParser.MAX_NESTING;
        Result ok =
                derive(
                        "parentheses-at-limit",
                        "z = " + repeat("(", n) + "x" + repeat(")", n) + "\n",
                        "--json",
                        "--at",
                        "x=3");
        assertThat(ok.status()).as(ok.err()).isZero();

        Result tooDeep =
                derive(
                        "parentheses-over-limit",
                        "input x\nz = " + repeat("(", n + 1) + "x" + repeat(")", n + 1) + "\n");
        assertThat(tooDeep.status()).isEqualTo(1);
        assertThat(tooDeep.err())
                .contains(
                        ":2:"
                                + (4 + n + 1)
                                + ": error: expression nested deeper than "
                                + n
                                + " levels: split it into several statements");
        assertThat(tooDeep.err().length())
                .as("the long line is shown as a window")
                .isLessThan(1_000);

        Result tower =
                derive(
                        "power-tower-over-limit",
                        "z = " + String.join("^", java.util.Collections.nCopies(n + 2, "x")));
        assertThat(tower.status()).isEqualTo(1);
        assertThat(tower.err()).contains("error: expression nested deeper than " + n + " levels");
    }

    @Test
    void twoHundredThousandUnclosedParenthesesAreOneError() throws Exception {
        Result r = derive("unclosed-200000", "z = " + repeat("(", 200_000) + "x\n");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err())
                .startsWith(
                        dir.resolve("unclosed-200000.chain")
                                + ":1:200006: error: missing ')' to close '(' at 1:200004\n");
    }

    // ---- size
    // ------------------------------------------------------------------------------------

    @Test
    void aNameOfOneHundredThousandCharacters() throws Exception {
        String name = "w" + repeat("eight", 20_000);
        Result r = derive("long-name", "input x, " + name + "\nz = " + name + " * x\n", "--json");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.json().getAsJsonArray("inputs").get(1).getAsString()).isEqualTo(name);

        Result undeclared = derive("long-name-undeclared", "input x\nz = x * " + name + "\n");
        assertThat(undeclared.status()).isEqualTo(1);
        assertThat(undeclared.err())
                .contains(
                        ":2:9: error: undeclared name 'weighteighteighteighteighteighteighte...'");
        assertThat(undeclared.err().length()).as("messages cut the name short").isLessThan(1_000);
    }

    @Test
    void aTenMegabyteChainOfStatements() throws Exception {
        StringBuilder p = new StringBuilder("input x\nv0 = x\n");
        int i = 0;
        while (p.length() < 10_000_000) {
            i++;
            p.append('v')
                    .append(i)
                    .append(" = v")
                    .append(i - 1)
                    .append(" * 0.999 + sin(v")
                    .append(i - 1)
                    .append(") * 0.001\n");
        }
        p.append("output v").append(i).append('\n');
        Result r =
                derive(
                        "ten-megabytes-chain",
                        LARGE_LIMIT,
                        p.toString().getBytes(StandardCharsets.UTF_8),
                        "--json",
                        "--at",
                        "x=0.5");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.value("derivatives", "v" + i, "x")).isBetween(0.0, 1.0);
    }

    @Test
    void aTenMegabyteExpressionOnOneLine() throws Exception {
        StringBuilder p = new StringBuilder("input x\nz = x");
        int terms = 0;
        while (p.length() < 10_000_000) {
            terms++;
            p.append(" + sin(x * ").append(terms % 97).append(".5)");
        }
        Result r =
                derive(
                        "ten-megabytes-line",
                        LARGE_LIMIT,
                        (p + "\n").getBytes(StandardCharsets.UTF_8),
                        "--json",
                        "--at",
                        "x=0");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.value("outputs", "z", null)).isEqualTo(0.0);
    }

    @Test
    void oneHundredThousandSyntaxErrorsAreAllReported() throws Exception {
        StringBuilder p = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            p.append('z').append(i).append(" = x +\n");
        }
        Result r = derive("syntax-errors-100000", p.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err().split("\n")).hasSize(300_000);
        assertThat(r.err())
                .endsWith(
                        ":100000:13: error: expected an expression after '+'\n"
                                + "z99999 = x +\n"
                                + "            ^\n");
    }

    @Test
    void oneHundredThousandErrorsOnOneLongLine() throws Exception {
        StringBuilder p = new StringBuilder("input x\nz = x");
        for (int i = 1; i < 100_000; i++) {
            p.append(" + q").append(i);
        }
        Result r = derive("check-errors-one-line", p + "\n");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err().split("\n")).hasSize(3 * 99_999);
    }

    // ---- bytes
    // -----------------------------------------------------------------------------------

    @Test
    void aNulByteIsAPositionedError() throws Exception {
        Result r = derive("nul", LIMIT, "input x\nz = x \0+ 1\n".getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err())
                .isEqualTo(
                        dir.resolve("nul.chain")
                                + ":2:7: error: unexpected character U+0000\n"
                                + "z = x ?+ 1\n      ^\n");
    }

    @Test
    void bytesThatAreNotUtf8AreAPositionedError() throws Exception {
        byte[] latin1 = "input x\nz = x * 2 # co\u00fbt\n".getBytes(StandardCharsets.ISO_8859_1);
        Result r = derive("latin1", LIMIT, latin1);
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err())
                .startsWith(
                        dir.resolve("latin1.chain")
                                + ":2:15: error: the file is not UTF-8 text"
                                + " (byte 0xFB at offset 22)\n");

        byte[] random = new byte[1 << 20];
        new java.util.Random(42).nextBytes(random);
        Result noise = derive("random-bytes", LIMIT, random);
        assertThat(noise.status()).isEqualTo(1);
        assertThat(noise.err()).contains("error: the file is not UTF-8 text");
    }

    @Test
    void aFileOfOnlyComments() throws Exception {
        Result r = derive("comments", "# a comment\n// another\n   # indented\n");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err())
                .isEqualTo(
                        dir.resolve("comments.chain")
                                + ":1:1: error: the program has no assignment: write one such as 'z"
                                + " = x * y'\n"
                                + "# a comment\n"
                                + "^\n");
    }

    @Test
    void anEmptyFile() throws Exception {
        Result r = derive("empty", "");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err())
                .isEqualTo(
                        dir.resolve("empty.chain")
                                + ":1:1: error: the program has no assignment: write one such as 'z"
                                + " = x * y'\n\n"
                                + "^\n");
    }
}
