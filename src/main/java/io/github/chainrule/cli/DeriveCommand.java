package io.github.chainrule.cli;

import io.github.chainrule.check.CheckedProgram;
import io.github.chainrule.eval.PointValues;
import io.github.chainrule.report.DeriveReport;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
        name = "derive",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description =
                "Print the forward pass, the backward pass as the chain rule applies it, and each"
                        + " derivative.")
final class DeriveCommand implements Callable<Integer> {
    private final Main.Io io;

    @CommandLine.Mixin ProgramInput input = new ProgramInput();

    @CommandLine.Option(
            names = "--wrt",
            paramLabel = "NAME[,NAME...]",
            description =
                    "Differentiate with respect to these inputs (default: the program's wrt line,"
                            + " or every input).")
    List<String> wrt;

    @CommandLine.Option(
            names = "--at",
            paramLabel = "NAME=VALUE[,NAME=VALUE...]",
            description =
                    "Evaluate the outputs and derivatives at this point (every input needs one"
                            + " value: a number, or NaN, Infinity, -Infinity).")
    List<String> at;

    @CommandLine.Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @CommandLine.Option(
            names = "--expand",
            description = "Write each derivative in the inputs alone.")
    boolean expand;

    DeriveCommand(Main.Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        ProgramInput.Loaded loaded = input.load(io);
        if (loaded.program() == null) {
            return loaded.status();
        }
        CheckedProgram program = loaded.program();
        List<String> wrtNames = CliArgs.wrt(program, wrt);
        DeriveReport report = new DeriveReport(program, wrtNames, expand);
        if (at != null) {
            Map<String, Double> point = CliArgs.point(program, at, io.err());
            PointValues values = PointValues.at(program, wrtNames, point);
            io.out()
                    .print(
                            json
                                    ? DeriveReport.valuesJson(values)
                                    : report.text() + report.valuesText(values));
        } else {
            io.out().print(json ? report.json() : report.text());
        }
        return Main.OK;
    }
}
