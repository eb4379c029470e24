package io.github.chainrule.cli;

import io.github.chainrule.check.CheckedProgram;
import io.github.chainrule.diagram.DotRenderer;
import io.github.chainrule.diagram.DotWriter;
import io.github.chainrule.files.AtomicWrite;
import io.github.chainrule.indexed.IndexedPoint;
import io.github.chainrule.indexed.IndexedProgram;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
        name = "graph",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Draw the program's forward and backward passes as Graphviz DOT (on standard output),"
                    + " or as SVG with --svg.",
            "Forward edges run left to right; backward edges run right to left in red, each"
                + " labelled with its local partial; each node shows its adjoint dL/d(node), and"
                + " with --at its value and gradient at that point.",
            "An indexed program is drawn in index notation: a node per input and per assigned"
                    + " array, each backward edge labelled with its local partial over the"
                    + " statement's ranges; with --at, arrays show their size, L2 norm, least and"
                    + " greatest element."
        },
        footer = {
            "",
            "Example: chainrule graph examples/neuron.chain --at"
                    + " x1=1,x2=2,x3=-1,y=1,w1=0.5,w2=-0.3,w3=0.8,b=0.1 --svg neuron.svg"
        })
final class GraphCommand implements Callable<Integer> {
    private final Main.Io io;

    @CommandLine.Mixin ProgramInput input = new ProgramInput();

    @CommandLine.Option(
            names = "--at",
            paramLabel = "NAME=VALUE[,NAME=VALUE...]",
            description =
                    "Show each node's value and gradient at this point (every input needs one"
                            + " value: a number, or NaN, Infinity, -Infinity; for an indexed"
                            + " program, arrays as lists, x=[1,2,3], or @point.json).")
    List<String> at;

    @CommandLine.Option(
            names = "--detail",
            paramLabel = "LEVEL",
            defaultValue = "statements",
            converter = DetailConverter.class,
            description =
                    "statements (default): a node per input and per assignment; operations: a node"
                            + " per operation of the expression graph.")
    DotWriter.Detail detail;

    @CommandLine.Option(
            names = "--svg",
            paramLabel = "FILE",
            description =
                    "Write SVG to FILE (- for standard output) instead of DOT, through Graphviz's"
                            + " dot.")
    String svg;

    @CommandLine.Option(
            names = "--dot",
            paramLabel = "PROGRAM",
            defaultValue = DotRenderer.DEFAULT_PROGRAM,
            description = "The Graphviz program --svg runs (default: dot, found on the PATH).")
    String dotProgram;

    @CommandLine.Option(
            names = "--dot-timeout",
            paramLabel = "SECONDS",
            defaultValue = "60",
            description =
                    "Stop dot after this many seconds (default: 60; 0: no limit) and write nothing:"
                            + " on a large diagram it runs for minutes and gigabytes.")
    double dotTimeout;

