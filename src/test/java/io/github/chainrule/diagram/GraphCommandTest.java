package io.github.chainrule.diagram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.chainrule.Driver;
import io.github.chainrule.check.CheckedProgram;
import io.github.chainrule.diag.SourceFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chainrule graph} as a user runs it: its inputs, options, exit statuses and messages. */
class GraphCommandTest {
    @Test
    void readsFileExpressionAndStandardInputAlike() {
        String fromFile = DotCli.ok("graph", "examples/seed.chain");
        String fromExpr = DotCli.ok("graph", "-e", "input x, y\nz = x * y + sin(x)");
        DotCli.Run fromStdin =
                DotCli.runWithInput("input x, y\nz = x * y + sin(x)\n", "graph", "-");
        assertThat(fromStdin.status()).isZero();
        assertThat(fromExpr.replace("&lt;expr&gt;", "examples/seed.chain")).isEqualTo(fromFile);
        assertThat(fromStdin.out().replace("&lt;stdin&gt;", "examples/seed.chain"))
                .isEqualTo(fromFile);
    }

    @Test
    void drawsTheSeedsNode() {
        String dot = DotCli.ok("graph", "examples/seed.chain");
        assertThat(dot)
                .startsWith("// chainrule graph")
                .contains("digraph chainrule {")
                .contains("rankdir=LR");
        Map<String, DotCli.Item> nodes = DotCli.nodes(dot);
        assertThat(nodes).containsOnlyKeys("in_x", "in_y", "st_z", "out_z");
        assertThat(nodes.get("st_z").label()).containsExactly("z = x*y + sin(x)", "dz/dz = 1");
        assertThat(nodes.get("in_x").label())
                .containsExactly("x", "dz/dx = dz/dz * (y + cos(x))", "= y + cos(x)");
        List<DotCli.Item> backward =
                DotCli.edges(dot).stream()
                        .filter(e -> e.attributes().contains("dir=back"))
                        .toList();
        assertThat(backward)
                .extracting(e -> e.id() + ": " + String.join(" / ", e.label()))
                .containsExactly(
                        "in_x -> st_z: \u2202z/\u2202x = y + cos(x)",
                        "in_y -> st_z: \u2202z/\u2202y = x",
                        "st_z -> out_z: dz/dz = 1");
        assertThat(backward)
                .allSatisfy(e -> assertThat(e.attributes()).contains("style=dashed", "#c62828"));
    }

    @Test
    void unusedInputsAndStatementsAreGreyAndEveryOutputHasItsAdjoints() {
        String dot =
                DotCli.run(
                                "graph",
                                "-e",
                                String.join(
                                        "\n",
                                        "input x, y, unused",
                                        "output p, q",
                                        "p = x * y",
                                        "q = p + sin(x)",
                                        "dead = y * 2"))
                        .out();
        Map<String, DotCli.Item> nodes = DotCli.nodes(dot);
        assertThat(nodes.get("in_unused").label()).containsExactly("unused", "not used");
        assertThat(nodes.get("in_unused").attributes()).contains("#8a8a8a");
        assertThat(nodes.get("st_dead").label()).containsExactly("dead = 2*y", "no output uses it");
        assertThat(nodes.get("st_p").label())
                .containsExactly("p = x*y", "dp/dp = 1", "dq/dp = dq/dq", "= 1");
        assertThat(nodes.get("in_x").label())
                .contains(
                        "dp/dx = dp/dp * y", "dq/dx = dq/dq * cos(x) + dq/dp * y", "= y + cos(x)");
        assertThat(DotCli.edges(dot))
                .extracting(DotCli.Item::id)
                .doesNotContain("in_y -> st_dead [back]")
                .filteredOn(id -> id.equals("in_y -> st_dead"))
                .hasSize(1); // forward only: nothing flows back
    }

