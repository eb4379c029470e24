package io.github.chainrule.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFilesTest {
    @TempDir Path dir;

    @Test
    void writeReplacesTheFileWholeAndLeavesNoTemporaryFile() throws Exception {
        Path target = dir.resolve("a/b/C.java");
        OutputFiles.write(target, "one".getBytes());
        OutputFiles.write(target, "two".getBytes());
        assertThat(target).hasContent("two");
        try (Stream<Path> files = Files.list(target.getParent())) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void aWrittenFileGetsTheUsualPermissions() throws Exception {
        if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Path plain = dir.resolve("plain.txt");
        Files.write(plain, new byte[0]);
        Path target = dir.resolve("T.java");
        OutputFiles.write(target, new byte[0]);
        assertThat(Files.getPosixFilePermissions(target))
                .isEqualTo(Files.getPosixFilePermissions(plain));
    }

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
        OutputFiles.write(file, new byte[0]);
        OutputFiles.write(other, new byte[0]);
        assertThat(OutputFiles.deleteAndPrune(root, file)).isTrue();
        assertThat(root.resolve("a/b")).doesNotExist();
        assertThat(other).exists();
        Files.delete(other);
        Path last = root.resolve("x/Y.java");
        OutputFiles.write(last, new byte[0]);
        OutputFiles.deleteAndPrune(root, last);
        assertThat(root).isDirectory();
        assertThat(root.resolve("x")).doesNotExist();
        assertThat(OutputFiles.deleteAndPrune(root, last)).isFalse();
    }
}
