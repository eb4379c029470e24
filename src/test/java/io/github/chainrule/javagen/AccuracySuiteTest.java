package io.github.chainrule.javagen;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.chainrule.TestPrograms;
import io.github.chainrule.check.CheckedProgram;
import io.github.chainrule.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The accuracy suite ({@code src/test/resources/numerics/README.md}): programs written the natural
 * way, at points where evaluating them as written overflows, underflows or cancels, through {@code
 * derive --at --json} and through the generated class, each value finite and within 1e-10 of the
 * exact one. A ratchet until every case passes: the cases listed in {@code passing-derive.txt} and
 * {@code passing-generated.txt} must pass; one that newly passes is printed so the list can grow.
 */
class AccuracySuiteTest {
    static final double REL = 1e-10;
    static final double ZERO = 1e-300;

    @TempDir static Path dir;

    record Case(
            String id, String program, JsonObject at, JsonObject outputs, JsonObject derivatives) {
        @Override
        public String toString() {
            return id;
        }
    }

    /** One value's verdict: what it is, what it should be, and the kind of failure if any. */
    record Verdict(String what, double got, double expected, String failure) {}

    private static final List<Case> cases = new ArrayList<>();
    private static final Map<String, String> classNames = new LinkedHashMap<>();
    private static InMemoryJavac.Compiled compiled;

    /** Per path ("derive", "generated"): the verdicts of every case run. */
    private static final Map<String, Map<String, List<Verdict>>> results = new LinkedHashMap<>();

    static List<Case> read() {
        List<Case> out = new ArrayList<>();
        for (String line : TestPrograms.resource("/numerics/cases.jsonl").split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonObject o = JsonParser.parseString(line).getAsJsonObject();
            out.add(
                    new Case(
                            o.get("id").getAsString(),
                            o.get("program").getAsString(),
                            o.getAsJsonObject("at"),
                            o.getAsJsonObject("outputs"),
                            o.getAsJsonObject("derivatives")));
        }
        return out;
    }

