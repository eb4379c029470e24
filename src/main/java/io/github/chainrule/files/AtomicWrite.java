package io.github.chainrule.files;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Writing a file whole or not at all, as every command and the Maven plugin write: a reader (javac,
 * an IDE, a build that was stopped) never sees half a file.
 */
public final class AtomicWrite {
    private AtomicWrite() {}

    /**
     * Writes {@code bytes} to a new temporary file beside {@code target} (making the folders it
     * needs), then moves it over the target in one step where the file system can. On failure the
     * target is as it was and the temporary file is gone. The temporary name starts with '.' and
     * ends with {@code .tmp}, so that no tool takes it for a source; it is made with the
     * permissions any new file gets (not {@code createTempFile}'s owner-only ones), which the
     * target keeps.
     *
     * @throws FileSystemException with the reason "is a directory" when the target is a folder
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.write(temp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try {
                Files.move(
                        temp,
                        target,
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                if (Files.isDirectory(target)) {
                    throw isADirectory(target); // a plain move would replace an empty one
                }
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw Files.isDirectory(target) ? isADirectory(target) : e;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static FileSystemException isADirectory(Path target) {
        return new FileSystemException(target.toString(), null, "is a directory");
    }
}
