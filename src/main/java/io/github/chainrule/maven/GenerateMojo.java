package io.github.chainrule.maven;

import io.github.chainrule.JavaNames;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Optional;
import java.util.Properties;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Compiles every {@code *.chain} file under {@link #sourceDirectory} into a Java class under {@link
 * #outputDirectory}, and adds that folder to the project's compile sources. The package is the
 * folder path under the source directory, or {@link #packageName}; the class name comes from the
 * file name ({@code my_loss.chain} → {@code MyLoss}). Only what changed is regenerated; the classes
 * of deleted sources are removed. Every error of every file is logged as {@code FILE:LINE:COL:
 * error: MESSAGE}, and then the build fails.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public final class GenerateMojo extends AbstractMojo {
    /** Where the {@code *.chain} files are; the folders under it are their packages. */
    @Parameter(defaultValue = "${project.basedir}/src/main/chainrule", required = true)
    private File sourceDirectory;

    /**
     * Where the Java sources go; added to the compile sources. The plugin owns this folder: it
     * keeps its incremental state in {@code .chainrule/} there and deletes the classes of deleted
     * sources, and it never writes or deletes anywhere else.
     */
    @Parameter(
            defaultValue = "${project.build.directory}/generated-sources/chainrule",
            required = true)
    private File outputDirectory;

    /**
     * The package of every generated class, instead of the folder path under the source directory.
     */
    @Parameter(property = "chainrule.packageName")
    private String packageName;

    /**
     * Computes the formulas exactly as written, without the rewrites toward numerically stable
     * forms (the README's "Numerical robustness").
     */
    @Parameter(property = "chainrule.asWritten", defaultValue = "false")
    private boolean asWritten;

    /**
     * Lets an indexed program's class split each loop nest over a large runtime range over the
     * machine's cores, in chunks of fixed length: the same bits whatever the number of threads, its
     * sums in another order than one loop's (the README's "Beyond one core").
     */
    @Parameter(property = "chainrule.parallel", defaultValue = "false")
    private boolean parallel;

    /** Skips generation (and does not add the output folder to the compile sources). */
    @Parameter(property = "chainrule.skip", defaultValue = "false")
    private boolean skip;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("chainrule: skipped");
            return;
        }
        Optional<String> fixedPackage =
                Optional.ofNullable(packageName).map(String::trim).filter(p -> !p.isEmpty());
        if (fixedPackage.isPresent() && !JavaNames.isPackageName(fixedPackage.get())) {
            throw new MojoFailureException(
                    "chainrule: <packageName>"
                            + fixedPackage.get()
                            + "</packageName> is not a Java package name");
        }
        Path sources = sourceDirectory.toPath();
        Path output = outputDirectory.toPath();
        if (!Files.isDirectory(sources)) {
            getLog().info("chainrule: no source directory " + shown(sources));
        }
        IncrementalBuild.Settings settings =
                new IncrementalBuild.Settings(
                        sources, output, fixedPackage, generatorFingerprint(), asWritten, parallel);
        long start = System.nanoTime();
        IncrementalBuild.Summary summary = runBuild(settings);
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (Files.isDirectory(output)) {
            project.addCompileSourceRoot(output.toAbsolutePath().toString());
        }
        String where =
                summary.sources()
                        + (summary.sources() == 1 ? " source" : " sources")
                        + " in "
                        + shown(sources);
        getLog().info(
                        "chainrule: "
                                + summary.counts()
                                + (summary.warnings() > 0
                                        ? ", " + plural(summary.warnings(), "warning")
                                        : "")
                                + " ("
                                + where
                                + ") in "
                                + millis
                                + " ms");
        if (summary.errors() > 0) {
            throw new MojoFailureException(
                    "chainrule: "
                            + plural(summary.errors(), "error")
                            + " in "
                            + plural(summary.filesWithErrors(), "file")
                            + " of "
                            + where
                            + " (see the messages above)");
        }
    }

    private IncrementalBuild.Summary runBuild(IncrementalBuild.Settings settings)
            throws MojoExecutionException {
        Log log = getLog();
        IncrementalBuild.BuildLog lines =
                new IncrementalBuild.BuildLog() {
                    @Override
                    public void debug(String message) {
                        log.debug(message);
                    }

                    @Override
                    public void info(String message) {
                        log.info(message);
                    }

                    @Override
                    public void warn(String message) {
                        log.warn(message);
                    }

                    @Override
                    public void error(String message) {
                        log.error(message);
                    }
                };
        try {
            return IncrementalBuild.run(settings, lines);
        } catch (IOException | UncheckedIOException e) {
            Throwable cause = e instanceof UncheckedIOException ? e.getCause() : e;
            throw new MojoExecutionException(
                    "chainrule: could not read or write "
                            + cause.getMessage()
                            + " ("
                            + cause.getClass().getSimpleName()
                            + ")",
                    e);
        }
    }

    /**
     * The plugin's version and the size and time of its jar: a rebuilt snapshot of the plugin
     * regenerates every class, as a new release does.
     */
    private static String generatorFingerprint() {
        String version = "unknown";
        try (InputStream s = GenerateMojo.class.getResourceAsStream("/chainrule.properties")) {
            if (s != null) {
                Properties p = new Properties();
                p.load(s);
                version = p.getProperty("version", version);
            }
        } catch (IOException e) {
            // the version is only part of a fingerprint: a missing one regenerates, nothing worse
        }
        CodeSource code = GenerateMojo.class.getProtectionDomain().getCodeSource();
        if (code != null && code.getLocation() != null) {
            try {
                Path jar = Path.of(code.getLocation().toURI());
                if (Files.isRegularFile(jar)) {
                    version +=
                            "|" + Files.size(jar) + "|" + Files.getLastModifiedTime(jar).toMillis();
                }
            } catch (URISyntaxException | IOException | IllegalArgumentException e) {
                // as above
            }
        }
        return version;
    }

    private String shown(Path path) {
        Path base = project.getBasedir().toPath().toAbsolutePath().normalize();
        Path p = path.toAbsolutePath().normalize();
        if (!p.startsWith(base)) {
            return p.toString();
        }
        String relative = Layout.slashes(base.relativize(p));
        return relative.isEmpty() ? "." : relative;
    }

    private static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
