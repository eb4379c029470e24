package io.github.chainrule.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.chainrule.JavaNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LayoutTest {
    @TempDir Path src;

    private void touch(String relative) throws Exception {
        Path file = src.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "z = x * y\n");
    }

    @Test
    void theFolderPathIsThePackageAndTheFileNameTheClass() throws Exception {
        touch("neuron.chain");
        touch("com/acme/my_loss.chain");
        touch("com/acme/notes.txt");
        touch(".git/hidden.chain");
        touch("com/.#neuron.chain");
        Layout.Plan plan = Layout.scan(src, Optional.empty());
        assertThat(plan.problems()).isEmpty();
        assertThat(plan.units())
                .extracting(
                        Layout.Unit::source,
                        Layout.Unit::packageName,
                        Layout.Unit::className,
                        Layout.Unit::output)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "com/acme/my_loss.chain",
                                "com.acme",
                                "MyLoss",
                                "com/acme/MyLoss.java"),
                        org.assertj.core.groups.Tuple.tuple(
                                "neuron.chain", "", "Neuron", "Neuron.java"));
        assertThat(plan.sourceCount()).isEqualTo(2);
    }

    @Test
    void aFixedPackageTakesEveryClassAndFoldersMayBeAnything() throws Exception {
        touch("my models/neuron.chain");
        Layout.Plan plan = Layout.scan(src, Optional.of("org.example"));
        assertThat(plan.problems()).isEmpty();
        assertThat(plan.units())
                .singleElement()
                .extracting(Layout.Unit::output)
                .isEqualTo("org/example/Neuron.java");
    }

    @Test
    void badNamesAndClashesAreProblemsOfTheirFileOnly() throws Exception {
        touch("my-models/neuron.chain");
        touch("ok/2d.chain");
        touch("ok/my-loss.chain");
        touch("ok/my_loss.chain");
        touch("ok/fine.chain");
        touch("cases/my_loss.chain");
        touch("cases/myloss.chain");
        Layout.Plan plan = Layout.scan(src, Optional.empty());
        assertThat(plan.units())
                .extracting(Layout.Unit::source)
                .containsExactly("cases/my_loss.chain", "ok/fine.chain", "ok/my-loss.chain");
        assertThat(plan.problems())
                .extracting(p -> Layout.slashes(src.relativize(p.file())))
                .containsExactly(
                        "cases/myloss.chain",
                        "my-models/neuron.chain",
                        "ok/2d.chain",
                        "ok/my_loss.chain");
        assertThat(plan.problems().get(0).message())
                .isEqualTo(
                        "this file would generate cases/Myloss.java, which is cases/MyLoss.java"
                                + " (from cases/my_loss.chain) on a file system that ignores case;"
                                + " rename one of them");
        assertThat(plan.problems().get(1).message())
                .contains("the folder 'my-models' is not a Java package name");
        assertThat(plan.problems().get(2).message()).contains("the file name '2d.chain'");
        assertThat(plan.problems().get(3).message())
                .isEqualTo(
                        "this file would generate ok/MyLoss.java, which ok/my-loss.chain already"
                                + " generates; rename one of them");
        assertThat(plan.sourceCount()).isEqualTo(7);
    }

    @Test
    void noSourceDirectoryIsNoSources() throws Exception {
        Layout.Plan plan = Layout.scan(src.resolve("missing"), Optional.empty());
        assertThat(plan.units()).isEmpty();
        assertThat(plan.sourceCount()).isZero();
    }

    @Test
    void packageIsTheFolderPath() throws Exception {
        assertThat(Layout.packageOf(List.of())).isEmpty();
        assertThat(Layout.packageOf(List.of("com", "acme", "model"))).isEqualTo("com.acme.model");
    }

    @ParameterizedTest
    @CsvSource({"my-models, my_models", "2d, _2d", "int, int_", "a b, a_b", "_, __"})
    void aFolderThatIsNoPackageNameIsAnErrorWithASuggestion(String folder, String suggestion) {
        assertThatThrownBy(() -> Layout.packageOf(List.of("com", folder)))
                .isInstanceOf(JavaNames.BadName.class)
                .hasMessage(
                        "the folder '"
                                + folder
                                + "' is not a Java package name, so the file has no package:"
                                + " rename the folder (to '"
                                + suggestion
                                + "', say) or set <packageName> in the plugin's"
                                + " configuration");
        assertThat(JavaNames.isPackageName("com." + suggestion)).isTrue();
    }
}
