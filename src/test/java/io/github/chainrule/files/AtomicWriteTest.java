package io.github.chainrule.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicWriteTest {
    @TempDir Path dir;

    private Stream<String> namesIn(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).toList().stream();
        }
    }

    @Test
    void writeReplacesTheFileWholeAndLeavesNoTemporaryFile() throws Exception {
        Path target = dir.resolve("a/b/C.java");
        AtomicWrite.write(target, "one".getBytes());
        AtomicWrite.write(target, "two".getBytes());
        assertThat(target).hasContent("two");
        assertThat(namesIn(target.getParent())).containsExactly("C.java");
    }

    @Test
    void aWrittenFileGetsTheUsualPermissions() throws Exception {
        if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Path plain = dir.resolve("plain.txt");
        Files.write(plain, new byte[0]);
        Path target = dir.resolve("T.java");
        AtomicWrite.write(target, new byte[0]);
        assertThat(Files.getPosixFilePermissions(target))
                .isEqualTo(Files.getPosixFilePermissions(plain));
    }

    @Test
    void aFailedMoveLeavesTheTargetAsItWasAndNoTemporaryFile() throws Exception {
        // The target is a folder with a file in it: the move over it fails after the temporary
        // file was written, and the temporary file goes.
        Path target = dir.resolve("Busy.java");
        Files.createDirectories(target);
        Files.writeString(target.resolve("inside"), "kept");
        assertThatThrownBy(() -> AtomicWrite.write(target, "new".getBytes()))
                .isInstanceOf(FileSystemException.class)
                .hasMessageContaining("is a directory");
        assertThat(target.resolve("inside")).hasContent("kept");
        assertThat(namesIn(dir)).containsExactly("Busy.java");
    }

    @Test
    void anEmptyFolderIsNotReplacedEither() throws Exception {
        Path target = dir.resolve("Empty.java");
        Files.createDirectories(target);
        assertThatThrownBy(() -> AtomicWrite.write(target, "new".getBytes()))
                .hasMessageContaining("is a directory");
        assertThat(target).isDirectory();
        assertThat(namesIn(dir)).containsExactly("Empty.java");
    }
}
