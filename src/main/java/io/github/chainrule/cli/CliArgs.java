package io.github.chainrule.cli;

import io.github.chainrule.check.CheckedProgram;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The options that name inputs (--wrt, --at), checked against the program. Each option may be given
 * several times and each value may hold several comma-separated items; they are split here, not by
 * picocli, because picocli drops empty items and {@code --wrt ,} would then mean "every input"
 * without a word.
 */
final class CliArgs {
    private CliArgs() {}

    /**
     * A value of {@code --at}: a number as the language writes it, with a sign, or one of the
     * spellings that {@code derive --json} prints for the values that are not numbers.
     */
    private static final Pattern DECIMAL =
            Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");

    private static final Map<String, Double> NOT_NUMBERS =
            Map.of(
                    "NaN", Double.NaN,
                    "Infinity", Double.POSITIVE_INFINITY,
                    "+Infinity", Double.POSITIVE_INFINITY,
                    "-Infinity", Double.NEGATIVE_INFINITY);

    static List<String> wrt(CheckedProgram program, List<String> requested) {
        return wrt(program.inputs(), program.wrt(), requested);
    }

    /** The same for any program: its inputs, and the wrt it has when none is requested. */
    static List<String> wrt(List<String> inputs, List<String> programWrt, List<String> requested) {
        if (requested == null) {
            return programWrt;
        }
        List<String> out = new ArrayList<>();
        for (String name : items("--wrt", "name", requested, "--wrt w1,b")) {
            if (!inputs.contains(name)) {
                throw new Main.UsageError(
                        "--wrt "
                                + name
                                + ": not an input of the program (inputs: "
                                + String.join(", ", inputs)
                                + ")");
            }
            if (!out.contains(name)) {
                out.add(name);
            }
        }
        return List.copyOf(out);
    }

    /**
     * Every input needs a value, in the program's order whatever the order given; each at most
     * once. A value too small for a double is taken as 0 with a warning on {@code warnings}, as a
     * literal in a program is.
     */
    static Map<String, Double> point(
            CheckedProgram program, List<String> assignments, PrintStream warnings) {
        Map<String, Double> given = new LinkedHashMap<>();
        Map<String, String> givenAs = new LinkedHashMap<>();
        for (String a : items("--at", "NAME=VALUE", assignments, "--at x=1,y=2")) {
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
            String earlier = givenAs.put(name, text);
            if (earlier != null) {
                throw new Main.UsageError(
                        "--at "
                                + name
                                + ": given twice ("
                                + name
                                + "="
                                + earlier
                                + " and "
                                + name
                                + "="
                                + text
                                + "): give each input one value");
            }
            given.put(name, value(name, text, warnings));
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

    /** The value of {@code --at NAME=TEXT}, checked as a number literal of the language is. */
    private static double value(String name, String text, PrintStream warnings) {
        Double notNumber = NOT_NUMBERS.get(text);
        if (notNumber != null) {
            return notNumber;
        }
        if (!DECIMAL.matcher(text).matches()) {
            throw new Main.UsageError(
                    "--at "
                            + name
                            + "="
                            + text
                            + ": not a number (write it as 2, -0.5 or 1e-3; or NaN, Infinity,"
                            + " -Infinity)");
        }
        double v = Double.parseDouble(text);
        if (Double.isInfinite(v)) {
            throw new Main.UsageError(
                    "--at "
                            + name
                            + "="
                            + text
                            + ": too large: a double holds at most about 1.8e308 (write Infinity"
                            + " for infinity)");
        }
        if (v == 0 && text.replaceFirst("[eE].*", "").matches(".*[1-9].*")) {
            warnings.println(
                    "chainrule: warning: --at "
                            + name
                            + "="
                            + text
                            + ": too small for a double and taken as 0");
        }
        return v;
    }

    /**
     * The comma-separated items of an option given {@code values}, trimmed; an empty item (as in
     * {@code --wrt ,} or {@code --at x=1,,y=2}) is a usage error.
     */
    private static List<String> items(
            String option, String item, List<String> values, String example) {
        List<String> out = new ArrayList<>();
        for (String value : values) {
            for (String part : value.split(",", -1)) {
                String trimmed = part.trim();
                if (trimmed.isEmpty()) {
                    throw new Main.UsageError(
                            option
                                    + " '"
                                    + value
                                    + "': an empty "
                                    + item
                                    + "; give one or more, separated by commas, as in "
                                    + example);
                }
                out.add(trimmed);
            }
        }
        return out;
    }
}
