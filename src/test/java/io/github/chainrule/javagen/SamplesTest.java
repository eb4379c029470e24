package io.github.chainrule.javagen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.chainrule.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code generated-samples/} holds the classes generated from every program in {@code examples/},
 * committed so that a reader sees what chainrule emits and a change to the output shows in review.
 * This test regenerates them with the command line and fails on any difference. To refresh them
 * after an intended change: {@code mvn test -Dtest=SamplesTest -Dchainrule.updateSamples=true}. The
 * indexed examples' loop classes are in {@code generated-samples/indexed/}.
 */
class SamplesTest {
    private static final Path BASE = Path.of(System.getProperty("basedir", "."));
    private static final Path EXAMPLES = BASE.resolve("examples");
    private static final Path SAMPLES = BASE.resolve("generated-samples");
    private static final String HOW_TO_REFRESH =
            "refresh them with: mvn test -Dtest=SamplesTest -Dchainrule.updateSamples=true (or"
                + " ./chainrule generate examples/*.chain -d generated-samples and ./chainrule"
                + " generate examples/indexed/*.chain -d generated-samples/indexed), and review the"
                + " difference";

    @TempDir Path dir;

    @Test
    void generatedSamplesAreWhatTheCompilerEmitsNow() throws IOException {
        sameAsCommitted(EXAMPLES, SAMPLES, 6);
    }

    /**
     * The indexed examples' loop classes, in {@code generated-samples/indexed/}: the same check,
     * for {@code examples/indexed/}.
     */
    @Test
    void indexedSamplesAreWhatTheCompilerEmitsNow() throws IOException {
        sameAsCommitted(EXAMPLES.resolve("indexed"), SAMPLES.resolve("indexed"), 5);
    }

    private void sameAsCommitted(Path examplesFolder, Path samples, int atLeast)
            throws IOException {
        boolean update = Boolean.getBoolean("chainrule.updateSamples");
        List<String> examples = new ArrayList<>();
        try (Stream<Path> files = Files.list(examplesFolder)) {
            files.filter(p -> p.toString().endsWith(".chain"))
                    .sorted()
                    .forEach(p -> examples.add(p.toString()));
        }
        assertThat(examples).hasSizeGreaterThanOrEqualTo(atLeast);
        Path target = update ? samples : dir.resolve("out");
        List<String> args = new ArrayList<>(List.of("generate"));
        args.addAll(examples);
        args.addAll(List.of("-d", target.toString()));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status =
                Main.run(
                        args.toArray(String[]::new),
                        new ByteArrayInputStream(new byte[0]),
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(0);

        Map<String, String> regenerated = javaFiles(target);
        Map<String, String> committed = javaFiles(samples);
        List<String> problems = new ArrayList<>();
        for (String name : regenerated.keySet()) {
            String now = regenerated.get(name);
            String then = committed.get(name);
            if (then == null) {
                problems.add(name + " is missing from " + BASE.relativize(samples) + "/");
            } else if (!then.equals(now)) {
                problems.add(
                        name
                                + " differs from what the compiler emits now, first at line "
                                + firstDifference(then, now));
            }
        }
        for (String name : committed.keySet()) {
            if (!regenerated.containsKey(name)) {
                problems.add(
                        name
                                + " is in "
                                + BASE.relativize(samples)
                                + "/ but no program in "
                                + BASE.relativize(examplesFolder)
                                + "/ makes it");
            }
        }
        if (!problems.isEmpty()) {
            fail(String.join("\n", problems) + "\n" + HOW_TO_REFRESH);
        }
        // and they compile, as Java 8
        Map<String, String> sources = new LinkedHashMap<>();
        regenerated.forEach((file, source) -> sources.put(file.replace(".java", ""), source));
        InMemoryJavac.compile(dir.resolve("javac"), sources);
    }

    /**
     * The generated code the READMEs quote (every {@code java} block that declares a {@code public
     * static} method) is Neuron.java's, line for line: a change to the output shows in the
     * documentation too.
     */
    @Test
    void theReadmesQuoteTheSampleAsItIs() throws IOException {
        String sample = Files.readString(SAMPLES.resolve("Neuron.java"), StandardCharsets.UTF_8);
        String unindented =
                "\n"
                        + sample.replace(
                                "\n    ",
                                "\n"); // the READMEs quote the methods without the class's indent
        int quoted = 0;
        for (Path readme : List.of(BASE.resolve("README.md"), SAMPLES.resolve("README.md"))) {
            String[] blocks = Files.readString(readme, StandardCharsets.UTF_8).split("```java\n");
            for (int b = 1;
                    b < blocks.length;
                    b++) { // blocks[0] is the text before the first block
                String code = blocks[b].substring(0, Math.max(0, blocks[b].indexOf("```")));
                if (!code.contains("public static")) {
                    continue;
                }
                for (String method : code.split("\n\n")) {
                    assertThat(unindented)
                            .as(
                                    "%s quotes code that %s does not have; %s",
                                    BASE.relativize(readme),
                                    "generated-samples/Neuron.java",
                                    "copy it from there")
                            .contains("\n" + method.strip() + "\n");
                }
                quoted++;
            }
        }
        assertThat(quoted).as("quoted blocks of generated code").isGreaterThanOrEqualTo(2);
    }

    /**
     * The loop the README quotes from {@code generated-samples/indexed/Lj.java} (the block after
     * the link to it) is there, line for line apart from indentation.
     */
    @Test
    void theReadmeQuotesTheIndexedSampleAsItIs() throws IOException {
        String readme = Files.readString(BASE.resolve("README.md"), StandardCharsets.UTF_8);
        int link = readme.indexOf("(generated-samples/indexed/Lj.java)");
        assertThat(link).as("the README links Lj.java").isPositive();
        int start = readme.indexOf("```java\n", link) + "```java\n".length();
        String quoted = readme.substring(start, readme.indexOf("```", start)).strip();
        String sample =
                Files.readString(SAMPLES.resolve("indexed/Lj.java"), StandardCharsets.UTF_8);
        List<String> sampleLines = new ArrayList<>();
        sample.lines().forEach(l -> sampleLines.add(l.strip()));
        List<String> quotedLines = new ArrayList<>();
        quoted.lines().forEach(l -> quotedLines.add(l.strip()));
        assertThat(quotedLines).hasSizeGreaterThan(10);
        assertThat(java.util.Collections.indexOfSubList(sampleLines, quotedLines))
                .as("README.md quotes a loop that generated-samples/indexed/Lj.java does not have")
                .isNotNegative();
    }

    private static Map<String, String> javaFiles(Path folder) throws IOException {
        Map<String, String> out = new TreeMap<>();
        if (Files.isDirectory(folder)) {
            try (Stream<Path> files = Files.list(folder)) {
                for (Path p :
                        (Iterable<Path>)
                                files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                    out.put(
                            p.getFileName().toString(),
                            Files.readString(p, StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private static int firstDifference(String a, String b) {
        String[] x = a.split("\n", -1);
        String[] y = b.split("\n", -1);
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            if (!x[i].equals(y[i])) {
                return i + 1;
            }
        }
        return Math.min(x.length, y.length) + 1;
    }
}