    static Set<String> listed(String path) {
        Set<String> ids = new TreeSet<>();
        for (String line :
                TestPrograms.resource("/numerics/passing-" + path + ".txt").split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                ids.add(line.strip());
            }
        }
        return ids;
    }

    @BeforeAll
    static void generateAndCompile() {
        cases.addAll(read());
        Map<String, String> sources = new LinkedHashMap<>();
        for (Case c : cases) {
            String name = "Accuracy_" + c.id().replaceAll("[^A-Za-z0-9]", "_");
            CheckedProgram p = TestPrograms.compile(c.id() + ".chain", c.program());
            sources.put("numerics." + name, JavaEmitter.generate(p, "numerics", name));
            classNames.put(c.id(), "numerics." + name);
        }
        compiled = InMemoryJavac.compile(dir, sources);
        results.put("derive", new LinkedHashMap<>());
        results.put("generated", new LinkedHashMap<>());
    }

    @TestFactory
    Stream<DynamicTest> throughDerive() {
        Set<String> passing = listed("derive");
        return cases.stream()
                .map(
                        c ->
                                DynamicTest.dynamicTest(
                                        c.id(), () -> ratchet("derive", c, derive(c), passing)));
    }

    @TestFactory
    Stream<DynamicTest> throughGeneratedCode() {
        Set<String> passing = listed("generated");
        return cases.stream()
                .map(
                        c ->
                                DynamicTest.dynamicTest(
                                        c.id(),
                                        () -> ratchet("generated", c, generated(c), passing)));
    }

    private static void ratchet(String path, Case c, List<Verdict> verdicts, Set<String> passing) {
        results.get(path).put(c.id(), verdicts);
        List<Verdict> failed = verdicts.stream().filter(v -> v.failure() != null).toList();
        if (passing.contains(c.id())) {
            assertThat(failed).as(c.id() + " through " + path + " (listed as passing)").isEmpty();
        } else if (failed.isEmpty()) {
            System.out.println(
                    "accuracy suite: "
                            + c.id()
                            + " newly passes through "
                            + path
                            + ": add it to passing-"
                            + path
                            + ".txt");
        } else {
            StringBuilder b = new StringBuilder("accuracy suite: " + c.id() + " through " + path);
            for (Verdict v : failed) {
                b.append("; ")
                        .append(v.what())
                        .append(' ')
                        .append(v.failure())
                        .append(": ")
                        .append(v.got())
                        .append(" for ")
                        .append(v.expected());
            }
            System.out.println(b);
        }
    }

    /** The suite's figures, per path: accurate cases, right outputs and right derivatives. */
    @AfterAll
    static void summary() {
        results.forEach(
                (path, byCase) -> {
                    int accurate = 0;
                    int outputs = 0;
                    int outputsRight = 0;
                    int derivatives = 0;
                    int derivativesRight = 0;
                    Map<String, Integer> kinds = new LinkedHashMap<>();
                    for (List<Verdict> vs : byCase.values()) {
                        boolean all = true;
                        for (Verdict v : vs) {
                            boolean output = !v.what().startsWith("d");
                            boolean ok = v.failure() == null;
                            all &= ok;
                            if (output) {
                                outputs++;
                                outputsRight += ok ? 1 : 0;
                            } else {
                                derivatives++;
                                derivativesRight += ok ? 1 : 0;
                            }
                            if (!ok) {
                                kinds.merge(v.failure(), 1, Integer::sum);
                            }
                        }
                        accurate += all ? 1 : 0;
                    }
                    System.out.printf(
                            "accuracy suite through %s: %d of %d cases accurate; outputs %d of %d"
                                    + " right, derivatives %d of %d right; failures %s%n",
                            path,
                            accurate,
                            byCase.size(),
                            outputsRight,
                            outputs,
                            derivativesRight,
                            derivatives,
                            kinds);
                });
    }

    // ---- the two paths --------------------------------------------------------------------------

    private static List<Verdict> derive(Case c) throws IOException {
        Path file = dir.resolve(c.id() + ".chain");
        Files.writeString(file, c.program());
        List<String> point = new ArrayList<>();
        for (Map.Entry<String, JsonElement> e : c.at().entrySet()) {
            point.add(e.getKey() + "=" + e.getValue().getAsDouble());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status =
                Main.run(
                        new String[] {
                            "derive", file.toString(), "--at", String.join(",", point), "--json"
                        },
                        new ByteArrayInputStream(new byte[0]),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).as(c.id() + ": " + err.toString(StandardCharsets.UTF_8)).isZero();
        JsonObject got =
                JsonParser.parseString(out.toString(StandardCharsets.UTF_8)).getAsJsonObject();
        List<Verdict> verdicts = new ArrayList<>();
        for (Map.Entry<String, JsonElement> o : c.outputs().entrySet()) {
            verdicts.add(
                    verdict(
                            o.getKey(),
                            number(got.getAsJsonObject("outputs").get(o.getKey())),
                            o.getValue()));
            JsonObject row = got.getAsJsonObject("derivatives").getAsJsonObject(o.getKey());
            for (Map.Entry<String, JsonElement> w :
                    c.derivatives().getAsJsonObject(o.getKey()).entrySet()) {
                verdicts.add(
                        verdict(
                                "d" + o.getKey() + "/d" + w.getKey(),
                                number(row.get(w.getKey())),
                                w.getValue()));
            }
        }
        return verdicts;
    }

    /** forward, gradient and jacobian: a value counts as right when every method gets it right. */
    private static List<Verdict> generated(Case c) {
        GeneratedClass g = new GeneratedClass(compiled.load(classNames.get(c.id())));
        double[] x = new double[g.inputs.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = c.at().get(g.inputs.get(i)).getAsDouble();
        }
        double[] forward = g.forward(x);
        double[][] jac = g.jacobian(x);
        double[] grad = new double[g.wrt.size()];
        double value = g.outputs.size() == 1 ? g.gradient(x, grad) : forward[0];
        List<Verdict> verdicts = new ArrayList<>();
        for (int j = 0; j < g.outputs.size(); j++) {
            String o = g.outputs.get(j);
            JsonElement exact = c.outputs().get(o);
            verdicts.add(worst(verdict(o, forward[j], exact), verdict(o, value, exact)));
            JsonObject row = c.derivatives().getAsJsonObject(o);
            for (int i = 0; i < g.wrt.size(); i++) {
                String what = "d" + o + "/d" + g.wrt.get(i);
                JsonElement d = row.get(g.wrt.get(i));
                verdicts.add(
                        g.outputs.size() == 1
                                ? worst(verdict(what, jac[j][i], d), verdict(what, grad[i], d))
                                : verdict(what, jac[j][i], d));
            }
        }
        return verdicts;
    }

    private static Verdict worst(Verdict a, Verdict b) {
        return a.failure() != null ? a : b;
    }

    private static double number(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return Double.NaN;
        }
        return e.getAsJsonPrimitive().isString()
                ? Double.parseDouble(e.getAsString())
                : e.getAsDouble();
    }

    /** The README's pass rule, naming the kind of failure. */
    static Verdict verdict(String what, double got, JsonElement exactText) {
        double exact = Double.parseDouble(exactText.getAsString());
        return new Verdict(what, got, exact, failure(got, exact));
    }

    static String failure(double got, double exact) {
        if (Double.isNaN(got)) {
            return "NaN";
        }
        if (Double.isInfinite(got)) {
            return "infinity";
        }
        if (exact == 0) {
            return Math.abs(got) <= ZERO ? null : "wrong digits";
        }
        if (Math.abs(got - exact) <= REL * Math.abs(exact)) {
            return null;
        }
        return got == 0 ? "wrong 0" : "wrong digits";
    }
}
