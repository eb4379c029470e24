package io.github.chainrule.bench;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * bench/run's first step after the build: every hand-written and DerivativeStructure implementation
 * must agree with the generated gradient at the benchmark points (exit status 1 otherwise). Writes
 * {@code points.json} (each program's point, value and generated gradient) to the results folder,
 * for the PyTorch script to check its own results against. Then the same for the indexed programs'
 * rows ({@link IndexedCase}), to a tighter tolerance, with their inputs in files of doubles.
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
        ok &= indexed(out);
        if (!ok) {
            System.err.println(
                    "self-check failed: an implementation disagrees with the generated code");
            System.exit(1);
        }
    }

    /**
     * The indexed rows: each hand-written implementation against the generated class, the indexed
     * lj at n = 20 against the scalar lj20.chain, and each row's inputs, value and gradient written
     * for the PyTorch script: {@code indexed.json} (sizes, scalar inputs, value, and the names of
     * the files) and one file of little-endian doubles per array ({@code indexed/ROW.NAME.f64}).
     */
    private static boolean indexed(Path out) throws IOException {
        boolean ok = true;
        Path dir = out.resolve("indexed");
        Files.createDirectories(dir);
        JsonObject rows = new JsonObject();
        try {
            for (String line : IndexedChecks.ljAgainstScalar()) {
                System.out.println("  " + line);
            }
        } catch (IllegalStateException e) {
            System.out.println("  MISMATCH " + e.getMessage());
            ok = false;
        }
        for (IndexedCase c : IndexedCase.all()) {
            try {
                for (String line : Checks.verify(c)) {
                    System.out.println("  " + line);
                }
            } catch (IllegalStateException e) {
                System.out.println("  MISMATCH " + e.getMessage());
                ok = false;
            }
            String stem = c.row().replace(' ', '_').replace("=", "");
            JsonObject o = new JsonObject();
            o.addProperty("program", c.program());
            JsonObject sizes = new JsonObject();
            c.sizes().forEach(sizes::addProperty);
            o.add("sizes", sizes);
            JsonObject inputs = new JsonObject();
            for (var e : c.inputs().entrySet()) {
                if (e.getValue() instanceof double[] values) {
                    String file = "indexed/" + stem + "." + e.getKey() + ".f64";
                    writeDoubles(out.resolve(file), values);
                    JsonObject a = new JsonObject();
                    a.addProperty("file", file);
                    a.addProperty("length", values.length);
                    inputs.add(e.getKey(), a);
                } else {
                    inputs.addProperty(e.getKey(), (Double) e.getValue());
                }
            }
            o.add("inputs", inputs);
            double[] grad = new double[c.gradLength()];
            o.addProperty("value", c.generatedGradient().apply(grad));
            String gradFile = "indexed/" + stem + ".grad.f64";
            writeDoubles(out.resolve(gradFile), grad);
            o.addProperty("grad", gradFile);
            rows.add(c.row(), o);
        }
        Files.writeString(
                out.resolve("indexed.json"),
                new GsonBuilder().setPrettyPrinting().create().toJson(rows) + "\n");
        return ok;
    }

    private static void writeDoubles(Path file, double[] values) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asDoubleBuffer().put(values);
        Files.write(file, b.array());
    }

    private static JsonArray array(double[] values) {
        JsonArray a = new JsonArray();
        for (double v : values) {
            a.add(v);
        }
        return a;
    }
}
