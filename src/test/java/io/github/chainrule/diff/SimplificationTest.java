package io.github.chainrule.diff;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.chainrule.Corpus;
import io.github.chainrule.TestPrograms;
import io.github.chainrule.check.CheckedProgram;
import io.github.chainrule.report.DeriveReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What {@code derive} prints for a derivative: one case per simplification rule, and the whole
 * corpus.
 */
class SimplificationTest {

    static String derivative(String program, String wrt) {
        CheckedProgram p = TestPrograms.compile(program);
        Map<String, Map<String, String>> texts =
                new DeriveReport(p, p.wrt(), false).derivativeTexts(100_000);
        return texts.get(p.outputs().get(0)).get(wrt);
    }

    @ParameterizedTest(name = "d/d{1} of {0} is {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "z = x*x|                      x| 2*x",
                "z = x*x*x|                    x| 3*x^2",
                "z = 2*x + 3*x|                x| 5",
                "z = x - x + y|                x| 0",
                "z = x/x*y|                    y| 1",
                "z = x*0 + y*1|                y| 1",
                "z = -(-x)|                    x| 1",
                "z = 2^3*x|                    x| 8",
                "z = (x + 1)^2|                x| 2 + 2*x",
                "z = x*y*x|                    x| 2*x*y",
                "z = 1/x|                      x| -1/x^2",
                "z = log(x)/x|                 x| 1/x^2 - z/x",
                "z = (x - y)^2/2|              y| y - x",
                "z = sin(x)^2 + cos(x)^2|      x| 0",
                "z = x^y|                      y| z*log(x)",
                "z = x^y|                      x| y*x^(y - 1)",
                "z = exp(2*x)|                 x| 2*z",
                "z = tanh(x)|                  x| 1 - z^2",
                "z = e^x + pi*x|               x| pi + exp(x)",
                "z = relu(x)*y|                x| if(x > 0, y, 0)",
                "z = min(x, y)|                y| if(x <= y, 0, 1)",
                "z = if(x > 0, x^2, -x)|       x| if(x > 0, 2*x, -1)",
                "z = x*y + sin(x)|             x| y + cos(x)",
                "a = x*x; z = a + a|           x| 4*x",
                "z = x^2.5|                    x| 2.5*x^1.5",
            })
    void rule(String program, String wrt, String expected) {
        assertThat(derivative(program, wrt)).isEqualTo(expected);
    }

    /**
     * The textbook a - y in the form the code computes: a*(1 - y) - y*(1 - a) stays accurate where
     * a rounds to 1 and y = 1 (1 - a is then computed as sigmoid(-z)); tidying does not rearrange
     * it into a - y*(1 - a) - a*y, which is no simpler and not what is computed.
     */
    @Test
    void theNeuronsGradientPrintsAsItIsComputed() {
        String neuron = io.github.chainrule.TestPrograms.resource("/programs/neuron.chain");
        assertThat(derivative(neuron, "w1")).isEqualTo("x1*(a*(1 - y) - y*(1 - a))");
        assertThat(derivative(neuron, "b")).isEqualTo("a*(1 - y) - y*(1 - a)");
    }

    /** Tidying rewrites what is printed: it must not change a single value. */
    @Test
    void tidyingKeepsTheValueOnTheWholeCorpus() {
        for (Corpus.Case c : Corpus.cases()) {
            CheckedProgram p = TestPrograms.compile(c.id(), c.program());
            Map<String, Double> at = new java.util.HashMap<>();
            c.at().entrySet().forEach(e -> at.put(e.getKey(), e.getValue().getAsDouble()));
            var g = p.graph();
            var printer = new io.github.chainrule.graph.Printer(Map.of());
            for (var row : Derivatives.of(p, p.wrt()).byOutput()) {
                for (var d : row) {
                    var tidy = io.github.chainrule.graph.Tidy.tidy(g, d, printer);
                    double[] v =
                            io.github.chainrule.graph.Evaluator.evaluate(g, List.of(d, tidy), at);
                    double a = v[d.id()];
                    double b = v[tidy.id()];
                    assertThat(
                                    Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a))
                                            || (Double.isNaN(a) && Double.isNaN(b)))
                            .as(
                                    "%s: %s vs tidied %s",
                                    c.id(), printer.toText(d), printer.toText(tidy))
                            .isTrue();
                }
            }
        }
    }

    /** Text that a simplified derivative never holds. */
    static final List<Pattern> UNSIMPLIFIED =
            List.of(
                    Pattern.compile("(?<![\\w.])1\\*"), // 1*x
                    Pattern.compile("\\*1(?![\\w.])"), // x*1
                    Pattern.compile("(?<![\\w.^])0\\*"), // 0*x
                    Pattern.compile("\\*0(?![\\w.])"), // x*0
                    Pattern.compile("[+-] 0(?![\\w.])"), // x + 0
                    Pattern.compile("--|- -|\\+ -|-\\(-"), // double negation
                    Pattern.compile("\\^1(?![\\w.])|\\^0(?![\\w.])"), // x^1, x^0
                    // 2*3: unfolded (but 2*3^x is not)
                    Pattern.compile(
                            "(?<![\\w.^])\\d+(\\.\\d+)?(e-?\\d+)?\\s*[*/]\\s*\\d+(\\.\\d+)?(e-?\\d+)?(?![\\d.^e])"));

    @Test
    void corpusDerivativesAreSimplified() {
        List<String> problems = new ArrayList<>();
        int largest = 0;
        String largestWhere = "";
        for (Corpus.Case c : Corpus.cases()) {
            CheckedProgram p = TestPrograms.compile(c.id(), c.program());
            for (boolean expand : new boolean[] {false, true}) {
                var texts = new DeriveReport(p, p.wrt(), expand).derivativeTexts(1_000_000);
                for (var row : texts.entrySet()) {
                    for (var cell : row.getValue().entrySet()) {
                        String text = cell.getValue();
                        for (Pattern bad : UNSIMPLIFIED) {
                            if (bad.matcher(text).find()) {
                                problems.add(
                                        c.id()
                                                + " d"
                                                + row.getKey()
                                                + "/d"
                                                + cell.getKey()
                                                + " = "
                                                + text
                                                + "   (matches "
                                                + bad
                                                + ")");
                            }
                        }
                        int ops = operations(text);
                        if (ops > largest) {
                            largest = ops;
                            largestWhere =
                                    c.id()
                                            + (expand ? " --expand" : "")
                                            + " d"
                                            + row.getKey()
                                            + "/d"
                                            + cell.getKey();
                        }
                    }
                }
            }
        }
        System.out.println(
                "largest printed corpus derivative: "
                        + largest
                        + " operations ("
                        + largestWhere
                        + ")");
        assertThat(problems).isEmpty();
    }

    /** Operators and calls in a printed expression. */
    static int operations(String text) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if ("+*/^".indexOf(ch) >= 0
                    || (ch == '-' && i + 1 < text.length() && text.charAt(i + 1) == ' ')
                    || (ch == '(' && i > 0 && Character.isLetterOrDigit(text.charAt(i - 1)))) {
                n++;
            }
        }
        return n;
    }
}
