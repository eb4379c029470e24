package io.github.chainrule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.chainrule.check.CheckedProgram;
import io.github.chainrule.javagen.JavaEmitter;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

class JavaNamesTest {
    @ParameterizedTest(name = "{0} → {1}")
    @CsvFileSource(resources = "/class-names.csv")
    void theClassNameOfEachFileName(String file, String expected) throws Exception {
        if (expected.startsWith("!")) {
            assertThatThrownBy(() -> JavaNames.className(file))
                    .isInstanceOf(JavaNames.BadName.class)
                    .hasMessageStartingWith(
                            "cannot make a Java class name of the file name '"
                                    + file
                                    + "' ("
                                    + expected.substring(1).strip()
                                    + "); rename the file")
                    .hasMessageContaining("my_loss.chain gives MyLoss");
        } else {
            assertThat(JavaNames.className(file)).isEqualTo(expected);
        }
    }

    @Test
    void aFileNamedOnlyByItsExtensionMakesNoClass() {
        assertThatThrownBy(() -> JavaNames.className(".chain"))
                .isInstanceOf(JavaNames.BadName.class)
                .hasMessageContaining("'' is not an identifier");
    }

    @Test
    void packageNames() {
        assertThat(JavaNames.isPackageName("com.acme")).isTrue();
        assertThat(JavaNames.isPackageName("com.acme.")).isFalse();
        assertThat(JavaNames.isPackageName("com.my-co")).isFalse();
        assertThat(JavaNames.isPackageName("com.int")).isFalse();
        assertThat(JavaNames.isPackagePart("acme")).isTrue();
        assertThat(JavaNames.isPackagePart("com.acme")).isFalse();
        assertThat(JavaNames.isPackagePart("int")).isFalse();
        assertThat(JavaNames.isPackagePart("")).isFalse();
    }

    /**
     * The names the Java back end refuses as class names, among every type of java.lang and
     * java.util, are exactly the names this rule refuses: the file-name rule and the back end
     * cannot drift apart.
     */
    @Test
    void theRuleRefusesExactlyWhatTheJavaBackEndRefuses() throws IOException {
        CheckedProgram program = TestPrograms.compile("input x\nf = x\n");
        List<String> refused = new ArrayList<>();
        for (String name : typesOf("java/lang", "java/util")) {
            try {
                JavaEmitter.generate(program, "", name);
            } catch (IllegalArgumentException e) {
                refused.add(name);
            }
        }
        assertThat(refused).containsExactlyInAnyOrderElementsOf(JavaNames.USED_BY_GENERATED_CODE);
    }

    private static List<String> typesOf(String... packages) throws IOException {
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        List<String> names = new ArrayList<>();
        for (String p : packages) {
            try (Stream<Path> files = Files.list(jrt.getPath("/modules/java.base", p))) {
                files.map(f -> f.getFileName().toString())
                        .filter(f -> f.endsWith(".class") && !f.contains("$"))
                        .map(f -> f.substring(0, f.length() - ".class".length()))
                        .filter(f -> !f.equals("package-info") && !f.equals("module-info"))
                        .forEach(names::add);
            }
        }
        assertThat(names).contains("Math", "List", "Thread").hasSizeGreaterThan(200);
        return names;
    }
}
