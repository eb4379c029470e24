package io.github.chainrule.diag;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
    private static final List<String> FUNCTIONS =
            List.of(
                    "sin",
                    "sign",
                    "sinh",
                    "exp",
                    "expm1",
                    "log",
                    "log2",
                    "log10",
                    "sigmoid",
                    "softplus",
                    "atan2",
                    "atan",
                    "tanh",
                    "max",
                    "min",
                    "if",
                    "pow");

    @Test
    void theNearestNameWithTheLongestCommonPrefix() {
        assertThat(Suggestions.closest("sinn", FUNCTIONS)).hasValue("sin");
        assertThat(Suggestions.closest("sigmoud", FUNCTIONS)).hasValue("sigmoid");
        assertThat(Suggestions.closest("Exp", FUNCTIONS)).hasValue("exp");
        assertThat(Suggestions.closest("atna2", FUNCTIONS)).hasValue("atan2");
        assertThat(Suggestions.closest("lg", FUNCTIONS)).hasValue("log");
    }

    @Test
    void nothingFarOrTrivial() {
        assertThat(Suggestions.closest("frobnicate", FUNCTIONS)).isEmpty();
        assertThat(Suggestions.closest("q", List.of("x", "e", "y"))).isEmpty();
        assertThat(Suggestions.closest("x1", List.of("x"))).isEmpty();
        assertThat(Suggestions.closest("sin", FUNCTIONS))
                .hasValue("sinh"); // only other names are suggested
        assertThat(Suggestions.closest("a".repeat(100_000), List.of("a".repeat(100_000) + "b")))
                .isEmpty();
    }

    @Test
    void longNamesAreShortenedInMessages() {
        assertThat(Suggestions.shorten("a".repeat(100))).hasSize(40).endsWith("...");
        assertThat(Suggestions.shorten("abc")).isEqualTo("abc");
    }

    @Test
    void keywordsAreNearWithinTheEditsTheirLengthAllows() {
        assertThat(Suggestions.near("inptu", "input")).isTrue();
        assertThat(Suggestions.near("inp", "input")).isTrue();
        assertThat(Suggestions.near("wr", "wrt")).isTrue();
        assertThat(Suggestions.near("w", "wrt")).isFalse();
        assertThat(Suggestions.near("INPUT", "input")).isFalse(); // letter case counts here
        assertThat(Suggestions.hint("wrt")).isEqualTo(" (did you mean 'wrt'?)");
        assertThat(Suggestions.didYouMean("sinn", FUNCTIONS)).isEqualTo(" (did you mean 'sin'?)");
        assertThat(Suggestions.didYouMean("frobnicate", FUNCTIONS)).isEmpty();
    }

    @Test
    void shorteningCountsCharactersNotCodeUnits() {
        String wide = "\uD835\uDC65".repeat(40); // 40 mathematical x's, 80 chars
        assertThat(Suggestions.isShort(wide)).isTrue();
        assertThat(Suggestions.shorten(wide)).isEqualTo(wide);
        String longer = wide + "y";
        assertThat(Suggestions.shorten(longer)).isEqualTo("\uD835\uDC65".repeat(37) + "...");
    }
}
