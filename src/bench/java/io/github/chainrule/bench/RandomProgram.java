package io.github.chainrule.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;

/**
 * Writes a random program as {@code src/test/resources/programs/gen.py}'s {@code random_dag} does
 * (the same statement forms and the same preference for recent names, with Java's random numbers):
 * bench/run makes the 100,000-operation program with it, into target/.
 *
 * <p>Usage: {@code RandomProgram OUT.chain OPERATIONS INPUTS SEED}
 */
public final class RandomProgram {
    private static final String[] UNARY = {
        "sin(%s)", "cos(%s)", "tanh(%s)", "log(1 + %s^2)", "sqrt(1 + %s^2)", "sigmoid(%s)"
    };
    private static final String[] BINARY = {
        "0.5 * (%s + %s)", "0.5 * (%s - %s)", "%s * tanh(%s)", "%s / (1 + %s^2)"
    };

    private RandomProgram() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: RandomProgram OUT.chain OPERATIONS INPUTS SEED");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        String text =
                program(
                        Integer.parseInt(args[1]),
                        Integer.parseInt(args[2]),
                        Long.parseLong(args[3]));
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, text);
    }

    static String program(int n, int nin, long seed) {
        Random rng = new Random(seed);
        List<String> names = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        sb.append("# a random expression graph of ")
                .append(n)
                .append(" operations over ")
                .append(nin)
                .append(" inputs (seed ")
                .append(seed)
                .append(")\ninput ");
        for (int i = 0; i < nin; i++) {
            names.add("u" + i);
            sb.append(i == 0 ? "" : ", ").append("u").append(i);
        }
        sb.append('\n');
        BitSet used = new BitSet();
        for (int k = 0; k < n; k++) {
            String expr;
            if (rng.nextDouble() < 0.3) {
                int a = pick(rng, names.size());
                used.set(a);
                expr = String.format(UNARY[rng.nextInt(UNARY.length)], names.get(a));
            } else {
                int a = pick(rng, names.size());
                int b = pick(rng, names.size());
                used.set(a);
                used.set(b);
                expr =
                        String.format(
                                BINARY[rng.nextInt(BINARY.length)], names.get(a), names.get(b));
            }
            String name = "t" + k;
            sb.append(name).append(" = ").append(expr).append('\n');
            names.add(name);
        }
        sb.append("L = ");
        boolean first = true;
        for (int i = nin; i < names.size(); i++) {
            if (!used.get(i)) {
                sb.append(first ? "" : " + ").append(names.get(i));
                first = false;
            }
        }
        return sb.append('\n').toString();
    }

    /**
     * An earlier name, preferring recent ones (exponential with mean 30) so the graph is deep as
     * well as wide.
     */
    private static int pick(Random rng, int size) {
        int back = (int) Math.min(-30 * Math.log(1 - rng.nextDouble()), size - 1);
        return size - 1 - back;
    }
}
