package io.github.chainrule.diagram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** No name, expression or file name can break the DOT, and Graphviz shows each as written. */
class DotEscapeTest {
    private static final String[] HOSTILE = {
        "plain",
        "a \"quoted\" word",
        "back\\slash \\N \\G \\n \\l",
        "<B>bold</B> & &amp; &#65;",
        "line\nbreak\r\nand\rcr\ttab",
        "} ]; digraph x { a -> b",
        "caf\u00e9 \u2202z/\u2202x \u03a3 \ud83d\ude00",
        "lone \ud800 surrogate \uffff",
        "nul \u0000 del \u007f",
        "'single' `back`",
    };

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
    void htmlIsAsciiWithNoMarkupOfItsOwn(int i) {
        String escaped = DotEscape.html(HOSTILE[i]);
        assertThat(escaped).matches("[\\x20-\\x7e]*");
        assertThat(escaped).doesNotContain("<", ">", "\"", "\n");
        assertThat(escaped.replaceAll("&(#\\d+|amp|lt|gt|quot);", "")).doesNotContain("&");
        assertThat(escaped.replace("\\\\", "")).as("every backslash doubled").doesNotContain("\\");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
    void stringIsOneQuotedAsciiString(int i) {
        String escaped = DotEscape.string(HOSTILE[i]);
        assertThat(escaped).matches("\"([\\x20-\\x21\\x23-\\x5b\\x5d-\\x7e]|\\\\[\"\\\\n])*\"");
    }

    @Test
    void readsBackAsWritten() {
        assertThat(DotCli.unescapeHtml(DotEscape.html("a <b> & \"c\" \\N caf\u00e9 \ud83d\ude00")))
                .isEqualTo("a <b> & \"c\" \\N caf\u00e9 \ud83d\ude00");
        String quoted = DotEscape.string("a \"q\" \\N\nnext & caf\u00e9");
        assertThat(DotCli.unescapeString(quoted.substring(1, quoted.length() - 1)))
                .isEqualTo("a \"q\" \\N\nnext & caf\u00e9");
        assertThat(DotEscape.html("x\ny")).isEqualTo("x y");
        assertThat(DotEscape.html("\ud800")).isEqualTo("&#65533;");
        assertThat(DotEscape.string("a\r\nb\rc")).isEqualTo("\"a\\nb\\nc\"");
    }

    /**
     * A program whose names are DOT's keywords, whose conditions are full of {@code < > && ||}, in
     * a file whose name is hostile: Graphviz reads the DOT without a word, and the picture shows
     * the text as written.
     */
    @Test
    void hostileProgramRendersAsWritten(@TempDir Path dir) throws Exception {
        assumeTrue(DotCli.dotInstalled(), DotCli.NO_DOT);
        String program =
                String.join(
                        "\n",
                        "input node, edge, graph, strict, _, digraph",
                        "wrt node, edge",
                        "output subgraph, html",
                        "subgraph = if(node < 0 && edge > 1 || !(node == edge), sqrt(abs(node)) *"
                                + " edge, -node^2)",
                        "html = subgraph * graph + relu(strict - _) / (digraph + 2)",
                        "");
        Path file = dir.resolve("a \"quoted\" <b>&amp; \\N caf\u00e9.chain");
        Files.writeString(file, program, StandardCharsets.UTF_8);
        for (String[] extra :
                List.of(
                        new String[0],
                        new String[] {"--detail", "operations"},
                        new String[] {
                            "--at", "node=-1,edge=2,graph=3,strict=1,_=0.5,digraph=-2"
                        })) {
            List<String> args = new ArrayList<>(List.of("graph", file.toString()));
            args.addAll(List.of(extra));
            String dot = DotCli.ok(args.toArray(String[]::new));
            assertThat(dot).matches("(?s)[\\x20-\\x7e\\n]*");
            DotRenderer.Rendered svg = DotRenderer.render(DotRenderer.DEFAULT_PROGRAM, dot, "svg");
            assertThat(svg.messages()).as("dot on %s", args).isEmpty();
            String text = svgText(new String(svg.output(), StandardCharsets.UTF_8));
            assertThat(text).contains(file + ": the chain rule");
            assertThat(text).contains("subgraph = if(node < 0 && edge > 1 ||");
        }
    }

    /** The text an SVG shows, its lines' pieces joined. */
    private static String svgText(String svg) {
        StringBuilder out = new StringBuilder();
        Matcher m = Pattern.compile("<text[^>]*>([^<]*)</text>").matcher(svg);
        while (m.find()) {
            out.append(
                            m.group(1)
                                    .replace("&lt;", "<")
                                    .replace("&gt;", ">")
                                    .replace("&quot;", "\"")
                                    .replace("&#45;", "-")
                                    .replace("&amp;", "&"))
                    .append('\n');
        }
        return out.toString();
    }

    @Test
    void theFileNameIsInTheCaptionOnly(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("x.chain");
        Files.writeString(file, "z = x * y\n");
        String dot = DotCli.ok("graph", file.toString());
        assertThat(dot.lines().filter(l -> l.contains(dir.toString()))).hasSize(1);
    }
}
