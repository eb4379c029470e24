package io.github.chainrule.maven;

import io.github.chainrule.files.AtomicWrite;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Files in the plugin's output folder: written whole or not at all ({@link AtomicWrite}), and
 * removed only inside it.
 */
final class OutputFiles {
    private OutputFiles() {}

    /**
     * {@code relative} resolved in {@code root}, when it names a file strictly inside it: an
     * absolute path or one that climbs out with {@code ..} (a state file edited by hand, say) gives
     * nothing, so the plugin never touches a file outside its own folder.
     */
    static Optional<Path> inside(Path root, String relative) {
        if (relative.isEmpty()) {
            return Optional.empty();
        }
        Path base = root.toAbsolutePath().normalize();
        Path rel = base.getFileSystem().getPath(relative);
        if (rel.isAbsolute()) {
            return Optional.empty();
        }
        Path resolved = base.resolve(rel).normalize();
        return resolved.startsWith(base) && !resolved.equals(base)
                ? Optional.of(resolved)
                : Optional.empty();
    }

    /**
     * Deletes {@code file}, then each parent folder it leaves empty, up to but not including {@code
     * root}.
     */
    static boolean deleteAndPrune(Path root, Path file) throws IOException {
        boolean deleted = Files.deleteIfExists(file);
        Path base = root.toAbsolutePath().normalize();
        for (Path dir = file.getParent();
                dir != null && dir.startsWith(base) && !dir.equals(base);
                dir = dir.getParent()) {
            try {
                Files.deleteIfExists(dir);
            } catch (DirectoryNotEmptyException e) {
                break;
            }
        }
        return deleted;
    }

    static Optional<byte[]> readIfExists(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(Files.readAllBytes(file));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }
}
