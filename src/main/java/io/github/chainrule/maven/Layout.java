package io.github.chainrule.maven;

import io.github.chainrule.JavaNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The sources under a source directory and the class each one becomes. A source whose folder or
 * file name cannot give a Java name, or whose class another source already takes, is a problem of
 * that source, reported like a compile error; the other sources go on.
 */
final class Layout {
    private Layout() {}

    /** One source and its class: paths relative to their directories, with '/' between names. */
    record Unit(Path file, String source, String packageName, String className, String output) {}

    /** A source that cannot be compiled because of where it is or what it is called. */
    record Problem(Path file, String message) {}

    record Plan(List<Unit> units, List<Problem> problems, int sourceCount) {}

    /**
     * Every regular {@code *.chain} file under {@code sourceDirectory} (none when it does not
     * exist), in path order. Hidden files and folders (a leading '.', as editors' lock and backup
     * files have) are left out. With {@code fixedPackage}, every class goes to that package.
     */
    static Plan scan(Path sourceDirectory, Optional<String> fixedPackage) throws IOException {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(sourceDirectory)) {
            try (Stream<Path> walk = Files.walk(sourceDirectory)) {
                walk.filter(p -> p.getFileName().toString().endsWith(JavaNames.EXTENSION))
                        .filter(Files::isRegularFile)
                        .filter(p -> !hidden(sourceDirectory.relativize(p)))
                        .forEach(files::add);
            }
        }
        files.sort(null);
        List<Unit> units = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        Map<String, Unit> byOutput = new LinkedHashMap<>();
        for (Path file : files) {
            Path relative = sourceDirectory.relativize(file);
            List<String> folders = new ArrayList<>();
            for (int i = 0; i < relative.getNameCount() - 1; i++) {
                folders.add(relative.getName(i).toString());
            }
            String fileName = relative.getFileName().toString();
            String packageName;
            String className;
            try {
                packageName = fixedPackage.isPresent() ? fixedPackage.get() : packageOf(folders);
                className = JavaNames.className(fileName);
            } catch (JavaNames.BadName e) {
                problems.add(new Problem(file, e.getMessage()));
                continue;
            }
            String output =
                    (packageName.isEmpty() ? "" : packageName.replace('.', '/') + "/")
                            + className
                            + ".java";
            Unit unit = new Unit(file, slashes(relative), packageName, className, output);
            // Case-insensitively: on Windows and macOS, Neuron.java and NEURON.java are one file.
            Unit taken = byOutput.putIfAbsent(output.toLowerCase(Locale.ROOT), unit);
            if (taken != null) {
                problems.add(
                        new Problem(
                                file,
                                taken.output().equals(output)
                                        ? String.format(
                                                "this file would generate %s, which %s already"
                                                        + " generates; rename one of them",
                                                output, taken.source())
                                        : String.format(
                                                "this file would generate %s, which is %s (from %s)"
                                                    + " on a file system that ignores case; rename"
                                                    + " one of them",
                                                output, taken.output(), taken.source())));
                continue;
            }
            units.add(unit);
        }
        return new Plan(List.copyOf(units), List.copyOf(problems), files.size());
    }

    /**
     * The package of a file in {@code folders} under the source directory: {@code a/b} → {@code
     * a.b}.
     */
    static String packageOf(List<String> folders) throws JavaNames.BadName {
        for (String folder : folders) {
            if (!JavaNames.isPackagePart(folder)) {
                throw new JavaNames.BadName(
                        String.format(
                                "the folder '%s' is not a Java package name, so the file has no"
                                        + " package: rename the folder (to '%s', say) or set"
                                        + " <packageName> in the plugin's configuration",
                                folder, suggestFolder(folder)));
            }
        }
        return String.join(".", folders);
    }

    /**
     * A valid folder name close to {@code folder}: '_' for what cannot be in one, before a leading
     * digit.
     */
    static String suggestFolder(String folder) {
        StringBuilder out = new StringBuilder();
        folder.codePoints()
                .forEach(
                        cp -> {
                            if (out.length() == 0 && !Character.isJavaIdentifierStart(cp)) {
                                out.append('_');
                                if (Character.isJavaIdentifierPart(cp)) {
                                    out.appendCodePoint(cp);
                                }
                            } else {
                                out.appendCodePoint(Character.isJavaIdentifierPart(cp) ? cp : '_');
                            }
                        });
        String s = out.toString();
        return JavaNames.isPackagePart(s) ? s : s + "_";
    }

    static String slashes(Path relative) {
        StringBuilder out = new StringBuilder();
        for (Path name : relative) {
            out.append(out.length() == 0 ? "" : "/").append(name);
        }
        return out.toString();
    }

    private static boolean hidden(Path relative) {
        for (Path name : relative) {
            if (name.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
