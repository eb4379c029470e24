package io.github.chainrule.cli;

import io.github.chainrule.Driver;
import io.github.chainrule.JavaNames;
import io.github.chainrule.diag.SourceFile;
import io.github.chainrule.files.AtomicWrite;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code chainrule generate FILE... -d DIR [--package p.q] [--class Name]}: the Java class of each
 * program, written to DIR/p/q/Name.java. Every program is compiled before anything is written, so
 * an error in one writes nothing; each file is written whole or not at all ({@link AtomicWrite}).
 */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Write the Java class of each program: forward, backward, gradient and jacobian.",
            "The class is named after the file (neuron.chain: Neuron, my-model.chain: MyModel)"
                    + " unless --class names it."
        })
final class GenerateCommand implements Callable<Integer> {
    private final Main.Io io;

    @CommandLine.Parameters(
            arity = "1..*",
            paramLabel = "FILE",
            description = "The programs (.chain files); - reads standard input.")
    List<String> files;

    @CommandLine.Option(
            names = {"-d", "--directory"},
            required = true,
            paramLabel = "DIR",
            description = "Where to write: DIR/p/q/Name.java.")
    String directory;

    @CommandLine.Option(
            names = {"-p", "--package"},
            paramLabel = "p.q",
            defaultValue = "",
            description = "The package of the classes (default: none).")
    String packageName;

    @CommandLine.Option(
            names = {"-c", "--class"},
            paramLabel = "Name",
            description = "The class name (only with one FILE; needed for -).")
    String className;

    @CommandLine.Option(
            names = "--as-written",
            description =
                    "Compute the formulas exactly as written: no rewrites toward numerically"
                            + " stable forms.")
    boolean asWritten;

    @CommandLine.Option(
            names = "--parallel",
            description =
                    "Indexed programs: split each loop nest over a large runtime range over the"
                            + " machine's cores, in chunks of fixed length (the same bits whatever"
                            + " the number of threads; sums in another order than one loop's).")
    boolean parallel;

    GenerateCommand(Main.Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        if (className != null && files.size() != 1) {
            throw new Main.UsageError(
                    "--class names one class: give it with one FILE (got " + files.size() + ")");
        }
        if (className != null && JavaNames.whyNotAClassName(className) != null) {
            throw new Main.UsageError(
                    "--class "
                            + className
                            + ": "
                            + JavaNames.whyNotAClassName(className)
                            + "; choose another name");
        }
        if (!packageName.isEmpty() && !JavaNames.isPackageName(packageName)) {
            throw new Main.UsageError("--package " + packageName + ": not a Java package name");
        }
        Path root = outputFolder();
        Map<String, String> names = new LinkedHashMap<>();
        for (String file : files) {
            String name;
            try {
                name = className != null ? className : classNameOf(file);
            } catch (JavaNames.BadName e) {
                io.err()
                        .println(
                                file + ": error: " + e.getMessage() + ", or give one with --class");
                return Main.USAGE;
            }
            String other = names.put(name, file);
            if (other != null) {
                throw new Main.UsageError(
                        other
                                + " and "
                                + file
                                + " would both be class "
                                + name
                                + ": generate them separately with --class");
            }
        }

        // Every program is compiled before anything is written: an error in one writes nothing.
        Path packageDir =
                packageName.isEmpty() ? root : root.resolve(packageName.replace('.', '/'));
        Map<Path, String> outputs = new LinkedHashMap<>();
        List<String> classNames = new ArrayList<>(names.keySet());
        boolean errors = false;
        for (int i = 0; i < files.size(); i++) {
            ProgramInput input = new ProgramInput();
            input.file = files.get(i);
            SourceFile source;
            try {
                source = input.read(io);
            } catch (ProgramInput.FileError e) {
                io.err().println("chainrule: " + e.getMessage());
                return Main.FILES;
            } catch (ProgramInput.NotText e) {
                io.err().print(e.getMessage());
                errors = true;
                continue;
            }
            String name = classNames.get(i);
            Driver.Generated generated =
                    Driver.generate(
                            source, packageName, name, new Driver.Options(asWritten, parallel));
            generated.formatted().forEach(io.err()::print);
            errors |= generated.java().isEmpty();
            generated
                    .java()
                    .ifPresent(java -> outputs.put(packageDir.resolve(name + ".java"), java));
        }
        if (errors) {
            io.err().println("chainrule: nothing written: the programs have errors");
            return Main.PROGRAM_ERRORS;
        }

        Optional<Path> notFolder = firstThatIsNoFolder(packageDir);
        if (notFolder.isPresent()) {
            io.err()
                    .println(
                            "chainrule: cannot write "
                                    + outputs.keySet().iterator().next()
                                    + ": "
                                    + notFolder.get()
                                    + " is not a directory");
            return Main.FILES;
        }
        for (Map.Entry<Path, String> out : outputs.entrySet()) {
            try {
                AtomicWrite.write(out.getKey(), out.getValue().getBytes(StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                io.err().println("chainrule: cannot write " + out.getKey() + ": " + describe(e));
                return Main.FILES;
            }
            io.out().println("wrote " + out.getKey());
        }
        return Main.OK;
    }

    /** {@code -d DIR} as a path: an empty one would write into the current folder unasked. */
    private Path outputFolder() {
        if (directory.isEmpty()) {
            throw new Main.UsageError(
                    "-d '': no directory given (write . for the current directory)");
        }
        try {
            return Path.of(directory);
        } catch (InvalidPathException e) {
            throw new Main.UsageError("-d " + directory + ": not a path: " + e.getMessage());
        }
    }

    /**
     * The nearest existing ancestor of {@code folder} (or itself), when it is a file and not a
     * folder: then nothing can be written under it.
     */
    private static Optional<Path> firstThatIsNoFolder(Path folder) {
        for (Path p = folder.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                return Files.isDirectory(p) ? Optional.empty() : Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * The class a file's name makes ({@link JavaNames#className}), from the path as given: {@code
     * dir/my-model.chain} is MyModel.
     */
    static String classNameOf(String file) throws JavaNames.BadName {
        if (file.equals("-")) {
            throw new Main.UsageError(
                    "standard input has no file name to name the class after: give --class Name");
        }
        String base =
                file.substring(
                        Math.max(file.lastIndexOf('/'), file.lastIndexOf(File.separatorChar)) + 1);
        return JavaNames.className(base);
    }

    private static String describe(Exception e) {
        String type =
                e.getClass()
                        .getSimpleName()
                        .replace("Exception", "")
                        .replaceAll("([a-z])([A-Z])", "$1 $2")
                        .toLowerCase(Locale.ROOT);
        return e.getMessage() == null ? type : type + " (" + e.getMessage() + ")";
    }
}
