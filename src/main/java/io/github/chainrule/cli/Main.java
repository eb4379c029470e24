package io.github.chainrule.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code chainrule derive|generate|graph}: exit 0 success, 1 program errors, 2 usage, 3 files, 4
 * internal errors ({@link #EXIT_CODES}).
 */
@Command(
        name = "chainrule",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description =
                "Symbolic reverse-mode differentiation of small programs, compiled to plain Java.",
        subcommands = {
            DeriveCommand.class,
            GenerateCommand.class,
            GraphCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    public static final int OK = 0;
    public static final int PROGRAM_ERRORS = 1;
    public static final int USAGE = 2;
    public static final int FILES = 3;
    public static final int INTERNAL = 4;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int status = run(args, System.in, System.out, System.err);
        System.out.flush();
        System.exit(status);
    }

    /** The whole command line, in-process: what tests call. */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        Io io = new Io(in, out, err);
        CommandLine cl = new CommandLine(new Main(), new Factory(io));
        listExitCodes(cl);
        // `--at @point.json` names a point file for derive: it must reach the command as written
        cl.setExpandAtFiles(false);
        cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cl.setExecutionExceptionHandler(
                (e, commandLine, parseResult) -> {
                    if (e instanceof UsageError u) {
                        err.println("chainrule: " + u.getMessage());
                        return USAGE;
                    }
                    // A bug of ours, never the user's input: say so in one line, without a stack
                    // trace.
                    err.println("chainrule: internal error: " + e);
                    return INTERNAL;
                });
        cl.setParameterExceptionHandler(
                (e, a) -> {
                    err.println("chainrule: " + e.getMessage());
                    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
                    err.println(
                            "Try 'chainrule "
                                    + (e.getCommandLine().getCommandName().equals("chainrule")
                                            ? ""
                                            : e.getCommandLine().getCommandName() + " ")
                                    + "--help'.");
                    return USAGE;
                });
        try {
            return cl.execute(args);
        } catch (StackOverflowError | OutOfMemoryError e) {
            // picocli hands only exceptions to the handler above; these two are the JVM's limits,
            // not bugs
            err.println(
                    "chainrule: "
                            + (e instanceof OutOfMemoryError ? "out of memory" : "out of stack")
                            + " ("
                            + e
                            + "): give the JVM more, e.g. JAVA_OPTS=-Xmx8g ./chainrule ...");
            return INTERNAL;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** What each exit status means, as every command's --help lists it. */
    static final Map<String, String> EXIT_CODES =
            exitCodes(
                    OK,
                    "success",
                    PROGRAM_ERRORS,
                    "the program has errors (reported on standard error)",
                    USAGE,
                    "wrong usage of the command line",
                    FILES,
                    "a file could not be read or written, or graph --svg could not run"
                            + " Graphviz's dot or stopped it (a diagram too large to lay out)",
                    INTERNAL,
                    "an internal error of chainrule (please report it), or the JVM ran out of"
                            + " memory or stack");

    private static Map<String, String> exitCodes(Object... codesAndMeanings) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < codesAndMeanings.length; i += 2) {
            out.put(String.valueOf(codesAndMeanings[i]), codesAndMeanings[i + 1].toString());
        }
        return Collections.unmodifiableMap(out);
    }

    /** The same list of exit codes in the help of the top-level command and of every command. */
    private static void listExitCodes(CommandLine cl) {
        cl.getCommandSpec()
                .usageMessage()
                .exitCodeListHeading("%nExit status:%n")
                .exitCodeList(EXIT_CODES);
        for (CommandLine sub : cl.getSubcommands().values()) {
            listExitCodes(sub);
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
        throw new UsageError("a command is needed: derive, generate or graph");
    }

    /** Standard streams, handed to the subcommands so that tests can run them in-process. */
    record Io(InputStream in, PrintStream out, PrintStream err) {}

    /** Bad use of the command line, found after parsing: exit 2. */
    static final class UsageError extends RuntimeException {
        UsageError(String message) {
            super(message);
        }
    }

    private static final class Factory implements CommandLine.IFactory {
        private final Io io;
        private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

        Factory(Io io) {
            this.io = io;
        }

        @Override
        public <K> K create(Class<K> cls) throws Exception {
            if (cls == DeriveCommand.class) {
                return cls.cast(new DeriveCommand(io));
            }
            if (cls == GenerateCommand.class) {
                return cls.cast(new GenerateCommand(io));
            }
            if (cls == GraphCommand.class) {
                return cls.cast(new GraphCommand(io));
            }
            return fallback.create(cls);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream s = Main.class.getResourceAsStream("/chainrule.properties")) {
                if (s != null) {
                    p.load(s);
                }
            }
            return new String[] {"chainrule " + p.getProperty("version", "unknown")};
        }
    }
}
