package io.github.chainrule.bench;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * bench/run's first step after the build: every hand-written and DerivativeStructure implementation
 * must agree with the generated gradient at the benchmark points (exit status 1 otherwise). Writes
 * {@code points.json} (each program's point, value and generated gradient) to the results folder,
 * for the PyTorch script to check its own results against.
 *
 * <p>Usage: {@code SelfCheck RESULTS_DIR}
 */
public final class SelfCheck {
    private SelfCheck() {}

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "target/bench-results");
        Files.createDirectories(out);
        JsonObject points = new JsonObject();
        boolean ok = true;
        for (Impl p : Impl.all()) {
            try {
                for (String line : Checks.verify(p)) {
                    System.out.println("  " + line);
                }
            } catch (IllegalStateException e) {
                System.out.println("  MISMATCH " + e.getMessage());
                ok = false;
            }
            double[] grad = new double[p.gradLength()];
            double value = p.generatedGradient().apply(p.point(), grad);
            JsonObject o = new JsonObject();
            o.add("x", array(p.point()));
            o.addProperty("value", value);
            o.add("grad", array(grad));
            points.add(p.name(), o);
        }
        Files.writeString(
                out.resolve("points.json"),
                new GsonBuilder().setPrettyPrinting().create().toJson(points) + "\n");
        if (!ok) {
            System.err.println(
                    "self-check failed: an implementation disagrees with the generated code");
            System.exit(1);
        }
    }

    private static JsonArray array(double[] values) {
        JsonArray a = new JsonArray();
        for (double v : values) {
            a.add(v);
        }
        return a;
    }
}
