package io.github.chainrule.maven;

import io.github.chainrule.Driver;
import io.github.chainrule.diag.Diagnostic;
import io.github.chainrule.diag.Severity;
import io.github.chainrule.files.AtomicWrite;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One run of the plugin over a source directory, without Maven: plan the classes, remove what lost
 * its source, compile what changed, and say so in the log.
 *
 * <p>A source is up to date when the last build's state records it with the same content hash,
 * under the same generator and options, and its output is still on disk as written then; nothing is
 * read or written for it but the two hashes. A source that changed is compiled; its output is
 * rewritten only when the new text differs (so javac and IDEs see no change either). An output
 * recorded in the state whose source is gone is deleted, with the folders it leaves empty; no other
 * file is ever deleted. A source with errors keeps its previous output, if any, and stays out of
 * date until it compiles.
 *
 * <p>Everything lives in the instance of one run: a Maven daemon runs many builds in one JVM.
 */
final class IncrementalBuild {
    /**
     * Each file is compiled on a thread with a stack this large, whatever the JVM's default is; the
     * logging stays on the caller's thread, where Maven (and mvnd) expect a mojo's output.
     */
    private static final long STACK_BYTES = 256L << 20;

    /**
     * {@code generator} names the code that generates (the plugin's version and jar): when it
     * changes, every source is regenerated.
     */
    record Settings(
            Path sourceDirectory,
            Path outputDirectory,
            Optional<String> packageName,
            String generator,
            boolean asWritten,
            boolean parallel) {
        Settings(
                Path sourceDirectory,
                Path outputDirectory,
                Optional<String> packageName,
                String generator) {
            this(sourceDirectory, outputDirectory, packageName, generator, false, false);
        }
    }

    record Summary(
            int sources,
            int generated,
            int upToDate,
            int removed,
            int errors,
            int filesWithErrors,
            int warnings) {
        String counts() {
            return String.format(
                    "generated %d, up to date %d, removed %d", generated, upToDate, removed);
        }
    }

    /** Where the run reports; the mojo hands Maven's log, one message per line. */
    interface BuildLog {
        void debug(String message);

        void info(String message);

        void warn(String message);

        void error(String message);
    }

    private final Settings settings;
    private final BuildLog log;
    private final Path out;
    private Optional<BuildState> previous = Optional.empty();
    private boolean trusted;
    private BuildState next;
    private int generated;
    private int upToDate;
    private int removed;
    private int errors;
    private int filesWithErrors;
    private int warnings;

    private IncrementalBuild(Settings settings, BuildLog log) {
        this.settings = settings;
        this.log = log;
        this.out = settings.outputDirectory().toAbsolutePath().normalize();
    }

    static Summary run(Settings settings, BuildLog log) throws IOException {
        return new IncrementalBuild(settings, log).run();
    }

    private Summary run() throws IOException {
        Layout.Plan plan = Layout.scan(settings.sourceDirectory(), settings.packageName());
        String fingerprint =
                settings.generator()
                        + "|package="
                        + settings.packageName().orElse("(folders)")
                        + (settings.asWritten() ? "|as-written" : "")
                        + (settings.parallel() ? "|parallel" : "");
        Path stateFile = stateFile(settings.sourceDirectory(), out);
        previous = BuildState.load(stateFile);
        trusted = previous.isPresent() && previous.get().fingerprint().equals(fingerprint);
        if (previous.isPresent() && !trusted) {
            log.info(
                    "chainrule: the generator or its options changed since the last build:"
                            + " regenerating everything");
        }
        next = new BuildState(fingerprint);

        for (Layout.Problem problem : plan.problems()) {
            log.error(problem.file().toAbsolutePath() + ": error: " + problem.message());
            errors++;
            filesWithErrors++;
        }
        // Removals first: on a file system that ignores case, a renamed source's new output may be
        // the old one's file, and must not be deleted after it is written.
        Set<String> planned = new HashSet<>();
        for (Layout.Unit unit : plan.units()) {
            planned.add(unit.output());
        }
        removeAllBut(planned);

        ExecutorService compiler =
                Executors.newSingleThreadExecutor(
                        task -> new Thread(null, task, "chainrule-compiler", STACK_BYTES));
        try {
            for (Layout.Unit unit : plan.units()) {
                build(unit, compiler);
            }
        } finally {
            compiler.shutdownNow();
        }
        if (previous.isPresent() || !next.entries().isEmpty()) {
            next.save(stateFile);
        }
        return new Summary(
                plan.sourceCount(),
                generated,
                upToDate,
                removed,
                errors,
                filesWithErrors,
                warnings);
    }

