package io.github.chainrule;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.chainrule.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code chainrule derive} as a user runs it: text, JSON, --at, --wrt, --expand, and untaken
 * branches.
 */
class DeriveTest {

    static String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status =
                Main.run(
                        args,
                        new ByteArrayInputStream(new byte[0]),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {
            String.valueOf(status),
            out.toString(StandardCharsets.UTF_8),
            err.toString(StandardCharsets.UTF_8)
        };
    }

    /**
     * An untaken branch never leaks a NaN into a derivative (the README's "The language" and "How
     * it works").
     */
    @ParameterizedTest(name = "{0} at {1}: {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "z = if(x > 0, sqrt(x), -x)          | x=-1   | -1.0",
                "z = softplus(x)                     | x=100  | 1.0",
                "z = sigmoid(x)                      | x=-800 | 0.0",
                "z = if(x > 0, log(x), x^2)          | x=-2   | -4.0",
                "z = if(x > 0, x * sqrt(x), 0)       | x=-1   | 0.0",
                "z = max(sqrt(x), 0) + x             | x=-4   | 1.0",
                "z = if(x < 0, 1, if(x < 1, sqrt(x - 1), x))  | x=-3 | 0.0",
                "z = min(x, 0) * log(x)              | x=-1   | NaN",
            })
    void untakenBranchesNeverLeak(String program, String at, String expected) {
        String[] r = run("derive", "-e", program, "--at", at, "--json");
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        String value =
                r[1].replaceAll("(?s).*\"derivatives\".*?\"x\": (\"?[-\\w.]+\"?).*", "$1")
                        .replace("\"", "");
        assertThat(value).isEqualTo(expected);
    }

    @Test
    void textShowsForwardBackwardAndDerivatives() {
        String[] r = run("derive", "-e", "z = x * y + sin(x)");
        assertThat(r[0]).isEqualTo("0");
        assertThat(r[1])
                .contains("forward pass\n  z = x*y + sin(x)")
                .contains("dz/dx = dz/dz * (y + cos(x))")
                .contains("derivatives\n  dz/dx = y + cos(x)\n  dz/dy = x\n");
    }

    @Test
    void wrtAndExpand() {
        String[] r = run("derive", "-e", "a = x * x; z = a * y", "--wrt", "x", "--expand");
        assertThat(r[0]).isEqualTo("0");
        assertThat(r[1]).contains("dz/dx = 2*x*y").doesNotContain("dz/dy");
        String[] named = run("derive", "-e", "a = x * x; z = a * y", "--wrt", "x");
        assertThat(named[1]).contains("dz/dx = 2*x*y");
    }

    @Test
    void jsonWithoutAPointGivesExpressions() {
        String[] r = run("derive", "-e", "input x, y\nwrt x\nz = x^3 * y", "--json");
        assertThat(r[0]).isEqualTo("0");
        assertThat(r[1])
                .contains("\"inputs\": [\"x\", \"y\"]")
                .contains("\"wrt\": [\"x\"]")
                .contains("\"derivatives\": {\n    \"z\": {\n      \"x\": \"3*x^2*y\"");
    }

    @Test
    void jsonAtAPointGivesNumbersAndNaNAsStrings() {
        String[] r = run("derive", "-e", "z = log(x) + y", "--at", "x=-1,y=2", "--json");
        assertThat(r[0]).isEqualTo("0");
        assertThat(r[1]).contains("\"z\": \"NaN\"").contains("\"y\": 1.0").contains("\"x\": -1.0");
    }

    @Test
    void badPointsAreUsageErrors() {
        assertThat(run("derive", "-e", "z = x + y", "--at", "x=1")[0]).isEqualTo("2");
        assertThat(run("derive", "-e", "z = x + y", "--at", "x=1,y=abc")[0]).isEqualTo("2");
        assertThat(run("derive", "-e", "z = x + y", "--at", "q=1")[0]).isEqualTo("2");
        assertThat(run("derive", "-e", "z = x + y", "--wrt", "q")[2])
                .contains("--wrt q: not an input");
    }
}
