package io.github.chainrule.cli;

import io.github.chainrule.check.CheckedProgram;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The options that name inputs (--wrt, --at), checked against the program. */
final class CliArgs {
    private CliArgs() {}

    static List<String> wrt(CheckedProgram program, List<String> requested) {
        if (requested == null || requested.isEmpty()) {
            return program.wrt();
        }
        List<String> out = new ArrayList<>();
        for (String raw : requested) {
            String name = raw.trim();
            if (!program.inputs().contains(name)) {
                throw new Main.UsageError(
                        "--wrt "
                                + name
                                + ": not an input of the program (inputs: "
                                + String.join(", ", program.inputs())
                                + ")");
            }
            if (!out.contains(name)) {
                out.add(name);
            }
        }
        return List.copyOf(out);
    }

    /** Every input needs a value, in the program's order whatever the order given. */
    static Map<String, Double> point(CheckedProgram program, List<String> assignments) {
        Map<String, Double> given = new LinkedHashMap<>();
        for (String a : assignments) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new Main.UsageError(
                        "--at " + a + ": expected NAME=VALUE, as in --at x=1,y=2");
            }
            String name = a.substring(0, eq).trim();
            String text = a.substring(eq + 1).trim();
            if (!program.inputs().contains(name)) {
                throw new Main.UsageError(
                        "--at "
                                + name
                                + ": not an input of the program (inputs: "
                                + String.join(", ", program.inputs())
                                + ")");
            }
            try {
                given.put(name, Double.parseDouble(text));
            } catch (NumberFormatException e) {
                throw new Main.UsageError("--at " + name + "=" + text + ": not a number");
            }
        }
        Map<String, Double> point = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String input : program.inputs()) {
            Double v = given.get(input);
            if (v == null) {
                missing.add(input);
            } else {
                point.put(input, v);
            }
        }
        if (!missing.isEmpty()) {
            throw new Main.UsageError(
                    "--at needs a value for every input; missing: " + String.join(", ", missing));
        }
        return point;
    }
}
