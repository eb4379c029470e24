package io.github.chainrule.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JavaNamesTest {
    @ParameterizedTest
    @CsvSource({
        "neuron.chain, Neuron",
        "my_loss.chain, MyLoss",
        "my-loss.chain, MyLoss",
        "my__loss_.chain, MyLoss",
        "MLP.chain, MLP",
        "layer_2_norm.chain, Layer2Norm",
        "_private.chain, Private",
        "class.chain, Class",
        "größe.chain, Größe",
    })
    void classNameCapitalisesEachWord(String file, String expected) throws Exception {
        assertThat(JavaNames.className(file)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2d.chain",
                "my loss.chain",
                "neuron.v2.chain",
                "_.chain",
                "-.chain",
                ".chain",
                "a+b.chain"
            })
    void aFileNameThatGivesNoIdentifierIsAnError(String file) {
        assertThatThrownBy(() -> JavaNames.className(file))
                .isInstanceOf(JavaNames.BadName.class)
                .hasMessageStartingWith(
                        "the file name '" + file + "' does not make a Java class name")
                .hasMessageContaining("my_loss.chain gives MyLoss");
    }

    @Test
    void packageIsTheFolderPath() throws Exception {
        assertThat(JavaNames.packageName(List.of())).isEmpty();
        assertThat(JavaNames.packageName(List.of("com", "acme", "model")))
                .isEqualTo("com.acme.model");
    }

    @ParameterizedTest
    @CsvSource({"my-models, my_models", "2d, _2d", "int, int_", "a b, a_b", "_, __"})
    void aFolderThatIsNoPackageNameIsAnErrorWithASuggestion(String folder, String suggestion) {
        assertThatThrownBy(() -> JavaNames.packageName(List.of("com", folder)))
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

    @Test
    void packageNameSetting() {
        assertThat(JavaNames.isPackageName("com.acme")).isTrue();
        assertThat(JavaNames.isPackageName("com.acme.")).isFalse();
        assertThat(JavaNames.isPackageName("com.my-co")).isFalse();
        assertThat(JavaNames.isPackageName("com.int")).isFalse();
    }
}
