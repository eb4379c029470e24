package io.github.chainrule.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The pom the README gives a user is the pom of the integration build src/it/packages, which {@code
 * mvn -B verify} builds and whose tests must run there: the README's pom is known to work.
 */
class ReadmePomTest {
    @Test
    void theReadmesPomIsTheIntegrationBuildsPom() throws IOException {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        int section = readme.indexOf("\n## The Maven plugin\n");
        assertThat(section).as("the README's section on the plugin").isNotNegative();
        int start = readme.indexOf("```xml\n", section) + "```xml\n".length();
        String quoted = readme.substring(start, readme.indexOf("```", start));

        String build = Files.readString(Path.of("pom.xml"), StandardCharsets.UTF_8);
        String it =
                Files.readString(Path.of("src/it/packages/pom.xml"), StandardCharsets.UTF_8)
                        .replace("@project.version@", first(build, "<version>([^<]+)</version>"))
                        .replace(
                                "@junit.version@",
                                first(build, "<junit.version>([^<]+)</junit.version>"));
        assertThat(quoted)
                .as("the README's pom and src/it/packages/pom.xml (its versions filled in)")
                .isEqualTo(it);
    }

    private static String first(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as(regex).isTrue();
        return m.group(1);
    }
}
