package io.github.chainrule.diagram;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Runs Graphviz's {@code dot} on DOT text: what {@code chainrule graph --svg} and the tests use.
 */
public final class DotRenderer {
    /** Graphviz's layout program for ranked (left-to-right) graphs. */
    public static final String DEFAULT_PROGRAM = "dot";

    /** What the install hint says, for {@code --svg} without Graphviz. */
    public static final String INSTALL_HINT =
            "install Graphviz (Debian or Ubuntu: apt-get install graphviz;"
                    + " macOS: brew install graphviz; others: https://graphviz.org/download/)";

    private DotRenderer() {}

    /**
     * The rendered bytes, and whatever dot wrote on its standard error (warnings), usually nothing.
     */
    public record Rendered(byte[] output, String messages) {}

    /** The program could not be started: Graphviz is not installed, or not on the PATH. */
    public static final class NotInstalled extends Exception {
        NotInstalled(String program, IOException cause) {
            super("cannot run '" + program + "': " + cause.getMessage(), cause);
        }
    }

    /** dot ran and failed. */
    public static final class Failed extends Exception {
        Failed(String message) {
            super(message);
        }
    }

    /** {@code program -T format}, with the DOT on its standard input. */
    public static Rendered render(String program, String dot, String format)
            throws NotInstalled, Failed, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(List.of(program, "-T" + format)).start();
        } catch (IOException e) {
            throw new NotInstalled(program, e);
        }
        Drain out = new Drain(p.getInputStream());
        Drain err = new Drain(p.getErrorStream());
        out.start();
        err.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(dot.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // dot stopped reading (it failed early): its exit status and messages say why
        }
        int status = p.waitFor();
        out.join();
        err.join();
        String messages = new String(err.bytes(), StandardCharsets.UTF_8);
        if (status != 0) {
            throw new Failed(
                    program
                            + " exited with status "
                            + status
                            + (messages.isBlank() ? "" : ": " + messages.strip()));
        }
        return new Rendered(out.bytes(), messages);
    }

    /**
     * Reads a stream to its end on its own thread, so that neither of dot's outputs can block it.
     */
    private static final class Drain extends Thread {
        private final InputStream in;
        private byte[] bytes = new byte[0];
        private IOException failure;

        Drain(InputStream in) {
            this.in = in;
            setDaemon(true);
        }

        @Override
        public void run() {
            try (in) {
                bytes = in.readAllBytes();
            } catch (IOException e) {
                failure = e;
            }
        }

        byte[] bytes() {
            if (failure != null) {
                throw new UncheckedIOException(failure);
            }
            return bytes;
        }
    }
}
