package io.github.chainrule.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "generate", mixinStandardHelpOptions = true, description = "Not built yet (see the open issue).")
final class GenerateCommand implements Callable<Integer> {
    private final Main.Io io;

    GenerateCommand(Main.Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        io.err().println("chainrule: 'generate' is not built yet");
        return Main.USAGE;
    }
}
