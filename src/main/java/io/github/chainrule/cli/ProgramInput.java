package io.github.chainrule.cli;

import io.github.chainrule.Compiler;
import io.github.chainrule.Sources;
import io.github.chainrule.diag.Reporter;
import io.github.chainrule.diag.SourceFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine;

/** FILE, {@code -} for standard input, or {@code -e PROGRAM}: read, decode and compile one program. */
final class ProgramInput {
    @CommandLine.Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            description = "The program (a .chain file), or - for standard input.")
    String file;

    @CommandLine.Option(names = {"-e", "--expression"}, paramLabel = "PROGRAM",
            description = "The program's text itself, instead of a file.")
    String expression;

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
                bytes = io.in().readAllBytes();
            } catch (IOException e) {
                throw new FileError("cannot read standard input: " + e.getMessage());
            }
        } else {
            name = file;
            try {
                bytes = Files.readAllBytes(Path.of(file));
            } catch (NoSuchFileException e) {
                throw new FileError(file + ": no such file");
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

    /** The bytes are not UTF-8: reported like any other error in the program (exit 1). */
    static final class NotText extends RuntimeException {
        final transient SourceFile source;

        NotText(SourceFile source, String formatted) {
            super(formatted);
            this.source = source;
        }
    }

    /** Compiles, printing every diagnostic; the compilation, which has a program only without errors. */
    static Compiler.Compilation compile(SourceFile source, PrintStream err) {
        Compiler.Compilation c = Compiler.compile(source);
        Reporter r = c.reporter();
        err.print(r.format());
        return c;
    }
}
