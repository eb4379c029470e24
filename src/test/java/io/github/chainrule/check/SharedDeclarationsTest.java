package io.github.chainrule.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.chainrule.Driver;
import io.github.chainrule.diag.Diagnostic;
import io.github.chainrule.diag.Severity;
import io.github.chainrule.diag.SourceFile;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The declarations of scalar and indexed programs are checked by one implementation ({@link
 * Declarations}), so the same mistake gives the same message in both: each scalar program below,
 * made indexed by lines added after it (a size, an array input and a sum, none of them wrong),
 * gives exactly the errors it gave, at the same places.
 */
class SharedDeclarationsTest {
    /** Lines that make a program indexed without a mistake of their own. */
    private static final String INDEXED_TAIL =
            "\ndim zzsize\ninput zzarray[zzsize]\nzzsum = sum(zzarray[zzi] for zzi)\n";

    private static List<String> errors(String text) {
        Driver.Checked c = Driver.check(new SourceFile("t.chain", text));
        return c.reporter().diagnostics().stream()
                .filter(d -> d.severity() == Severity.ERROR)
                .map(SharedDeclarationsTest::describe)
                .toList();
    }

    private static String describe(Diagnostic d) {
        return d.span() + ": " + d.message();
    }

    @Test
    void theLinesAddedMakeAProgramIndexedAndAddNoError() {
        Driver.Checked c =
                Driver.check(new SourceFile("t.chain", "input alpha\nz = alpha" + INDEXED_TAIL));
        assertThat(c.indexed()).as(c.reporter().format()).isPresent();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "input alpha, beta, alpha\nz = alpha * beta",
                "input pi, beta\nz = beta",
                "input alpha\nalpha = 1",
                "input alpha\nz = alpha\nz = 2 * alpha",
                "input alpha\nwrt z\nz = alpha",
                "input alpha1\nwrt alpha2\nz = alpha1",
                "input alpha\noutput alpha\nz = alpha",
                "input alpha\noutput zeta\nz = alpha",
                "input alpha\nz = alpah",
                "twice(u) = 2 * u\ninput alpha\nz = twice + alpha",
                "input alpha\nz = alpha\nw = z(1)",
                "twice(u, u) = 2 * u\ninput alpha\nz = twice(alpha, alpha)",
                "twice(u) = 2 * u\ntwice(v) = 3 * v\ninput alpha\nz = twice(alpha)",
                "input alpha\nsin = alpha",
                "input alpha\npi = alpha",
            })
    void theSameMistakeGivesTheSameMessageInScalarAndIndexedPrograms(String scalar) {
        assertThat(Driver.check(new SourceFile("t.chain", scalar)).indexed()).isEmpty();
        assertThat(Driver.check(new SourceFile("t.chain", scalar + INDEXED_TAIL)).indexed())
                .as("the tail makes it indexed, and the mistake keeps it from passing")
                .isEmpty();
        List<String> expected = errors(scalar);
        assertThat(expected).isNotEmpty();
        assertThat(errors(scalar + INDEXED_TAIL)).isEqualTo(expected);
    }
}
