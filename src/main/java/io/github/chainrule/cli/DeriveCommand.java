package io.github.chainrule.cli;

import io.github.chainrule.check.CheckedProgram;
import io.github.chainrule.diff.Gradient;
import io.github.chainrule.diff.IndexedDerivatives;
import io.github.chainrule.eval.PointValues;
import io.github.chainrule.indexed.IndexedPoint;
import io.github.chainrule.indexed.IndexedProgram;
import io.github.chainrule.indexed.IndexedValues;
import io.github.chainrule.report.DeriveReport;
import io.github.chainrule.report.IndexedReport;
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
        if (loaded.indexed() != null) {
            return indexed(loaded.indexed());
        }
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

    /** An indexed program: its passes in index notation, and its values at a point. */
    private int indexed(IndexedProgram checked) {
        List<String> inputs = new java.util.ArrayList<>();
        checked.inputs().forEach(a -> inputs.add(a.name()));
        List<String> wrtNames = CliArgs.wrt(inputs, checked.wrt(), wrt);
        // --wrt makes the program's wrt line: the backward pass and the derivatives follow it
        IndexedProgram program = checked.withWrt(wrtNames);
        IndexedReport report = new IndexedReport(program);
        if (at == null) {
            io.out().print(report.text() + report.backwardText() + report.formulasText(expand));
            return Main.OK;
        }
        IndexedPoint point = IndexedAt.point(program, at);
        // as for scalar programs: forward mode when there are one or two variables in all
        long variables = 0;
        for (String w : program.wrt()) {
            variables += point.inputs().get(w).length;
        }
        IndexedDerivatives derivatives =
                Gradient.inForwardMode((int) Math.min(variables, Integer.MAX_VALUE))
                        ? IndexedDerivatives.inForwardMode(program, point)
                        : IndexedDerivatives.at(program, point);
        IndexedValues values = derivatives.values();
        io.out()
                .print(
                        json
                                ? report.valuesJson(point, values, derivatives)
                                : report.text()
                                        + report.backwardText()
                                        + report.formulasText(expand)
                                        + report.valuesText(point, values)
                                        + report.derivativesText(derivatives));
        return Main.OK;
    }
}
