package io.github.chainrule.maven;

import io.github.chainrule.Compiler;
import io.github.chainrule.Sources;
import io.github.chainrule.diag.Diagnostic;
import io.github.chainrule.diag.Severity;
import io.github.chainrule.diag.SourceFile;
import io.github.chainrule.javagen.JavaEmitter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The whole pipeline for one file, as the CLI's {@code generate} and the Maven plugin run it: bytes
 * → {@link Sources#decode} → {@link Compiler#compile} → {@link JavaEmitter#generate}. It stops at
 * the first stage that reports an error and hands back every diagnostic of the file.
 */
public final class ChainToJava {
    private ChainToJava() {}

    /**
     * The decoded source, its diagnostics in source order, and the Java source when there was no
     * error.
     */
    public record Result(SourceFile source, List<Diagnostic> diagnostics, Optional<String> java) {
        public Result {
            diagnostics = List.copyOf(diagnostics);
        }

        public long errorCount() {
            return diagnostics.stream().filter(d -> d.severity() == Severity.ERROR).count();
        }

        /**
         * Each diagnostic as {@code FILE:LINE:COL: error: MESSAGE}, the source line and a caret.
         */
        public List<String> formatted() {
            List<String> out = new ArrayList<>(diagnostics.size());
            for (Diagnostic d : diagnostics) {
                out.add(d.format(source));
            }
            return out;
        }
    }

    /**
     * Compiles {@code bytes} (named {@code displayName} in messages) into the Java class {@code
     * className} of {@code packageName} ({@code ""} for the unnamed package).
     */
    public static Result translate(
            String displayName, byte[] bytes, String packageName, String className) {
        Sources.Decoded decoded = Sources.decode(displayName, bytes);
        if (decoded.error().isPresent()) {
            return new Result(decoded.source(), List.of(decoded.error().get()), Optional.empty());
        }
        Compiler.Compilation compilation = Compiler.compile(decoded.source());
        List<Diagnostic> diagnostics = compilation.reporter().diagnostics();
        if (compilation.program().isEmpty()) {
            return new Result(decoded.source(), diagnostics, Optional.empty());
        }
        String java = JavaEmitter.generate(compilation.program().get(), packageName, className);
        return new Result(decoded.source(), diagnostics, Optional.of(java));
    }
}
