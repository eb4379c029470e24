package io.github.chainrule;

import io.github.chainrule.check.CheckedProgram;
import io.github.chainrule.check.Checker;
import io.github.chainrule.check.IndexedChecker;
import io.github.chainrule.check.IndexedRewriting;
import io.github.chainrule.check.Rewriting;
import io.github.chainrule.diag.Diagnostic;
import io.github.chainrule.diag.Reporter;
import io.github.chainrule.diag.Severity;
import io.github.chainrule.diag.SourceFile;
import io.github.chainrule.diag.Span;
import io.github.chainrule.indexed.IndexedProgram;
import io.github.chainrule.javagen.JavaEmitter;
import io.github.chainrule.loopgen.LoopEmitter;
import io.github.chainrule.syntax.Ast;
import io.github.chainrule.syntax.SyntaxParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The whole pipeline, as the command line, the Maven plugin and the tests run it: source bytes →
 * text ({@link Sources#decode}) → checked program (parse, then check and lower into the graph) →
 * Java source ({@link JavaEmitter#generate}, or {@link LoopEmitter#generate} for an indexed
 * program: loops). It stops after the first stage that reports an error, and hands back every
 * diagnostic. {@code derive} and {@code graph} run the front half, {@link #check}; {@code generate}
 * and the plugin run it all, {@link #generate}.
 */
public final class Driver {
    private Driver() {}

    /**
     * What the front half gave: the checked program when there were no errors, and every
     * diagnostic.
     */
    public record Checked(
            SourceFile source,
            Reporter reporter,
            Optional<CheckedProgram> program,
            Optional<IndexedProgram> indexed) {
        /** A scalar program's result. */
        public Checked(SourceFile source, Reporter reporter, Optional<CheckedProgram> program) {
            this(source, reporter, program, Optional.empty());
        }

        /** Whether the program (scalar or indexed) passed every check. */
        public boolean ok() {
            return program.isPresent() || indexed.isPresent();
        }
    }

    /**
     * What the whole pipeline gave: the text it read, its diagnostics in source order, and the Java
     * source when there was no error.
     */
    public record Generated(
            SourceFile source, List<Diagnostic> diagnostics, Optional<String> java) {
        public Generated {
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
     * Parses, then checks and lowers into the graph, unless parsing reported errors; then applies
     * the rewrites toward stable forms (the README's "Numerical robustness").
     */
    public static Checked check(SourceFile source) {
        return check(source, false);
    }

    /** As {@link #check(SourceFile)}; {@code asWritten} leaves the formulas as they are written. */
    public static Checked check(SourceFile source, boolean asWritten) {
        Reporter reporter = new Reporter(source);
        try {
            Optional<Ast.Program> tree = SyntaxParser.parse(source, reporter);
            if (tree.isEmpty()) {
                return new Checked(source, reporter, Optional.empty());
            }
            if (IndexedChecker.isIndexed(tree.get())) {
                Optional<IndexedProgram> indexed = IndexedChecker.check(tree.get(), reporter);
                return new Checked(
                        source,
                        reporter,
                        Optional.empty(),
                        asWritten ? indexed : indexed.map(IndexedRewriting::apply));
            }
            Optional<CheckedProgram> program = Checker.check(tree.get(), reporter);
            return new Checked(
                    source, reporter, asWritten ? program : program.map(Rewriting::apply));
        } catch (OutOfMemoryError e) {
            // What the stages held is garbage now: say what happened instead of a stack trace.
            Reporter r = new Reporter(source);
            r.error(
                    Span.NONE,
                    "not enough memory to compile this program ("
                            + (source.text().length() >> 20)
                            + " MB of text): give Java more memory, as in 'java -Xmx8g'");
            return new Checked(source, r, Optional.empty());
        }
    }

    /**
     * Compiles {@code bytes} (named {@code displayName} in messages) into the Java class {@code
     * className} of {@code packageName} ({@code ""} for the unnamed package).
     *
     * @throws IllegalArgumentException when a name is not one {@link JavaNames} accepts: the caller
     *     decides the names, and says what is wrong with them in its own terms
     */
    public static Generated generate(
            String displayName, byte[] bytes, String packageName, String className) {
        return generate(displayName, bytes, packageName, className, false);
    }

    /** As above; {@code asWritten} turns the rewrites toward stable forms off. */
    public static Generated generate(
            String displayName,
            byte[] bytes,
            String packageName,
            String className,
            boolean asWritten) {
        return generate(displayName, bytes, packageName, className, new Options(asWritten, false));
    }

    /** As {@link #generate(String, byte[], String, String)}, from text already decoded. */
    public static Generated generate(SourceFile source, String packageName, String className) {
        return generate(source, packageName, className, false);
    }

    /** As above; {@code asWritten} turns the rewrites toward stable forms off. */
    public static Generated generate(
            SourceFile source, String packageName, String className, boolean asWritten) {
        return generate(source, packageName, className, new Options(asWritten, false));
    }

    /**
     * How {@code generate} compiles: {@code asWritten} turns the rewrites toward stable forms off;
     * {@code parallel} lets an indexed program's class split its loop nests over large runtime
     * ranges over the machine's cores (the README's "Beyond one core"; no effect on a scalar
     * program).
     */
    public record Options(boolean asWritten, boolean parallel) {
        /** The defaults: rewrites on, one thread. */
        public static final Options DEFAULT = new Options(false, false);
    }

    /** As {@link #generate(String, byte[], String, String)}, with {@code options}. */
    public static Generated generate(
            String displayName,
            byte[] bytes,
            String packageName,
            String className,
            Options options) {
        Sources.Decoded decoded = Sources.decode(displayName, bytes);
        if (decoded.error().isPresent()) {
            return new Generated(
                    decoded.source(), List.of(decoded.error().get()), Optional.empty());
        }
        return generate(decoded.source(), packageName, className, options);
    }

    /** As {@link #generate(SourceFile, String, String)}, with {@code options}. */
    public static Generated generate(
            SourceFile source, String packageName, String className, Options options) {
        Checked checked = check(source, options.asWritten());
        List<Diagnostic> diagnostics = checked.reporter().diagnostics();
        if (checked.indexed().isPresent()) {
            String java =
                    LoopEmitter.generate(
                            checked.indexed().get(), packageName, className, options.parallel());
            return new Generated(source, diagnostics, Optional.of(java));
        }
        if (checked.program().isEmpty()) {
            return new Generated(source, diagnostics, Optional.empty());
        }
        String java = JavaEmitter.generate(checked.program().get(), packageName, className);
        return new Generated(source, diagnostics, Optional.of(java));
    }
}
