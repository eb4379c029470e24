package io.github.chainrule.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "graph", mixinStandardHelpOptions = true, description = "Not built yet (see the open issue).")
final class GraphCommand implements Callable<Integer> {
    private final Main.Io io;

    GraphCommand(Main.Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        io.err().println("chainrule: 'graph' is not built yet");
        return Main.USAGE;
    }
}
