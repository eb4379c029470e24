package io.github.chainrule.maven;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.chainrule.files.AtomicWrite;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFilesTest {
    @TempDir Path dir;

    @Test
    void insideAcceptsOnlyPathsStrictlyUnderTheRoot() {
        Path root = dir.resolve("out");
        assertThat(OutputFiles.inside(root, "com/acme/A.java"))
                .contains(root.resolve("com/acme/A.java"));
        assertThat(OutputFiles.inside(root, "com/../A.java")).contains(root.resolve("A.java"));
        assertThat(OutputFiles.inside(root, "../pom.xml")).isEmpty();
        assertThat(OutputFiles.inside(root, "com/../../pom.xml")).isEmpty();
        assertThat(OutputFiles.inside(root, dir.resolve("pom.xml").toString())).isEmpty();
        assertThat(OutputFiles.inside(root, "")).isEmpty();
        assertThat(OutputFiles.inside(root, ".")).isEmpty();
    }

    @Test
    void deleteAndPruneRemovesEmptiedFoldersUpToTheRootOnly() throws Exception {
        Path root = dir.resolve("out");
        Path file = root.resolve("a/b/C.java");
        Path other = root.resolve("a/Keep.java");
        AtomicWrite.write(file, new byte[0]);
        AtomicWrite.write(other, new byte[0]);
        assertThat(OutputFiles.deleteAndPrune(root, file)).isTrue();
        assertThat(root.resolve("a/b")).doesNotExist();
        assertThat(other).exists();
        Files.delete(other);
        Path last = root.resolve("x/Y.java");
        AtomicWrite.write(last, new byte[0]);
        OutputFiles.deleteAndPrune(root, last);
        assertThat(root).isDirectory();
        assertThat(root.resolve("x")).doesNotExist();
        assertThat(OutputFiles.deleteAndPrune(root, last)).isFalse();
    }
}
