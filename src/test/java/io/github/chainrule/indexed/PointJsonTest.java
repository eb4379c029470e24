package io.github.chainrule.indexed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The strict JSON reader and the nested-list writer. */
class PointJsonTest {
    private static JsonValue read(String text) {
        return JsonReader.read("p.json", text);
    }

    @Test
    void readsEveryKindOfValueWithPositions() {
        JsonValue v =
                read(
                        "{\"a\": [1, -2.5e3, 0],\n"
                                + " \"b\": {\"c\": \"\\u00e9\\n"
                                + "\"}, \"t\": true, \"f\": false, \"z\": null}");
        JsonValue.Members o = (JsonValue.Members) v;
        assertThat(o.members().keySet()).containsExactly("a", "b", "t", "f", "z");
        JsonValue.Array a = (JsonValue.Array) o.members().get("a").value();
        assertThat(((JsonValue.Number) a.items().get(1)).value()).isEqualTo(-2500);
        assertThat(a.items().get(1).position()).isEqualTo(new JsonValue.Position(1, 11));
        assertThat(o.members().get("b").keyPosition()).isEqualTo(new JsonValue.Position(2, 2));
        JsonValue.Members b = (JsonValue.Members) o.members().get("b").value();
        assertThat(((JsonValue.Text) b.members().get("c").value()).value()).isEqualTo("é\n");
    }

    @Test
    void errorsNameTheLineAndColumn() {
        String[][] cases = {
            {"{\"x\": [1, 2,]}", "p.json:1:13: error: expected a JSON value, found ']'"},
            {
                "{\"x\": [1 2]}",
                "p.json:1:10: error: expected ',' or ']' after a list element, found '2'"
            },
            {"{\"x\": 1,\n \"x\": 2}", "p.json:2:2: error: duplicate member \"x\""},
            {"{\"x\": NaN}", "p.json:1:7: error: expected a JSON value, found 'NaN'"},
            {"{\"x\": 01}", "p.json:1:7: error: a number may not start with 0 followed by digits"},
            {"{\"x\": 1.}", "p.json:1:9: error: expected a digit after '.', found '}'"},
            {"{\"x\": .5}", "p.json:1:7: error: expected a JSON value, found '.'"},
            {"{\"x\": 1e999}", "p.json:1:7: error: the number 1e999 is too large for a double"},
            {
                "{\"x\": [1]",
                "p.json:1:10: error: expected ',' or '}' after a member, found the end of the text"
            },
            {"{x: 1}", "p.json:1:2: error: expected a member's name in double quotes, found 'x'"},
            {"{\"x\": 1} 2", "p.json:1:10: error: unexpected '2' after the JSON value"},
            {
                "{\"x\": \"a\tb\"}",
                "p.json:1:9: error: a control character in a string (write it as an escape)"
            },
            {"{\"x\": \"\\q\"}", "p.json:1:8: error: unknown escape \\q"},
            {"// c\n{}", "p.json:1:1: error: expected a JSON value, found '/'"},
            {"", "p.json:1:1: error: expected a JSON value, but the text ends"},
            {"[".repeat(600), "p.json:1:513: error: lists and objects nested more than 512 deep"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> read(c[0]))
                    .as(c[0])
                    .isInstanceOf(PointException.class)
                    .hasMessage(c[1]);
        }
    }

    @Test
    void theTopLevelMustBeAnObject() {
        ProgramBuilder p = new ProgramBuilder().input("b").assigned("y");
        p.single(p.statement("y", "", p.read("b")));
        assertThatThrownBy(() -> Points.fromJson(p.build(), "p.json", "\n  [1, 2]"))
                .hasMessage(
                        "p.json:2:3: error: expected an object of names and values, found a list");
    }

    @Test
    void writesNestedListsThatReadBack() {
        assertThat(ValuesJson.nested(new double[] {1.5}, new int[0])).isEqualTo("1.5");
        assertThat(ValuesJson.nested(new double[] {1, 2, 3}, new int[] {3}))
                .isEqualTo("[1.0, 2.0, 3.0]");
        assertThat(ValuesJson.nested(new double[] {1, 2, 3, 4, 5, 6}, new int[] {2, 3}))
                .isEqualTo("[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]");
        double[] cube = new double[12];
        for (int i = 0; i < cube.length; i++) {
            cube[i] = i * 0.1;
        }
        String text = ValuesJson.nested(cube, new int[] {2, 3, 2});
        assertThat(text)
                .startsWith(
                        "[[[0.0, 0.1], [0.2, 0.30000000000000004], [0.4, 0.5]],"
                                + " [[0.6000000000000001");

        ProgramBuilder p =
                new ProgramBuilder()
                        .size("a")
                        .size("b")
                        .size("c")
                        .input("X[a, b, c]")
                        .assigned("y");
        p.single(p.statement("y", "", p.read("X[0, 0, 0]")));
        IndexedPoint point = Points.fromJson(p.build(), "p.json", "{\"X\": " + text + "}");
        assertThat(point.inputs().get("X")).containsExactly(cube);
        assertThat(point.sizes())
                .containsEntry("a", 2L)
                .containsEntry("b", 3L)
                .containsEntry("c", 2L);

        IndexedValues values = IndexedEvaluator.evaluate(p.build(), point);
        assertThat(ValuesJson.object(values, List.of("y", "X"), ""))
                .isEqualTo("{\n  \"y\": 0.0,\n  \"X\": " + text + "\n}");
    }

    @Test
    void aMillionElementPointLoadsQuickly() {
        int n = 1_000_000;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = Math.sin(i);
        }
        ProgramBuilder p = new ProgramBuilder().size("n").input("x[n]").assigned("y");
        p.single(p.statement("y", "", p.read("x[0]")));
        String text = "{\"x\": " + ValuesJson.nested(x, new int[] {n}) + "}";
        long start = cpuNanos();
        IndexedPoint point = Points.fromJson(p.build(), "p.json", text);
        long millis = (cpuNanos() - start) / 1_000_000;
        assertThat(point.inputs().get("x")).isEqualTo(x);
        assertThat(millis).as("milliseconds to read 10^6 numbers").isLessThan(3000);
    }

    /**
     * This thread's CPU time: the machine running the tests may be shared, and wall time would
     * measure the others.
     */
    private static long cpuNanos() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }
}
