package io.github.chainrule.indexed;

import io.github.chainrule.diag.EditDistance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a point written by a user ({@code --at x=[1,2,3],n=3} or {@code --at @point.json}) into an
 * {@link IndexedPoint} for a program: every input needs a value, arrays as nested lists matching
 * their declared dimensions; sizes not fixed in the program are given ({@code n=3}) or taken from
 * the lengths of the arrays given, and must agree when both.
 */
public final class Points {
    private Points() {}

    /**
     * From command-line text, {@code x=[1,2,3],n=3,W=[[1,2],[3,4]],b=0.5}.
     *
     * @throws PointException with a message {@code --at NAME: ...}
     */
    public static IndexedPoint fromAssignments(IndexedProgram program, String text) {
        List<Given> given = new ArrayList<>();
        for (PointAssignments.Assignment a : PointAssignments.parse(text)) {
            given.add(new Given(a.name(), null, a.value()));
        }
        return new Binding(program, new CommandLine()).bind(given);
    }

    /**
     * From the pieces picocli split the option's text into at every comma: joined again, so a comma
     * inside brackets is not a separator.
     */
    public static IndexedPoint fromAssignments(IndexedProgram program, List<String> pieces) {
        return fromAssignments(program, String.join(",", pieces));
    }

    /**
     * From a JSON object of numbers and nested lists, {@code {"n": 3, "x": [1, 2, 3]}}.
     *
     * @param file the file's name, for messages
     * @throws PointException with a message {@code FILE:LINE:COL: error: ...}
     */
    public static IndexedPoint fromJson(IndexedProgram program, String file, String json) {
        JsonValue v = JsonReader.read(file, json);
        JsonFile origin = new JsonFile(file, v.position());
        if (!(v instanceof JsonValue.Members object)) {
            throw new PointException(
                    origin.message(
                            null,
                            v.position(),
                            "expected an object of names and values, found " + JsonValue.kind(v)));
        }
        List<Given> given = new ArrayList<>();
        for (JsonValue.Member m : object.members().values()) {
            given.add(new Given(m.key(), m.keyPosition(), m.value()));
        }
        return new Binding(program, origin).bind(given);
    }

