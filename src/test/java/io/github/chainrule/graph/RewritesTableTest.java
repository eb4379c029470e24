package io.github.chainrule.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's table of rewrites is the table in the code, row for row. */
class RewritesTableTest {
    static String table() {
        StringBuilder out =
                new StringBuilder("| pattern | result | condition | hazard removed |\n");
        out.append("|---|---|---|---|\n");
        for (Rewrites r : Rewrites.values()) {
            out.append("| `")
                    .append(r.pattern().replace("; ", "`, `"))
                    .append("` | `")
                    .append(r.result().replace("; ", "`, `"))
                    .append("` | ")
                    .append(r.condition())
                    .append(" | ")
                    .append(r.hazard())
                    .append(" |\n");
        }
        return out.toString();
    }

    @Test
    void theReadmeShowsEveryRewrite() throws IOException {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        assertThat(readme)
                .as("README.md's table of rewrites; it should be:\n" + table())
                .contains(table());
    }
}
