package io.github.chainrule.diagram;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

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

    /** As long as it takes. */
    public static final Duration NO_LIMIT = Duration.ofNanos(Long.MAX_VALUE);

    /** dot ran longer than it was given and was stopped. */
    public static final class TimedOut extends Exception {
        TimedOut(String program, Duration limit) {
            super(program + " ran for more than " + limit.toMillis() / 1000.0 + " s");
        }
    }

    /** {@code program -T format}, with the DOT on its standard input, for as long as it takes. */
    public static Rendered render(String program, String dot, String format)
            throws NotInstalled, Failed, InterruptedException {
        try {
            return render(program, dot, format, NO_LIMIT);
        } catch (TimedOut e) {
            throw new AssertionError(e); // 292 years have passed
        }
    }

    /**
     * {@code program -T format}, stopped (with whatever it started) once it has run for {@code
     * limit}: dot's layout can take hours and gigabytes on a large diagram.
     */
    public static Rendered render(String program, String dot, String format, Duration limit)
            throws NotInstalled, Failed, TimedOut, InterruptedException {
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
        // fed from its own thread too, so that the time limit holds even while dot is not reading
        Thread feed =
                new Thread(
                        () -> {
                            try (OutputStream in = p.getOutputStream()) {
                                in.write(dot.getBytes(StandardCharsets.UTF_8));
                            } catch (IOException e) {
                                // dot stopped reading (it failed early, or was stopped): its exit
                                // status and messages say why
                            }
                        });
        feed.setDaemon(true);
        feed.start();
        if (!p.waitFor(limit.toNanos(), TimeUnit.NANOSECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor();
            throw new TimedOut(program, limit);
        }
        int status = p.waitFor();
        feed.join();
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
