package io.github.chainrule.javagen;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles generated sources with the JDK's own compiler, in-process, as Java 8 ({@code --release
 * 8}), into a directory, and loads the classes. Many classes go through one javac call: that is
 * what keeps the suite fast.
 */
public final class InMemoryJavac {
    private InMemoryJavac() {}

    /** The compiled classes: the loader, and where the class files are. */
    public record Compiled(ClassLoader loader, Path classes) {
        public Class<?> load(String qualifiedName) {
            try {
                return Class.forName(qualifiedName, true, loader);
            } catch (ClassNotFoundException e) {
                throw new AssertionError(e);
            }
        }

        public byte[] classFile(String qualifiedName) {
            try {
                return Files.readAllBytes(
                        classes.resolve(qualifiedName.replace('.', '/') + ".class"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Compiles {@code sources} (qualified class name to source) under {@code dir}; fails with
     * javac's messages.
     */
    public static Compiled compile(Path dir, Map<String, String> sources) {
        try {
            Path src = dir.resolve("src");
            Path classes = dir.resolve("classes");
            Files.createDirectories(classes);
            List<Path> files = new ArrayList<>();
            for (Map.Entry<String, String> e : sources.entrySet()) {
                Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
                Files.createDirectories(file.getParent());
                Files.writeString(file, e.getValue(), StandardCharsets.UTF_8);
                files.add(file);
            }
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            StringWriter messages = new StringWriter();
            try (StandardJavaFileManager fm =
                    javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
                Iterable<? extends JavaFileObject> units = fm.getJavaFileObjectsFromPaths(files);
                List<String> options =
                        List.of(
                                "--release",
                                "8",
                                "-d",
                                classes.toString(),
                                "-encoding",
                                "UTF-8",
                                "-proc:none",
                                "-Xlint:-options",
                                "-implicit:none",
                                "-classpath",
                                System.getProperty(
                                        "java.class.path")); // for drivers that use commons-math3
                boolean ok = javac.getTask(messages, fm, null, options, null, units).call();
                if (!ok) {
                    String text = messages.toString();
                    throw new AssertionError(
                            "javac failed:\n"
                                    + (text.length() > 20000 ? text.substring(0, 20000) : text));
                }
            }
            return new Compiled(
                    new URLClassLoader(
                            new URL[] {classes.toUri().toURL()},
                            InMemoryJavac.class.getClassLoader()),
                    classes);
        } catch (MalformedURLException e) {
            throw new AssertionError(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