    /**
     * From a JSON file ({@code --at @point.json}), read as UTF-8; messages name the file as given.
     *
     * @throws IOException when the file cannot be read
     */
    public static IndexedPoint fromJson(IndexedProgram program, Path file) throws IOException {
        return fromJson(program, file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    /** A name and its value as written; the name's position when the text has one. */
    record Given(String name, JsonValue.Position namePosition, JsonValue value) {}

    /** Where a point was written, which decides how a message is framed. */
    sealed interface Origin permits JsonFile, CommandLine {
        /**
         * A message about {@code name} (null: the point as a whole) at {@code at} (null: no
         * position).
         */
        String message(String name, JsonValue.Position at, String message);
    }

    record JsonFile(String file, JsonValue.Position start) implements Origin {
        public String message(String name, JsonValue.Position at, String message) {
            JsonValue.Position p = at == null ? start : at;
            return file + ":" + p.line() + ":" + p.column() + ": error: " + message;
        }
    }

    record CommandLine() implements Origin {
        public String message(String name, JsonValue.Position at, String message) {
            return "--at" + (name == null ? "" : " " + name) + ": " + message;
        }
    }

    /** A nested list's numbers, row-major, its lengths, and where each level's first list is. */
    record Flat(double[] data, int[] shape, JsonValue.Position[] levels) {}

    /** The numbers of {@code v}, which must be a number or a rectangular nested list of numbers. */
    static Flat flatten(String name, JsonValue v, Origin origin) {
        List<Integer> shape = new ArrayList<>();
        List<JsonValue.Position> levels = new ArrayList<>();
        JsonValue first = v;
        while (first instanceof JsonValue.Array a) {
            if (a.items().isEmpty()) {
                throw new PointException(
                        origin.message(
                                name,
                                a.position(),
                                label(name, shape.size())
                                        + " is an empty list, but every dimension has at least one"
                                        + " element"));
            }
            shape.add(a.items().size());
            levels.add(a.position());
            first = a.items().get(0);
        }
        int[] extents = shape.stream().mapToInt(Integer::intValue).toArray();
        long length = 1;
        for (int e : extents) {
            length *= e;
            if (length > Integer.MAX_VALUE - 8) {
                throw new PointException(
                        origin.message(name, v.position(), name + " has too many elements"));
            }
        }
        double[] data = new double[(int) length];
        new Flattener(name, origin, extents, data).fill(v, 0, new int[extents.length]);
        return new Flat(data, extents, levels.toArray(new JsonValue.Position[0]));
    }

    /** {@code W} (depth 0), {@code W[0]}, {@code W[0, 0]}: the first list at that depth. */
    private static String label(String name, int depth) {
        return depth == 0 ? name : name + "[" + String.join(", ", zeros(depth)) + "]";
    }

    private static List<String> zeros(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("0");
        }
        return out;
    }

    /** Copies a nested list's numbers in row-major order, checking that it is rectangular. */
    private static final class Flattener {
        private final String name;
        private final Origin origin;
        private final int[] shape;
        private final double[] data;
        private int next;

        Flattener(String name, Origin origin, int[] shape, double[] data) {
            this.name = name;
            this.origin = origin;
            this.shape = shape;
            this.data = data;
        }

        void fill(JsonValue v, int depth, int[] at) {
            if (depth == shape.length) {
                if (v instanceof JsonValue.Number n) {
                    data[next++] = n.value();
                    return;
                }
                throw error(
                        v,
                        at,
                        depth,
                        JsonValue.kind(v)
                                + (depth == 0
                                        ? ", not a number or a list"
                                        : ", but " + label(depth) + " is a number"));
            }
            if (!(v instanceof JsonValue.Array a)) {
                throw error(
                        v, at, depth, JsonValue.kind(v) + ", but " + label(depth) + " is a list");
            }
            if (a.items().size() != shape[depth]) {
                throw error(
                        v,
                        at,
                        depth,
                        "a list of "
                                + a.items().size()
                                + ", but "
                                + label(depth)
                                + " is a list of "
                                + shape[depth]
                                + " (a nested list must be rectangular)");
            }
            for (int i = 0; i < shape[depth]; i++) {
                at[depth] = i;
                fill(a.items().get(i), depth + 1, at);
            }
        }

        private String label(int depth) {
            return Points.label(name, depth);
        }

        private PointException error(JsonValue v, int[] at, int depth, String what) {
            StringBuilder here = new StringBuilder(name);
            if (depth > 0) {
                here.append('[');
                for (int d = 0; d < depth; d++) {
                    here.append(d == 0 ? "" : ", ").append(at[d]);
                }
                here.append(']');
            }
            return new PointException(origin.message(name, v.position(), here + " is " + what));
        }
    }

    /** A number as a user wrote it: {@code 3}, not {@code 3.0}. */
    static String plain(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15
                ? Long.toString((long) v)
                : Double.toString(v);
    }

    static String suggestion(String name, List<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        int limit = name.length() <= 3 ? 1 : 2;
        if (name.length() <= 64) {
            for (String k : known) {
                int d = EditDistance.between(name.toLowerCase(), k.toLowerCase());
                if (d <= limit && d < name.length() && d < k.length() && d < bestDistance) {
                    best = k;
                    bestDistance = d;
                }
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    /** Sizes and inputs for one program from the values given. */
    private static final class Binding {
        private final IndexedProgram program;
        private final Origin origin;
        private final Map<String, IndexedProgram.Size> sizes = new LinkedHashMap<>();
        private final Map<String, IndexedProgram.Array> inputs = new LinkedHashMap<>();

        /** Known sizes and how each is known ("as given", "from the length of x"). */
        private final Map<String, Long> known = new LinkedHashMap<>();

        private final Map<String, String> source = new LinkedHashMap<>();

        Binding(IndexedProgram program, Origin origin) {
            this.program = program;
            this.origin = origin;
            program.sizes().forEach(s -> sizes.put(s.name(), s));
            program.inputs().forEach(a -> inputs.put(a.name(), a));
        }

        IndexedPoint bind(List<Given> given) {
            for (IndexedProgram.Size s : program.sizes()) {
                if (s.fixed().isPresent()) {
                    known.put(s.name(), s.fixed().getAsLong());
                    source.put(s.name(), "fixed in the program");
                }
            }
            Map<String, Given> values = new LinkedHashMap<>();
            for (Given g : given) {
                if (values.containsKey(g.name()) || isGiven(g)) {
                    throw error(g, g.namePosition(), g.name() + " is given twice");
                }
                IndexedProgram.Size size = sizes.get(g.name());
                if (size != null) {
                    size(size, g);
                } else if (inputs.containsKey(g.name())) {
                    values.put(g.name(), g);
                } else {
                    throw error(g, g.namePosition(), unknown(g.name()));
                }
            }
            List<String> missing = new ArrayList<>();
            for (String input : inputs.keySet()) {
                if (!values.containsKey(input)) {
                    missing.add(input);
                }
            }
            if (!missing.isEmpty()) {
                throw new PointException(
                        origin.message(
                                null,
                                null,
                                "no value for input "
                                        + String.join(", ", missing)
                                        + " (every input needs one)"));
            }
            Map<String, Flat> flats = new LinkedHashMap<>();
            for (IndexedProgram.Array input : inputs.values()) {
                Given g = values.get(input.name());
                Flat f = flatten(input.name(), g.value(), origin);
                dimensions(input, f, g);
                flats.put(input.name(), f);
            }
            infer(flats);
            IndexedPoint.Builder point = IndexedPoint.builder();
            for (IndexedProgram.Size s : program.sizes()) {
                if (s.fixed().isEmpty()) {
                    Long v = known.get(s.name());
                    if (v == null) {
                        throw new PointException(
                                origin.message(
                                        null,
                                        null,
                                        "no value for size "
                                                + s.name()
                                                + ": give it ("
                                                + s.name()
                                                + "=3) or an input whose length it is"));
                    }
                    point.size(s.name(), v);
                }
            }
            for (IndexedProgram.Array input : inputs.values()) {
                check(input, flats.get(input.name()), values.get(input.name()));
                point.array(input.name(), flats.get(input.name()).data());
            }
            return point.build();
        }

        private boolean isGiven(Given g) {
            return "as given".equals(source.get(g.name()));
        }

        private void size(IndexedProgram.Size size, Given g) {
            if (!(g.value() instanceof JsonValue.Number n)) {
                throw error(
                        g,
                        g.value().position(),
                        "size "
                                + g.name()
                                + " must be a whole number, not "
                                + JsonValue.kind(g.value()));
            }
            double v = n.value();
            if (v != Math.rint(v) || v < 1 || v > Integer.MAX_VALUE) {
                throw error(
                        g,
                        n.position(),
                        "size "
                                + g.name()
                                + " must be a whole number from 1 to "
                                + Integer.MAX_VALUE
                                + ", not "
                                + plain(v));
            }
            long value = (long) v;
            if (size.fixed().isPresent()) {
                if (size.fixed().getAsLong() != value) {
                    throw error(
                            g,
                            n.position(),
                            "size "
                                    + g.name()
                                    + " is fixed to "
                                    + size.fixed().getAsLong()
                                    + " in the program, not "
                                    + value);
                }
                return;
            }
            known.put(g.name(), value);
            source.put(g.name(), "as given");
        }

        private String unknown(String name) {
            List<String> names = new ArrayList<>(inputs.keySet());
            names.addAll(sizes.keySet());
            for (IndexedProgram.Array a : program.arrays()) {
                if (a.name().equals(name)) {
                    return name
                            + " is computed by the program, not an input (inputs: "
                            + String.join(", ", inputs.keySet())
                            + ")";
                }
            }
            return "unknown name '"
                    + JsonReader.shorten(name)
                    + "'"
                    + suggestion(name, names)
                    + ": not an input or a size of the program (inputs: "
                    + String.join(", ", inputs.keySet())
                    + (sizes.isEmpty() ? "" : "; sizes: " + String.join(", ", sizes.keySet()))
                    + ")";
        }

        /** A scalar takes a number, an array of k dimensions a list nested k deep. */
        private void dimensions(IndexedProgram.Array input, Flat f, Given g) {
            int declared = input.extents().size();
            int written = f.shape().length;
            if (declared == written) {
                return;
            }
            String expected =
                    declared == 0
                            ? input.name() + " is a scalar, so it takes a number"
                            : declared(input)
                                    + " has "
                                    + dimensions(declared)
                                    + ", so it takes "
                                    + nesting(declared);
            throw error(
                    g,
                    g.value().position(),
                    expected + ", but was given " + (written == 0 ? "a number" : nesting(written)));
        }

        private static String dimensions(int n) {
            return n == 1 ? "1 dimension" : n + " dimensions";
        }

        private static String nesting(int depth) {
            return switch (depth) {
                case 1 -> "a list of numbers";
                case 2 -> "a list of lists of numbers";
                default -> "lists nested " + depth + " deep";
            };
        }

        /**
         * Sizes from the lengths of the arrays given: an extent with one unknown size ({@code n},
         * {@code n+1}, {@code 2*n}) gives it, until nothing more can be learned.
         */
        private void infer(Map<String, Flat> flats) {
            boolean progress = true;
            while (progress) {
                progress = false;
                for (IndexedProgram.Array input : inputs.values()) {
                    Flat f = flats.get(input.name());
                    for (int d = 0; d < f.shape().length; d++) {
                        Affine rest = input.extents().get(d).substitute(known);
                        if (rest.terms().size() != 1) {
                            continue;
                        }
                        Map.Entry<String, Long> only = rest.terms().entrySet().iterator().next();
                        long length = f.shape()[d];
                        long c = only.getValue();
                        long numerator = length - rest.constant();
                        if (numerator % c != 0 || numerator / c < 1) {
                            throw error(
                                    input.name(),
                                    f.levels()[d],
                                    what(input, d)
                                            + " has length "
                                            + length
                                            + ", which no "
                                            + only.getKey()
                                            + " >= 1 gives to "
                                            + declared(input)
                                            + sources(input.extents().get(d)));
                        }
                        known.put(only.getKey(), numerator / c);
                        source.put(
                                only.getKey(),
                                "from the length of "
                                        + (f.shape().length == 1
                                                ? input.name()
                                                : "dimension " + (d + 1) + " of " + input.name()));
                        progress = true;
                    }
                }
            }
        }

        /** Every dimension's length is its extent's value at the sizes now known. */
        private void check(IndexedProgram.Array input, Flat f, Given g) {
            for (int d = 0; d < f.shape().length; d++) {
                Affine extent = input.extents().get(d);
                long expected = Shapes.value(extent, known, input.name() + "'s extent " + extent);
                if (expected != f.shape()[d]) {
                    throw error(
                            input.name(),
                            f.levels()[d],
                            what(input, d)
                                    + " has length "
                                    + f.shape()[d]
                                    + ", but "
                                    + declared(input)
                                    + " needs "
                                    + expected
                                    + (f.shape().length == 1 ? "" : " there")
                                    + sources(extent));
                }
            }
        }

        private static String what(IndexedProgram.Array input, int d) {
            return input.extents().size() == 1
                    ? input.name()
                    : input.name() + "'s dimension " + (d + 1);
        }

        private static String declared(IndexedProgram.Array input) {
            return input.name() + Access.subscripts(input.extents());
        }

        /** {@code (n = 3 from the length of x)}, for the sizes an extent mentions. */
        private String sources(Affine extent) {
            List<String> parts = new ArrayList<>();
            for (String s : extent.terms().keySet()) {
                if (known.containsKey(s)) {
                    parts.add(s + " = " + known.get(s) + " " + source.get(s));
                }
            }
            return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
        }

        private PointException error(Given g, JsonValue.Position at, String message) {
            return error(g.name(), at, message);
        }

        private PointException error(String name, JsonValue.Position at, String message) {
            return new PointException(origin.message(name, at, message));
        }
    }
}
