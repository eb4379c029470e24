package io.github.chainrule.diag;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code FILE:LINE:COL: error: MESSAGE}, the line, and a caret under the column, for any line. */
class DiagnosticTest {

    private static String format(String text, int line, int column) {
        return new Diagnostic(Severity.ERROR, new Span(line, column, 1), "m")
                .format(new SourceFile("f", text));
    }

    @Test
    void theCaretIsUnderTheColumn() {
        assertThat(format("a\nz = x $ y\n", 2, 7))
                .isEqualTo("f:2:7: error: m\nz = x $ y\n      ^\n");
        assertThat(
                        new Diagnostic(Severity.WARNING, new Span(1, 1, 1), "w")
                                .format(new SourceFile("f", "x")))
                .isEqualTo("f:1:1: warning: w\nx\n^\n");
    }

    @Test
    void tabsAreCopiedSoTheCaretStaysAligned() {
        assertThat(format("\tz =\t$", 1, 6)).isEqualTo("f:1:6: error: m\n\tz =\t$\n\t   \t^\n");
    }

    @Test
    void columnsCountCharactersEvenBeyondTheBasicPlane() {
        assertThat(format("# \ud83d\ude00\ud83d\ude00 $", 1, 6))
                .isEqualTo("f:1:6: error: m\n# \ud83d\ude00\ud83d\ude00 $\n     ^\n");
    }

    @Test
    void aColumnJustPastTheEndOfTheLineIsShown() {
        assertThat(format("z = x +\nw = 1\n", 1, 8))
                .isEqualTo("f:1:8: error: m\nz = x +\n       ^\n");
        assertThat(format("", 1, 1)).isEqualTo("f:1:1: error: m\n\n^\n");
    }

    @Test
    void controlCharactersAreShownAsQuestionMarks() {
        assertThat(format("z = x \0+ 1\r\n", 1, 7))
                .isEqualTo("f:1:7: error: m\nz = x ?+ 1\n      ^\n");
    }

    @Test
    void aLongLineIsShownAsAWindowAroundTheColumn() {
        String line = "z = " + "x + ".repeat(1000) + "$";
        String out = format(line, 1, line.length());
        String[] parts = out.split("\n");
        assertThat(parts[1]).startsWith("...").doesNotEndWith("...").endsWith("x + $");
        assertThat(parts[1].length()).isLessThanOrEqualTo(Diagnostic.WINDOW + 3);
        assertThat(parts[2].indexOf('^')).isEqualTo(parts[1].length() - 1);

        String middle = format(line, 1, 2001);
        String[] m = middle.split("\n");
        assertThat(m[1]).startsWith("...").endsWith("...");
        assertThat(m[1].charAt(m[2].indexOf('^'))).isEqualTo(line.charAt(2000));

        String start = format(line, 1, 5);
        assertThat(start.split("\n")[1]).startsWith("z = x + ").endsWith("...");
        assertThat(start.split("\n")[2]).isEqualTo("    ^");
    }

    @Test
    void linesEndAtNewLinesAndCarriageReturnsBeforeThemAreDropped() {
        SourceFile s = new SourceFile("f", "a\r\nb\n\nc");
        assertThat(s.lineCount()).isEqualTo(4);
        assertThat(s.line(1)).isEqualTo("a");
        assertThat(s.line(2)).isEqualTo("b");
        assertThat(s.line(3)).isEmpty();
        assertThat(s.line(4)).isEqualTo("c");
        assertThat(s.line(5)).isEmpty();
        assertThat(new SourceFile("f", "a\nb\n").lineCount()).isEqualTo(3);
    }
}
