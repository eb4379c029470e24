package io.github.chainrule.cli;

import io.github.chainrule.Compiler;
import io.github.chainrule.diag.SourceFile;
import io.github.chainrule.javagen.JavaEmitter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.lang.model.SourceVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code chainrule generate FILE... -d DIR [--package p.q] [--class Name]}: the Java class of each
 * program, written to DIR/p/q/Name.java. Every program is compiled before anything is written, so
 * an error in one writes nothing; each file is written to a temporary file beside it and moved into
 * place, so it is there whole or not at all.
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

    GenerateCommand(Main.Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        if (className != null && files.size() != 1) {
            throw new Main.UsageError(
                    "--class names one class: give it with one FILE (got " + files.size() + ")");
        }
        if (!packageName.isEmpty() && !SourceVersion.isName(packageName)) {
            throw new Main.UsageError("--package " + packageName + ": not a Java package name");
        }
        Map<String, String> names = new LinkedHashMap<>();
        for (String file : files) {
            String name = className != null ? className : classNameOf(file);
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

        List<Compiler.Compilation> compilations = new ArrayList<>();
        boolean errors = false;
        for (String file : files) {
            ProgramInput input = new ProgramInput();
            input.file = file;
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
            Compiler.Compilation c = ProgramInput.compile(source, io.err());
            errors |= !c.ok();
            compilations.add(c);
        }
        if (errors) {
            io.err().println("chainrule: nothing written: the programs have errors");
            return Main.PROGRAM_ERRORS;
        }

        Path root;
        try {
            root = Path.of(directory);
        } catch (InvalidPathException e) {
            throw new Main.UsageError("-d " + directory + ": not a path: " + e.getMessage());
        }
        Path packageDir =
                packageName.isEmpty() ? root : root.resolve(packageName.replace('.', '/'));
        Map<Path, String> outputs = new LinkedHashMap<>();
        List<String> classNames = new ArrayList<>(names.keySet());
        for (int i = 0; i < compilations.size(); i++) {
            String source;
            try {
                source =
                        JavaEmitter.generate(
                                compilations.get(i).program().get(),
                                packageName,
                                classNames.get(i));
            } catch (IllegalArgumentException e) {
                throw new Main.UsageError(files.get(i) + ": " + e.getMessage());
            }
            outputs.put(packageDir.resolve(classNames.get(i) + ".java"), source);
        }
        for (Map.Entry<Path, String> out : outputs.entrySet()) {
            try {
                writeWhole(out.getKey(), out.getValue());
            } catch (IOException | RuntimeException e) {
                io.err().println("chainrule: cannot write " + out.getKey() + ": " + describe(e));
                return Main.FILES;
            }
            io.out().println("wrote " + out.getKey());
        }
        return Main.OK;
    }

    /**
     * The class a file's name makes: without its directories and {@code .chain}, words split at
     * {@code -}, {@code _}, {@code .} and spaces, each capitalised ({@code my-model.chain} is
     * MyModel).
     */
    static String classNameOf(String file) {
        if (file.equals("-")) {
            throw new Main.UsageError(
                    "standard input has no file name to name the class after: give --class Name");
        }
        String base =
                file.substring(
                        Math.max(
                                        file.lastIndexOf('/'),
                                        file.lastIndexOf(java.io.File.separatorChar))
                                + 1);
        if (base.endsWith(".chain")) {
            base = base.substring(0, base.length() - ".chain".length());
        }
        StringBuilder name = new StringBuilder();
        for (String word : base.split("[-_. ]+")) {
            if (!word.isEmpty()) {
                name.append(word.substring(0, 1).toUpperCase(Locale.ROOT))
                        .append(word.substring(1));
            }
        }
        String result = name.toString();
        if (!SourceVersion.isIdentifier(result) || SourceVersion.isKeyword(result)) {
            throw new Main.UsageError(
                    file
                            + ": cannot make a Java class name of the file name ('"
                            + result
                            + "' is not an identifier): give one with --class");
        }
        return result;
    }

    /**
     * Writes to a new temporary file in the same directory, then moves it into place (atomically
     * where the file system can). The temporary file is made with the ordinary permissions (not
     * createTempFile's owner-only ones), which the moved file keeps.
     */
    private static void writeWhole(Path target, String text) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = null;
        for (int attempt = 0; temp == null; attempt++) {
            Path candidate =
                    dir.resolve(
                            "."
                                    + target.getFileName()
                                    + "."
                                    + ProcessHandle.current().pid()
                                    + "."
                                    + attempt
                                    + ".tmp");
            try {
                Files.write(
                        candidate,
                        text.getBytes(StandardCharsets.UTF_8),
                        StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
                temp = candidate;
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(candidate);
                throw e;
            }
        }
        try {
            try {
                Files.move(
                        temp,
                        target,
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
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
