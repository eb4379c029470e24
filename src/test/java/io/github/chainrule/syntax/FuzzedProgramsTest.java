package io.github.chainrule.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import io.github.chainrule.Driver;
import io.github.chainrule.cli.Main;
import io.github.chainrule.diag.Diagnostic;
import io.github.chainrule.diag.Severity;
import io.github.chainrule.diag.SourceFile;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random and mutated programs through the front end ({@link Driver#check}) and the whole command
 * line ({@link Main#run}): the answer is always a checked program or diagnostics at places inside
 * the file, never an exception.
 */
class FuzzedProgramsTest {

    // ---- the properties
    // ----------------------------------------------------------------------------

    @Property(tries = 1000)
    void tokenSoupGivesAProgramOrDiagnostics(@ForAll("tokenSoup") String text) {
        assertCompilesOrReports(text);
    }

    @Property(tries = 1000)
    void mutatedValidProgramsGiveAProgramOrDiagnostics(@ForAll("mutatedPrograms") String text) {
        assertCompilesOrReports(text);
    }

    @Property(tries = 300)
    void generatedValidProgramsCompileWithoutErrors(@ForAll("validPrograms") String text) {
        Driver.Checked c = Driver.check(new SourceFile("valid", text));
        assertThat(c.reporter().diagnostics())
                .filteredOn(d -> d.severity() == Severity.ERROR)
                .as("%s%n%s", text, c.reporter().format())
                .isEmpty();
        assertThat(c.ok()).isTrue();
    }

    @Property(tries = 300)
    void theCommandLineExitsZeroOrOneWithoutAStackTrace(@ForAll("anyBytes") byte[] program) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status =
                Main.run(
                        new String[] {"derive", "-"},
                        new ByteArrayInputStream(program),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        String stderr = err.toString(StandardCharsets.UTF_8);
        String shown = new String(program, StandardCharsets.UTF_8);
        assertThat(stderr)
                .as("program:%n%s", shown)
                .doesNotContain("Exception")
                .doesNotContain("at io.")
                .doesNotContain("internal error")
                .doesNotContain("StackOverflowError")
                .doesNotContain("OutOfMemoryError");
        assertThat(status).as("program:%n%s%nstandard error:%n%s", shown, stderr).isIn(0, 1);
        assertThat(stderr.contains(": error: "))
                .as("errors printed, exit %d, program:%n%s", status, shown)
                .isEqualTo(status == 1);
        for (String line : stderr.split("\n")) {
            if (line.contains(": error: ") || line.contains(": warning: ")) {
                assertThat(line).startsWith("<stdin>:");
            }
        }
    }

    /**
     * A checked program exactly when there is no error; every diagnostic inside the file;
     * formatting never fails.
     */
    static void assertCompilesOrReports(String text) {
        SourceFile source = new SourceFile("fuzz", text);
        Driver.Checked c = Driver.check(source);
        List<Diagnostic> diagnostics = c.reporter().diagnostics();
        boolean errors = diagnostics.stream().anyMatch(d -> d.severity() == Severity.ERROR);
        assertThat(c.ok())
                .as("a program exactly when there is no error: %s%n%s", text, c.reporter().format())
                .isEqualTo(!errors);
        for (Diagnostic d : diagnostics) {
            assertThat(d.span().line())
                    .as("line of %s in %s", d, text)
                    .isBetween(1, source.lineCount());
            String line = source.line(d.span().line());
            assertThat(d.span().column())
                    .as("column of %s in %s", d, text)
                    .isBetween(1, line.codePointCount(0, line.length()) + 1);
            assertThat(d.format(source))
                    .startsWith("fuzz:" + d.span().line() + ":" + d.span().column() + ": ");
            assertThat(d.message())
                    .doesNotContain("<EOF>")
                    .doesNotContain("T__")
                    .doesNotContain("mismatched")
                    .doesNotContain("extraneous")
                    .doesNotContain("viable")
                    .doesNotContain("LPAREN")
                    .doesNotContain("RPAREN")
                    .doesNotContain("NUMBER")
                    .doesNotContain("ID");
        }
    }

    // ---- random token soup
    // ------------------------------------------------------------------------

    private static final String[] TOKENS = {
        "x",
        "y",
        "z",
        "a",
        "b",
        "f",
        "g",
        "w1",
        "_t",
        "sin",
        "exp",
        "pow",
        "atan2",
        "max",
        "sigmoid",
        "pi",
        "e",
        "input",
        "output",
        "wrt",
        "if",
        "0",
        "1",
        "2.5",
        ".5",
        "1e3",
        "6.02E23",
        "1e999",
        "1e-999",
        "00",
        "1.",
        "1.2.3",
        "3x",
        "2e",
        "+",
        "-",
        "*",
        "/",
        "^",
        "**",
        "<",
        "<=",
        ">",
        ">=",
        "==",
        "!=",
        "!",
        "&&",
        "||",
        "=",
        ",",
        ";",
        "(",
        ")",
        "(",
        ")",
        "=",
        "\n",
        "\n",
        "\n",
        "\r\n",
        "\t",
        "# comment\n",
        "// comment\n",
        "$",
        "@",
        "&",
        "|",
        ".",
        "[",
        "]",
        "{",
        "}",
        "'",
        "\"",
        "\\",
        "%",
        "?",
        ":",
        "\0",
        "\u00e9",
        "\u03b1",
        "\u2212",
        "\u00d7",
        "\u2028",
        "\ufeff",
        "\ud83d\ude00",
    };

    @Provide
    Arbitrary<String> tokenSoup() {
        Arbitrary<String> token = Arbitraries.of(TOKENS);
        Arbitrary<String> separator = Arbitraries.of("", " ", " ", "\n");
        return Combinators.combine(token, separator)
                .as((t, s) -> t + s)
                .list()
                .ofMinSize(0)
                .ofMaxSize(60)
                .map(parts -> String.join("", parts));
    }

    // ---- mutated valid programs
    // ---------------------------------------------------------------------

    /**
     * One edit: delete, insert or replace a character, or swap two, at a place given as a fraction.
     */
    record Edit(int kind, double where, double other, char c) {
        String apply(String s) {
            if (s.isEmpty()) {
                return String.valueOf(c);
            }
            int i = (int) (where * s.length());
            int j = (int) (other * s.length());
            StringBuilder b = new StringBuilder(s);
            switch (kind) {
                case 0 -> b.deleteCharAt(i);
                case 1 -> b.insert(i, c);
                case 2 -> b.setCharAt(i, c);
                default -> {
                    char t = b.charAt(i);
                    b.setCharAt(i, b.charAt(j));
                    b.setCharAt(j, t);
                }
            }
            return b.toString();
        }
    }

    private static final String EDIT_CHARACTERS = "()+-*/^=,;!<>&|#.eE0123456789xyzif \n\t$\u00e9";

    @Provide
    Arbitrary<String> mutatedPrograms() {
        Arbitrary<Edit> edit =
                Combinators.combine(
                                Arbitraries.integers().between(0, 3),
                                Arbitraries.doubles().between(0, 1).filter(d -> d < 1),
                                Arbitraries.doubles().between(0, 1).filter(d -> d < 1),
                                Arbitraries.of(EDIT_CHARACTERS.toCharArray()))
                        .as(Edit::new);
        return Combinators.combine(Arbitraries.of(seeds()), edit.list().ofMinSize(1).ofMaxSize(6))
                .as(
                        (program, edits) -> {
                            String s = program;
                            for (Edit e : edits) {
                                s = e.apply(s);
                            }
                            return s;
                        });
    }

    /** The valid programs of the tests, the examples and the conformance corpus. */
    static List<String> seeds() {
        List<String> out = new ArrayList<>();
        try {
            Path valid = Path.of(FuzzedProgramsTest.class.getResource("/valid").toURI());
            try (Stream<Path> files = Files.list(valid)) {
                for (Path p : files.sorted().toList()) {
                    out.add(Files.readString(p, StandardCharsets.UTF_8));
                }
            }
            try (BufferedReader in =
                    new BufferedReader(
                            new InputStreamReader(
                                    FuzzedProgramsTest.class.getResourceAsStream(
                                            "/conformance/corpus.jsonl"),
                                    StandardCharsets.UTF_8))) {
                in.lines()
                        .limit(100)
                        .forEach(
                                l ->
                                        out.add(
                                                JsonParser.parseString(l)
                                                        .getAsJsonObject()
                                                        .get("program")
                                                        .getAsString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    // ---- generated valid programs
    // -------------------------------------------------------------------

    private static final String[] UNARY = {
        "sin", "cos", "exp", "log", "sqrt", "tanh", "sigmoid", "relu", "abs", "erf"
    };
    private static final String[] BINARY = {"atan2", "hypot", "min", "max", "pow"};

    @Provide
    Arbitrary<String> validPrograms() {
        Arbitrary<String> leaf =
                Arbitraries.of("x", "y", "w", "2", "0.5", "1e-3", "pi", "e", "sq(x)");
        Arbitrary<String> expr = Arbitraries.recursive(() -> leaf, this::compound, 1, 5);
        return expr.list()
                .ofMinSize(1)
                .ofMaxSize(4)
                .map(
                        values -> {
                            StringBuilder p = new StringBuilder("input x, y, w\nsq(u) = u * u\n");
                            for (int i = 0; i < values.size(); i++) {
                                String v =
                                        i == 0
                                                ? values.get(i)
                                                : values.get(i)
                                                        .replaceFirst("\\bx\\b", "v" + (i - 1));
                                p.append('v')
                                        .append(i)
                                        .append(" = ")
                                        .append(v)
                                        .append(i % 2 == 0 ? "\n" : ";");
                            }
                            return p.toString();
                        });
    }

    private Arbitrary<String> compound(Arbitrary<String> inner) {
        Arbitrary<String> op = Arbitraries.of(" + ", " - ", " * ", " / ", "^", " ** ", " +\n  ");
        Arbitrary<String> cmp = Arbitraries.of(" < ", " <= ", " > ", " >= ", " == ", " != ");
        return Arbitraries.oneOf(
                Combinators.combine(inner, op, inner).as((a, o, b) -> a + o + b),
                inner.map(a -> "(" + a + ")"),
                inner.map(a -> "-" + a),
                Combinators.combine(Arbitraries.of(UNARY), inner).as((f, a) -> f + "(" + a + ")"),
                Combinators.combine(Arbitraries.of(BINARY), inner, inner)
                        .as((f, a, b) -> f + "(" + a + ", " + b + ")"),
                Combinators.combine(inner, cmp, inner, inner, inner)
                        .as(
                                (a, c, b, t, f) ->
                                        "if(" + a + c + b + " && !(" + a + c + t + "), " + t + ", "
                                                + f + ")"));
    }

    // ---- bytes for the command line
    // -----------------------------------------------------------------

    @Provide
    Arbitrary<byte[]> anyBytes() {
        Arbitrary<byte[]> text =
                Arbitraries.oneOf(tokenSoup(), mutatedPrograms(), validPrograms())
                        .map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> garbled =
                Combinators.combine(
                                text,
                                Arbitraries.integers().between(0, 255),
                                Arbitraries.doubles().between(0, 1))
                        .as(
                                (b, v, where) -> {
                                    byte[] copy = b.clone();
                                    if (copy.length > 0) {
                                        copy[(int) (where * (copy.length - 1))] = (byte) (int) v;
                                    }
                                    return copy;
                                });
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, text), net.jqwik.api.Tuple.of(1, garbled));
    }
}
