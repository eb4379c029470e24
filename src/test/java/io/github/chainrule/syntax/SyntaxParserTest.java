package io.github.chainrule.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.chainrule.diag.Reporter;
import io.github.chainrule.diag.SourceFile;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Precedence, associativity and statements as the README's "The language" gives them, read back
 * fully parenthesised.
 */
class SyntaxParserTest {

    private static List<Ast.Stmt> parse(String text) {
        Reporter reporter = new Reporter(new SourceFile("t", text));
        Ast.Program program =
                SyntaxParser.parse(reporter.source(), reporter)
                        .orElseThrow(() -> new AssertionError(reporter.format()));
        assertThat(reporter.diagnostics()).isEmpty();
        return program.statements();
    }

    private static String expression(String text) {
        return AstWalk.parenthesised(((Ast.Assignment) parse("z = " + text).get(0)).value());
    }

    @ParameterizedTest(name = "{0}  is  {1}")
    @CsvSource(
            delimiterString = " is ",
            value = {
                "-x^2 is (-(x ^ 2))",
                "2^3^2 is (2 ^ (3 ^ 2))",
                "2**3**2 is (2 ^ (3 ^ 2))",
                "2^-x is (2 ^ (-x))",
                "-2^-x^2 is (-(2 ^ (-(x ^ 2))))",
                "a - b - c is ((a - b) - c)",
                "a / b / c is ((a / b) / c)",
                "a + b * c is (a + (b * c))",
                "a * b + c is ((a * b) + c)",
                "-a * b is ((-a) * b)",
                "+a - -b is ((+a) - (-b))",
                "(a + b) * c is ((a + b) * c)",
                "f(a, b + c) is f(a, (b + c))",
                "if(a < b && c >= d || !(e == f), 1, 2) is if((((a < b) && (c >= d)) || (!(e =="
                        + " f))), 1, 2)",
                "if(a + 1 < b * 2, 1, 2) is if(((a + 1) < (b * 2)), 1, 2)",
                "a || b && c is (a || (b && c))",
                ".5 + 1e-3 + 6.02E23 + 1. is (((.5 + 1e-3) + 6.02E23) + 1.)",
            })
    void precedenceAndAssociativity(String text, String parenthesised) {
        assertThat(expression(text)).isEqualTo(parenthesised);
    }

    @Test
    void statementsEndAtNewLinesOrSemicolonsAndExpressionsContinueAfterOperators() {
        List<Ast.Stmt> s =
                parse(
                        "input x, y\n"
                                + "wrt x; output z\n"
                                + "f(a) = a *\n"
                                + "  2\n"
                                + "z = f(\n"
                                + " x) + (y\n"
                                + " - 1); w = 1\n");
        assertThat(s).hasSize(6);
        assertThat(s.get(0)).isInstanceOf(Ast.Declaration.class);
        assertThat(
                        ((Ast.Declaration) s.get(0))
                                .names().stream().map(Ast.Ident::name).collect(Collectors.toList()))
                .containsExactly("x", "y");
        assertThat(((Ast.Declaration) s.get(1)).kind()).isEqualTo(Ast.DeclKind.WRT);
        assertThat(((Ast.Declaration) s.get(2)).kind()).isEqualTo(Ast.DeclKind.OUTPUT);
        Ast.FunctionDef f = (Ast.FunctionDef) s.get(3);
        assertThat(AstWalk.parenthesised(f.body())).isEqualTo("(a * 2)");
        Ast.Assignment z = (Ast.Assignment) s.get(4);
        assertThat(AstWalk.parenthesised(z.value())).isEqualTo("(f(x) + (y - 1))");
        assertThat(z.target().span().toString()).isEqualTo("5:1");
        assertThat(((Ast.Assignment) s.get(5)).target().span().toString()).isEqualTo("7:8");
    }

    @Test
    void columnsCountCharactersNotCharsOrBytes() {
        Reporter reporter =
                new Reporter(new SourceFile("t", "a = \ud83d\ude00 ; b = \u00e9 ; c = 1 $"));
        assertThat(SyntaxParser.parse(reporter.source(), reporter)).isEmpty();
        assertThat(reporter.diagnostics())
                .extracting(d -> d.span() + " " + d.message())
                .containsExactly(
                        "1:5 unexpected character '\ud83d\ude00'",
                        "1:13 unexpected character '\u00e9' (names use only the letters A-Z and"
                                + " a-z, digits and '_')",
                        "1:23 unexpected character '$'");
    }

    @Test
    void aVeryLongSumDoesNotRecurse() {
        String sum = "x" + " + x".repeat(300_000);
        Ast.Assignment a = (Ast.Assignment) parse("z = " + sum).get(0);
        assertThat(a.value()).isInstanceOf(Ast.Binary.class);
        assertThat(((Ast.Binary) a.value()).span().toString())
                .isEqualTo("1:" + (4 + sum.length() - 2));
    }

    @Test
    void deepTreesHashAndPrintWithoutRecursing() {
        String text = "z = " + "sin(".repeat(200_000) + "x" + ")".repeat(200_000);
        Ast.Stmt s = parse(text).get(0);
        Ast.Stmt again = parse(text).get(0);
        // trees compare by identity: two parses of one text are two trees, and neither call
        // recurses
        assertThat(s.hashCode()).isEqualTo(s.hashCode());
        assertThat(s.toString()).contains("Call[sin at 1:5]");
        assertThat(s.equals(again)).isFalse();
    }
}
