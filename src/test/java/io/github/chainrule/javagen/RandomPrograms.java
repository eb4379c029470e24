package io.github.chainrule.javagen;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Large programs made in the test, as {@code programs/gen.py} makes the benchmark ones. */
final class RandomPrograms {
    private RandomPrograms() {}

    private static final String[] UNARY = {
        "sin(%s)", "cos(%s)", "tanh(%s)", "log(1 + %s^2)", "sqrt(1 + %s^2)", "sigmoid(%s)"
    };
    private static final String[] BINARY = {
        "0.5 * (%s + %s)", "0.5 * (%s - %s)", "%s * tanh(%s)", "%s / (1 + %s^2)"
    };

    /**
     * gen.py's random_dag: {@code n} operations over {@code inputs} inputs, each reading recent
     * names (so the graph is deep as well as wide), every value bounded; L sums the unused ones.
     */
    static String dag(int n, int inputs, long seed) {
        Random rng = new Random(seed);
        List<String> names = new ArrayList<>();
        StringBuilder out = new StringBuilder();
        out.append("# a random expression graph of ")
                .append(n)
                .append(" operations over ")
                .append(inputs)
                .append(" inputs (seed ")
                .append(seed)
                .append(")\ninput ");
        for (int i = 0; i < inputs; i++) {
            names.add("u" + i);
            out.append(i > 0 ? ", " : "").append("u").append(i);
        }
        out.append('\n');
        Set<String> used = new HashSet<>();
        for (int k = 0; k < n; k++) {
            String name = "t" + k;
            String expr;
            if (rng.nextDouble() < 0.3) {
                String a = pick(rng, names);
                used.add(a);
                expr = String.format(UNARY[rng.nextInt(UNARY.length)], a);
            } else {
                String a = pick(rng, names);
                String b = pick(rng, names);
                used.add(a);
                used.add(b);
                expr = String.format(BINARY[rng.nextInt(BINARY.length)], a, b);
            }
            out.append(name).append(" = ").append(expr).append('\n');
            names.add(name);
        }
        List<String> sinks = new ArrayList<>();
        for (String name : names.subList(inputs, names.size())) {
            if (!used.contains(name)) {
                sinks.add(name);
            }
        }
        out.append("L = ").append(String.join(" + ", sinks)).append('\n');
        return out.toString();
    }

    private static String pick(Random rng, List<String> names) {
        int back = (int) Math.min(-Math.log(1 - rng.nextDouble()) * 30, names.size() - 1);
        return names.get(names.size() - 1 - back);
    }

    /**
     * A program with {@code count} distinct numeric literals and little else: a sum of choices
     * {@code if(x < a, b, c)}, three fresh literals each (its derivative is 0 everywhere).
     */
    static String literals(int count) {
        StringBuilder out =
                new StringBuilder("# ").append(count).append(" distinct literals\ninput x\nf = 0");
        for (int i = 0; 3 * i < count; i++) {
            out.append("\n  + if(x < ")
                    .append(literal(3 * i))
                    .append(", ")
                    .append(literal(3 * i + 1))
                    .append(", ")
                    .append(literal(3 * i + 2))
                    .append(")");
        }
        return out.append('\n').toString();
    }

    /** The i-th literal: distinct, and with all 17 digits a double may need. */
    static double literalValue(int i) {
        return 1 + i * 1.2345678901234567e-5;
    }

    private static String literal(int i) {
        return Double.toString(literalValue(i));
    }
}
