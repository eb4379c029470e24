package io.github.chainrule.cli;

import io.github.chainrule.Driver;
import io.github.chainrule.Sources;
import io.github.chainrule.diag.SourceFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * FILE, {@code -} for standard input, or {@code -e PROGRAM}: read, decode and compile one program.
 */
final class ProgramInput {
    /** The largest program read, in bytes. */
    static final int MAX_BYTES = 64 << 20;

    @CommandLine.Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "FILE",
            description = "The program (a .chain file), or - for standard input.")
    String file;

    @CommandLine.Option(
            names = {"-e", "--expression"},
            paramLabel = "PROGRAM",
            description = "The program's text itself, instead of a file.")
    String expression;

    @CommandLine.Option(
            names = "--as-written",
            description =
                    "Evaluate and differentiate the formulas exactly as written: no rewrites toward"
                            + " numerically stable forms.")
    boolean asWritten;

    /** Thrown when a file cannot be read: exit 3. */
    static final class FileError extends Exception {
        FileError(String message) {
            super(message);
        }
    }

    SourceFile read(Main.Io io) throws FileError {
        if ((file == null) == (expression == null)) {
            throw new Main.UsageError("give either a FILE (or - for standard input) or -e PROGRAM");
        }
        String name;
        byte[] bytes;
        if (expression != null) {
            name = "<expr>";
            bytes = expression.getBytes(StandardCharsets.UTF_8);
        } else if (file.equals("-")) {
            name = "<stdin>";
            try {
                bytes = readAtMost(io.in(), "standard input");
            } catch (IOException e) {
                throw new FileError("cannot read standard input: " + e.getMessage());
            }
        } else {
            name = file;
            try (InputStream in = Files.newInputStream(Path.of(file))) {
                bytes = readAtMost(in, file);
            } catch (NoSuchFileException e) {
                throw new FileError(file + ": no such file");
            } catch (AccessDeniedException e) {
                throw new FileError(file + ": cannot read: permission denied");
            } catch (FileSystemException e) {
                // its message repeats the path; the reason alone says what went wrong
                throw new FileError(
                        file
                                + ": cannot read: "
                                + (e.getReason() != null ? e.getReason() : e.getMessage()));
            } catch (IOException | RuntimeException e) {
                throw new FileError(file + ": cannot read: " + e.getMessage());
            }
        }
        Sources.Decoded decoded = Sources.decode(name, bytes);
        if (decoded.error().isPresent()) {
            throw new NotText(decoded.source(), decoded.error().get().format(decoded.source()));
        }
        return decoded.source();
    }

    /**
     * All the bytes, unless there are more than {@link #MAX_BYTES}: a program is text that a person
     * wrote or generated, and /dev/zero or a disk image would only exhaust the memory.
     */
    private static byte[] readAtMost(InputStream in, String what) throws IOException, FileError {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw new FileError(
                    what + ": too large: a program may have at most " + (MAX_BYTES >> 20) + " MB");
        }
        return bytes;
    }

    /** The bytes are not UTF-8: reported like any other error in the program (exit 1). */
    static final class NotText extends RuntimeException {
        final transient SourceFile source;

        NotText(SourceFile source, String formatted) {
            super(formatted);
            this.source = source;
        }
    }

    /**
     * A program that compiled, or the exit status to end with (its messages are printed already).
     */
    record Loaded(
            io.github.chainrule.check.CheckedProgram program,
            io.github.chainrule.indexed.IndexedProgram indexed,
            int status) {
        Loaded(io.github.chainrule.check.CheckedProgram program, int status) {
            this(program, null, status);
        }
    }

    /** Reads and compiles FILE, - or -e PROGRAM, printing every diagnostic. */
    Loaded load(Main.Io io) {
        SourceFile source;
        try {
            source = read(io);
        } catch (FileError e) {
            io.err().println("chainrule: " + e.getMessage());
            return new Loaded(null, Main.FILES);
        } catch (NotText e) {
            io.err().print(e.getMessage());
            return new Loaded(null, Main.PROGRAM_ERRORS);
        }
        Driver.Checked c = compile(source, asWritten, io.err());
        if (c.indexed().isPresent()) {
            return new Loaded(null, c.indexed().get(), Main.OK);
        }
        return c.ok()
                ? new Loaded(c.program().get(), Main.OK)
                : new Loaded(null, Main.PROGRAM_ERRORS);
    }

    /**
     * Compiles, printing every diagnostic; the compilation, which has a program only without
     * errors.
     */
    static Driver.Checked compile(SourceFile source, boolean asWritten, PrintStream err) {
        Driver.Checked c = Driver.check(source, asWritten); // which says so when memory runs out
        err.print(c.reporter().format());
        return c;
    }
}