    /** Deletes each output of the last build that no source generates now. */
    private void removeAllBut(Set<String> planned) throws IOException {
        if (previous.isEmpty()) {
            return;
        }
        for (BuildState.Entry gone : previous.get().entries()) {
            if (planned.contains(gone.output())) {
                continue;
            }
            Optional<Path> file =
                    OutputFiles.inside(out, gone.output())
                            .filter(p -> p.toString().endsWith(".java"));
            if (file.isPresent() && OutputFiles.deleteAndPrune(out, file.get())) {
                removed++;
                log.info(
                        "chainrule: removed "
                                + gone.output()
                                + " (no source generates it any more)");
            }
        }
    }

    private void build(Layout.Unit unit, ExecutorService compiler) throws IOException {
        Path target = out.resolve(unit.output());
        byte[] source = Files.readAllBytes(unit.file());
        String sourceHash = OutputFiles.sha256(source);
        Optional<BuildState.Entry> before = previous.flatMap(s -> s.entry(unit.output()));
        if (trusted
                && before.isPresent()
                && before.get().source().equals(unit.source())
                && before.get().sourceHash().equals(sourceHash)
                && OutputFiles.readIfExists(target)
                        .map(OutputFiles::sha256)
                        .filter(before.get().outputHash()::equals)
                        .isPresent()) {
            next.put(before.get());
            upToDate++;
            log.debug("chainrule: up to date: " + unit.output());
            return;
        }
        String name = unit.file().toAbsolutePath().toString();
        Driver.Generated result;
        try {
            result =
                    compiler.submit(
                                    () ->
                                            Driver.generate(
                                                    name,
                                                    source,
                                                    unit.packageName(),
                                                    unit.className(),
                                                    new Driver.Options(
                                                            settings.asWritten(),
                                                            settings.parallel())))
                            .get();
        } catch (ExecutionException e) {
            // A bug of chainrule's, not the user's: one line, the trace only with -X.
            Throwable bug = e.getCause();
            log.error(name + ": error: internal error in chainrule, please report it: " + bug);
            StringWriter trace = new StringWriter();
            bug.printStackTrace(new PrintWriter(trace));
            log.debug(trace.toString());
            failed(before, 1);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while compiling " + name);
        }
        report(result);
        if (result.java().isEmpty()) {
            failed(before, (int) result.errorCount());
            return;
        }
        byte[] java = result.java().get().getBytes(StandardCharsets.UTF_8);
        Optional<byte[]> existing = OutputFiles.readIfExists(target);
        if (existing.isPresent() && Arrays.equals(existing.get(), java)) {
            upToDate++;
            log.debug(
                    "chainrule: recompiled "
                            + unit.source()
                            + "; "
                            + unit.output()
                            + " is unchanged");
        } else {
            AtomicWrite.write(target, java);
            generated++;
            log.info("chainrule: generated " + unit.output() + " from " + unit.source());
        }
        next.put(
                new BuildState.Entry(
                        unit.source(), sourceHash, unit.output(), OutputFiles.sha256(java)));
    }

    /** Each diagnostic, line by line (the message, the source line, the caret) at its level. */
    private void report(Driver.Generated result) {
        for (Diagnostic d : result.diagnostics()) {
            boolean error = d.severity() == Severity.ERROR;
            for (String line : d.format(result.source()).split("\n")) {
                if (error) {
                    log.error(line);
                } else {
                    log.warn(line);
                }
            }
            if (!error) {
                warnings++;
            }
        }
    }

    /** A source with errors keeps the record of its previous output, which stays on disk. */
    private void failed(Optional<BuildState.Entry> before, int errorCount) {
        errors += errorCount;
        filesWithErrors++;
        before.ifPresent(next::put);
    }

    /**
     * {@code OUT/.chainrule/HASH.state}, one per source directory, so that two executions that
     * share an output folder keep apart what each generated. The hash is of the source directory's
     * path relative to the output folder: moving the whole project keeps it.
     */
    static Path stateFile(Path sourceDirectory, Path outputDirectory) {
        Path out = outputDirectory.toAbsolutePath().normalize();
        Path src = sourceDirectory.toAbsolutePath().normalize();
        String key;
        try {
            key = Layout.slashes(out.relativize(src));
        } catch (IllegalArgumentException e) {
            key = src.toString();
        }
        String hash = OutputFiles.sha256(key.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
        return out.resolve(".chainrule").resolve(hash + ".state");
    }
}