    GraphCommand(Main.Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws InterruptedException {
        ProgramInput.Loaded loaded = input.load(io);
        String dot;
        if (loaded.indexed() != null) {
            dot = indexed(loaded.indexed());
        } else if (loaded.program() == null) {
            return loaded.status();
        } else {
            CheckedProgram program = loaded.program();
            Map<String, Double> point = at == null ? null : CliArgs.point(program, at, io.err());
            dot = DotWriter.write(program, detail, point);
        }
        if (svg == null) {
            io.out().print(dot);
            return Main.OK;
        }
        return writeSvg(dot);
    }

    /**
     * An indexed program's diagram: a node per statement in index notation, at a point given as
     * {@code derive --at} takes it (arrays as lists, or {@code @point.json}).
     */
    private String indexed(IndexedProgram program) {
        if (detail == DotWriter.Detail.OPERATIONS) {
            throw new Main.UsageError(
                    "--detail operations is not taken for indexed programs: their diagram has a"
                            + " node per statement, since a node per operation would unroll their"
                            + " loops");
        }
        IndexedPoint point = at == null ? null : IndexedAt.point(program, at);
        return DotWriter.write(program, point);
    }

    private int writeSvg(String dot) throws InterruptedException {
        if (!(dotTimeout >= 0)) {
            throw new Main.UsageError(
                    "--dot-timeout "
                            + seconds(dotTimeout)
                            + ": not a number of seconds (0: no limit)");
        }
        long pieces = LayoutSize.pieces(dot);
        if (pieces > LayoutSize.MAX_PIECES) {
            io.err()
                    .println(
                            "chainrule: the diagram is too large for Graphviz to lay out: its"
                                    + " edges cross "
                                    + pieces
                                    + " ranks in all, and dot takes minutes and gigabytes above "
                                    + LayoutSize.MAX_PIECES
                                    + "; nothing was written");
            io.err().println("chainrule: " + RENDER_YOURSELF);
            return Main.FILES;
        }
        DotRenderer.Rendered rendered;
        try {
            rendered = DotRenderer.render(dotProgram, dot, "svg", timeLimit());
        } catch (DotRenderer.NotInstalled e) {
            io.err()
                    .println(
                            "chainrule: --svg needs Graphviz's '"
                                    + dotProgram
                                    + "' program, which could not be run ("
                                    + e.getCause().getMessage()
                                    + ")");
            io.err()
                    .println(
                            "chainrule: "
                                    + DotRenderer.INSTALL_HINT
                                    + ", or leave out --svg and render the DOT yourself: chainrule"
                                    + " graph FILE | dot -Tsvg -o graph.svg");
            return Main.FILES;
        } catch (DotRenderer.TimedOut e) {
            io.err()
                    .println(
                            "chainrule: "
                                    + dotProgram
                                    + " did not finish laying out the diagram in "
                                    + seconds(dotTimeout)
                                    + " s and was stopped (--dot-timeout SECONDS gives it longer, 0"
                                    + " no limit); nothing was written");
            io.err().println("chainrule: " + RENDER_YOURSELF);
            return Main.FILES;
        } catch (DotRenderer.Failed e) {
            io.err().println("chainrule: could not render the SVG: " + e.getMessage());
            return Main.FILES;
        }
        if (!rendered.messages().isBlank()) {
            for (String line : rendered.messages().strip().split("\\R")) {
                io.err().println("chainrule: " + dotProgram + ": " + line);
            }
        }
        if (svg.equals("-")) {
            io.out().write(rendered.output(), 0, rendered.output().length);
            return Main.OK;
        }
        try {
            writeWhole(Path.of(svg), rendered.output());
        } catch (IOException | InvalidPathException e) {
            String why = e instanceof AccessDeniedException ? "permission denied" : e.getMessage();
            io.err().println("chainrule: " + svg + ": cannot write: " + why);
            return Main.FILES;
        }
        return Main.OK;
    }

    private static final String RENDER_YOURSELF =
            "draw a smaller program, or render the DOT yourself, without a limit: chainrule graph"
                    + " FILE | dot -Tsvg -o graph.svg";

    private Duration timeLimit() {
        return dotTimeout == 0
                ? DotRenderer.NO_LIMIT
                : Duration.ofNanos((long) Math.min(dotTimeout * 1e9, Long.MAX_VALUE));
    }

    /** 60, 0.5: a number of seconds as given. */
    private static String seconds(double s) {
        return s == Math.rint(s) && s < 1e15 ? Long.toString((long) s) : Double.toString(s);
    }

    /**
     * The whole file or nothing ({@link AtomicWrite}), into a folder that is there already: --svg
     * makes no folders.
     */
    private static void writeWhole(Path target, byte[] bytes) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        if (dir == null || target.getFileName() == null) {
            throw new IOException("not a file name");
        }
        if (Files.isDirectory(target)) {
            throw new IOException("is a directory");
        }
        if (!Files.isDirectory(dir)) {
            throw new IOException("no such directory: " + dir);
        }
        AtomicWrite.write(target, bytes);
    }

    /** {@code statements} or {@code operations}, in any case. */
    static final class DetailConverter implements CommandLine.ITypeConverter<DotWriter.Detail> {
        @Override
        public DotWriter.Detail convert(String value) {
            for (DotWriter.Detail d : DotWriter.Detail.values()) {
                if (d.name().equalsIgnoreCase(value.trim())) {
                    return d;
                }
            }
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a level of detail:" + " use statements or operations");
        }
    }
}