    @Test
    void longExpressionsAreCutOnTheirLabelsNotInTheirTooltips() {
        String sum =
                String.join(
                        " + ",
                        java.util.stream.IntStream.range(0, 60)
                                .mapToObj(i -> "x" + i + "*y")
                                .toList());
        String dot = DotCli.ok("graph", "-e", "z = " + sum);
        DotCli.Item z = DotCli.nodes(dot).get("st_z");
        assertThat(z.label().subList(0, 3))
                .allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(DotText.WIDTH));
        assertThat(z.label().get(2)).endsWith(DotText.ELLIPSIS);
        assertThat(z.tooltip()).startsWith("z = x0*y + y*x1 + y*x2 + ").contains(" + y*x38 ");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(DotCli.run("graph").status()).isEqualTo(2);
        assertThat(DotCli.run("graph", "examples/seed.chain", "-e", "z = x").status()).isEqualTo(2);
        DotCli.Run detail = DotCli.run("graph", "examples/seed.chain", "--detail", "everything");
        assertThat(detail.status()).isEqualTo(2);
        assertThat(detail.err()).contains("use statements or operations");
        DotCli.Run missing = DotCli.run("graph", "examples/seed.chain", "--at", "x=1");
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).contains("missing: y");
        assertThat(DotCli.run("graph", "examples/seed.chain", "--at", "x=1,y=two").status())
                .isEqualTo(2);
        assertThat(DotCli.run("graph", "examples/seed.chain", "--detail", "OPERATIONS").status())
                .isZero();
    }

    @Test
    void programErrorsExitOneAndMissingFilesThree() {
        DotCli.Run bad = DotCli.run("graph", "-e", "z = x +");
        assertThat(bad.status()).isEqualTo(1);
        assertThat(bad.err()).contains("<expr>:1:").contains("error:");
        assertThat(bad.out()).isEmpty();
        DotCli.Run none = DotCli.run("graph", "no-such-file.chain");
        assertThat(none.status()).isEqualTo(3);
        assertThat(none.err()).contains("no-such-file.chain: no such file");
    }

    @Test
    void svgIsWrittenWholeToTheFile(@TempDir Path dir) throws Exception {
        assumeTrue(DotCli.dotInstalled(), DotCli.NO_DOT);
        Path svg = dir.resolve("neuron.svg");
        DotCli.Run r = DotCli.run("graph", "examples/neuron.chain", "--svg", svg.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEmpty();
        String text = Files.readString(svg, StandardCharsets.UTF_8);
        assertThat(text)
                .startsWith("<?xml")
                .contains("<svg")
                .endsWith("</svg>\n")
                .contains("a = sigmoid(z)");
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).containsExactly(svg); // no temporary file left behind
        }
        DotCli.Run toStdout = DotCli.run("graph", "examples/neuron.chain", "--svg", "-");
        assertThat(toStdout.status()).isZero();
        assertThat(toStdout.out()).isEqualTo(text);
    }

    @Test
    void svgWithoutGraphvizSaysHowToInstallIt(@TempDir Path dir) {
        Path svg = dir.resolve("out.svg");
        DotCli.Run r =
                DotCli.run(
                        "graph",
                        "examples/seed.chain",
                        "--svg",
                        svg.toString(),
                        "--dot",
                        dir.resolve("no-such-dot").toString());
        assertThat(r.status()).isEqualTo(3);
        assertThat(r.err())
                .contains("--svg needs Graphviz")
                .contains("apt-get install graphviz")
                .contains("chainrule graph FILE | dot -Tsvg");
        assertThat(svg).doesNotExist();
    }

    @Test
    void svgIntoAMissingDirectoryExitsThree(@TempDir Path dir) {
        assumeTrue(DotCli.dotInstalled(), DotCli.NO_DOT);
        DotCli.Run r =
                DotCli.run(
                        "graph",
                        "examples/seed.chain",
                        "--svg",
                        dir.resolve("no/such/dir/x.svg").toString());
        assertThat(r.status()).isEqualTo(3);
        assertThat(r.err()).contains("cannot write").contains("no such directory");
    }

    /** A chain of 100,000 statements: every pass is iterative, in both views. */
    @Test
    void drawsAHundredThousandStatements() {
        StringBuilder text = new StringBuilder("input x\nv0 = sin(x)\n");
        int n = 100_000;
        for (int i = 1; i < n; i++) {
            text.append('v')
                    .append(i)
                    .append(" = v")
                    .append(i - 1)
                    .append(" * 0.5 + sin(v")
                    .append(i - 1)
                    .append(")\n");
        }
        CheckedProgram program =
                Driver.check(new SourceFile("chain.chain", text.toString()))
                        .program()
                        .orElseThrow();
        String dot = DotWriter.write(program, DotWriter.Detail.STATEMENTS, Map.of("x", 0.3));
        assertThat(dot.lines().filter(l -> l.startsWith("  \"st_") && l.contains("\" [shape=")))
                .hasSize(n);
        assertThat(dot).contains("\"st_v99999\"").endsWith("}\n");
        String ops = DotWriter.write(program, DotWriter.Detail.OPERATIONS, null);
        assertThat(ops).contains("\"out_v99999\"").endsWith("}\n");
    }
}
