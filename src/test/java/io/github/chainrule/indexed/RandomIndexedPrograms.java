package io.github.chainrule.indexed;

import io.github.chainrule.indexed.UnrolledModel.Arr;
import io.github.chainrule.indexed.UnrolledModel.Bin;
import io.github.chainrule.indexed.UnrolledModel.Binder;
import io.github.chainrule.indexed.UnrolledModel.Call;
import io.github.chainrule.indexed.UnrolledModel.Cond;
import io.github.chainrule.indexed.UnrolledModel.Elem;
import io.github.chainrule.indexed.UnrolledModel.Ex;
import io.github.chainrule.indexed.UnrolledModel.IndexValue;
import io.github.chainrule.indexed.UnrolledModel.Lin;
import io.github.chainrule.indexed.UnrolledModel.Num;
import io.github.chainrule.indexed.UnrolledModel.Red;
import io.github.chainrule.indexed.UnrolledModel.Ref;
import io.github.chainrule.indexed.UnrolledModel.Size;
import io.github.chainrule.indexed.UnrolledModel.SizeValue;
import io.github.chainrule.indexed.UnrolledModel.Stmt;
import io.github.chainrule.indexed.UnrolledModel.Un;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random indexed programs that pass the checks by construction: sizes 1 to 4 (given with the point
 * or fixed), arrays of one or two dimensions, elementwise statements, sums, maxima and minima over
 * one or two binders (the second may depend on the first: {@code j in i+1..n}, {@code j in
 * 0..i+1}), offsets with the ranges that keep them inside ({@code x[i+1]} for {@code i in 0..n-1}),
 * ranges written or left to inference, recurrences and piecewise definitions ({@code r[0] = …},
 * {@code r[t] = … r[t-1] … for t in 1..n}), functions of the user's, and conditions on indices
 * ({@code if(i == j, …)}). Every index ranges inside one size and indexes only dimensions of that
 * size (or of a fixed size of the same value), so every access is provably inside; a max or min
 * never runs over an empty range.
 */
final class RandomIndexedPrograms {
    private static final String[] UNARY = {
        "sin(%s)",
        "cos(%s)",
        "tanh(%s)",
        "atan(%s)",
        "sigmoid(%s)",
        "softplus(%s)",
        "log(1 + (%s)^2)",
        "sqrt(1 + (%s)^2)",
        "(%s)^2",
        "exp(0.3*tanh(%s))",
        "(-%s)",
    };

    private static final String[] BINARY = {"+", "-", "*", "*", "max", "min"};

    private static final String[] FUNCTIONS = {
        "f0(u, v) = u * tanh(v) + 0.5 * v", "f1(u) = sin(u) + u^2 / 4",
    };

    /** An index in scope: the size whose {@code 0..size} holds its range, and the range. */
    private record Index(String name, String size, Lin lo, Lin hi) {
        /** The offsets {@code name+k} that stay inside {@code 0..size}. */
        List<Long> offsets() {
            List<Long> out = new ArrayList<>(List.of(0L));
            if (hi.equals(new Lin(size, -1)) && lo.var() == null) {
                out.add(1L);
            }
            if (lo.equals(Lin.of(1))) {
                out.add(-1L);
            }
            return out;
        }
    }

    private final Random r;
    private final List<Size> sizes = new ArrayList<>();
    private final Map<String, Size> sizeByName = new LinkedHashMap<>();
    private final Map<String, Arr> arrays = new LinkedHashMap<>();

    /** What expressions may read: the inputs and what was assigned before. */
    private final List<Arr> readable = new ArrayList<>();

    private final List<String> functions = new ArrayList<>();
    private int nextIndex;

    private RandomIndexedPrograms(Random r) {
        this.r = r;
    }

    static UnrolledModel.Program generate(Random r) {
        return new RandomIndexedPrograms(r).program();
    }

    private UnrolledModel.Program program() {
        int sizeCount = 1 + r.nextInt(3);
        for (int k = 0; k < sizeCount; k++) {
            Size s = new Size("n" + k, r.nextInt(3) == 0, 1 + r.nextInt(4));
            sizes.add(s);
            sizeByName.put(s.name(), s);
        }
        for (String f : FUNCTIONS) {
            if (r.nextBoolean()) {
                functions.add(f);
            }
        }
        List<Arr> inputs = new ArrayList<>();
        inputs.add(new Arr("s0", List.of()));
        if (r.nextBoolean()) {
            inputs.add(new Arr("s1", List.of()));
        }
        int arrayCount = 1 + r.nextInt(3);
        for (int k = 0; k < arrayCount; k++) {
            inputs.add(
                    r.nextInt(3) == 0
                            ? new Arr("W" + k, List.of(randomSize(), randomSize()))
                            : new Arr("x" + k, List.of(randomSize())));
        }
        inputs.forEach(this::declare);
        List<Stmt> statements = new ArrayList<>();
        List<String> assigned = new ArrayList<>();
        int count = 1 + r.nextInt(3);
        for (int k = 0; k < count; k++) {
            int kind = r.nextInt(4);
            String name = kind == 3 ? "r" + k : (kind == 2 ? "c" + k : "a" + k);
            switch (kind) {
                case 0, 1 -> statements.add(elementwise(name));
                case 2 -> {
                    statements.add(new Stmt(name, List.of(), List.of(), expr(List.of(), 3)));
                    arrays.put(name, new Arr(name, List.of()));
                }
                default -> statements.addAll(recurrence(name));
            }
            declare(arrays.get(name));
            assigned.add(name);
        }
        statements.add(new Stmt("L", List.of(), List.of(), loss(assigned)));
        arrays.put("L", new Arr("L", List.of()));
        List<String> wrt = new ArrayList<>();
        for (Arr a : inputs) {
            if (r.nextInt(4) != 0) {
                wrt.add(a.name());
            }
        }
        if (wrt.isEmpty()) {
            wrt.add(inputs.get(inputs.size() - 1).name());
        }
        List<String> outputs = new ArrayList<>(List.of("L"));
        if (r.nextInt(3) == 0) {
            outputs.add(assigned.get(r.nextInt(assigned.size())));
        }
        return new UnrolledModel.Program(
                List.copyOf(sizes),
                List.copyOf(functions),
                List.copyOf(inputs),
                List.copyOf(wrt),
                List.copyOf(outputs),
                List.copyOf(statements),
                Map.copyOf(arrays));
    }

    private void declare(Arr a) {
        arrays.put(a.name(), a);
        readable.add(a);
    }

    private String randomSize() {
        return sizes.get(r.nextInt(sizes.size())).name();
    }

    private String index() {
        return "i" + nextIndex++;
    }

    /** {@code a[i] = …} or {@code A[i, j] = …} over whole sizes, ranges written or inferred. */
    private Stmt elementwise(String name) {
        int rank = 1 + r.nextInt(2);
        List<Index> scope = new ArrayList<>();
        List<Lin> lhs = new ArrayList<>();
        List<String> dims = new ArrayList<>();
        for (int d = 0; d < rank; d++) {
            String size = randomSize();
            Index i = new Index(index(), size, Lin.of(0), Lin.var(size));
            scope.add(i);
            lhs.add(Lin.var(i.name()));
            dims.add(size);
        }
        // each index read directly at least once, so that its range may be inferred
        Ex body = expr(scope, 2);
        for (Index i : scope) {
            body = new Bin(r.nextBoolean() ? "+" : "*", read(scope, i), body);
        }
        List<Binder> ranges = new ArrayList<>();
        for (Index i : scope) {
            ranges.add(
                    new Binder(
                            i.name(),
                            i.lo(),
                            i.hi(),
                            !readsDirectly(body, i.name()) || r.nextBoolean()));
        }
        arrays.put(name, new Arr(name, dims));
        return new Stmt(name, lhs, ranges, body);
    }

    /**
     * {@code r[0] = …} and {@code r[t] = … r[t-1] … for t in 1..n}, or the same with a second
     * dimension over {@code j} ({@code S[0, j]}, {@code S[t, j] … S[t-1, j]}).
     */
    private List<Stmt> recurrence(String name) {
        String size = randomSize();
        boolean twoD = r.nextInt(3) == 0;
        List<String> dims = new ArrayList<>(List.of(size));
        Index j = null;
        if (twoD) {
            String other = randomSize();
            dims.add(other);
            j = new Index(index(), other, Lin.of(0), Lin.var(other));
        }
        List<Index> firstScope = twoD ? List.of(j) : List.of();
        List<Lin> firstLhs = new ArrayList<>(List.of(Lin.of(0)));
        List<Binder> firstRanges = new ArrayList<>();
        if (twoD) {
            firstLhs.add(Lin.var(j.name()));
            firstRanges.add(new Binder(j.name(), j.lo(), j.hi(), true));
        }
        Stmt first = new Stmt(name, firstLhs, firstRanges, expr(firstScope, 2));
        Index t = new Index(index(), size, Lin.of(1), Lin.var(size));
        List<Index> scope = new ArrayList<>(List.of(t));
        List<Lin> lhs = new ArrayList<>(List.of(Lin.var(t.name())));
        List<Lin> previous = new ArrayList<>(List.of(new Lin(t.name(), -1)));
        List<Binder> ranges = new ArrayList<>(List.of(new Binder(t.name(), t.lo(), t.hi(), true)));
        if (twoD) {
            scope.add(j);
            lhs.add(Lin.var(j.name()));
            previous.add(Lin.var(j.name()));
            ranges.add(new Binder(j.name(), j.lo(), j.hi(), true));
        }
        Ex earlier = new Elem(name, previous);
        Ex step =
                functions.contains(FUNCTIONS[0]) && r.nextBoolean()
                        ? new Call("f0", List.of(earlier, expr(scope, 2)))
                        : new Bin(
                                "+",
                                new Bin("*", new Num(0.5), earlier),
                                new Un("tanh(%s)", expr(scope, 2)));
        arrays.put(name, new Arr(name, dims));
        return List.of(first, new Stmt(name, lhs, ranges, step));
    }

    /** The loss: a sum of terms, one per assigned name, each reading all of it. */
    private Ex loss(List<String> assigned) {
        Ex total = null;
        for (String name : assigned) {
            Arr a = arrays.get(name);
            Ex term;
            if (a.dims().isEmpty()) {
                term = new Bin("*", new Ref(name), expr(List.of(), 1));
            } else {
                List<Index> scope = new ArrayList<>();
                List<Binder> binders = new ArrayList<>();
                List<Lin> subs = new ArrayList<>();
                for (String size : a.dims()) {
                    Index i = new Index(index(), size, Lin.of(0), Lin.var(size));
                    scope.add(i);
                    binders.add(new Binder(i.name(), i.lo(), i.hi(), r.nextBoolean()));
                    subs.add(Lin.var(i.name()));
                }
                Ex body = new Bin("*", new Elem(name, subs), expr(scope, 1));
                term = new Red(r.nextInt(3) == 0 ? "max" : "sum", binders, body);
            }
            total = total == null ? term : new Bin("+", total, term);
        }
        return total;
    }

    /** A random expression with {@code scope} in scope. */
    private Ex expr(List<Index> scope, int depth) {
        if (depth == 0 || r.nextInt(5) == 0) {
            return leaf(scope);
        }
        int choice = r.nextInt(10);
        if (choice < 3) {
            return new Un(UNARY[r.nextInt(UNARY.length)], expr(scope, depth - 1));
        }
        if (choice < 6) {
            return new Bin(
                    BINARY[r.nextInt(BINARY.length)],
                    expr(scope, depth - 1),
                    expr(scope, depth - 1));
        }
        if (choice < 8) {
            return reduction(scope, depth);
        }
        if (choice == 8 && !functions.isEmpty()) {
            String f = functions.get(r.nextInt(functions.size()));
            return f.startsWith("f0")
                    ? new Call("f0", List.of(expr(scope, depth - 1), expr(scope, depth - 1)))
                    : new Call("f1", List.of(expr(scope, depth - 1)));
        }
        if (!scope.isEmpty()) {
            Index a = scope.get(r.nextInt(scope.size()));
            Lin right =
                    r.nextBoolean()
                            ? Lin.var(scope.get(r.nextInt(scope.size())).name())
                            : Lin.of(r.nextInt(3));
            String cmp = new String[] {"==", "!=", "<", ">="}[r.nextInt(4)];
            return new Cond(
                    Lin.var(a.name()), cmp, right, expr(scope, depth - 1), expr(scope, depth - 1));
        }
        return leaf(scope);
    }

    /**
     * A sum, max or min over one binder, or two where the second may depend on the first; the body
     * reads each binder at least once.
     */
    private Ex reduction(List<Index> scope, int depth) {
        String op = r.nextInt(5) < 3 ? "sum" : (r.nextBoolean() ? "max" : "min");
        boolean sum = op.equals("sum");
        String size = randomSize();
        Lin lo = Lin.of(0);
        Lin hi = Lin.var(size);
        int shape = sum ? r.nextInt(4) : 0;
        if (shape == 1) {
            hi = new Lin(size, -1); // i in 0..n-1, for x[i+1]
        } else if (shape == 2) {
            lo = Lin.of(1); // i in 1..n, for x[i-1]
        }
        Index first = new Index(index(), size, lo, hi);
        List<Index> inner = new ArrayList<>(scope);
        inner.add(first);
        List<Index> own = new ArrayList<>(List.of(first));
        if (r.nextBoolean()) {
            Index second;
            boolean whole = lo.equals(Lin.of(0)) && hi.equals(Lin.var(size));
            if (whole && r.nextBoolean()) {
                // a range that depends on the first binder: j in i+1..n (a sum: may be empty)
                // or j in 0..i+1 (never empty)
                second =
                        sum && r.nextBoolean()
                                ? new Index(index(), size, new Lin(first.name(), 1), hi)
                                : new Index(index(), size, Lin.of(0), new Lin(first.name(), 1));
            } else {
                String size2 = randomSize();
                second = new Index(index(), size2, Lin.of(0), Lin.var(size2));
            }
            inner.add(second);
            own.add(second);
        }
        Ex body = expr(inner, depth - 1);
        for (Index i : own) {
            body = new Bin(r.nextBoolean() ? "+" : "*", read(inner, i), body);
        }
        List<Binder> binders = new ArrayList<>();
        for (Index i : own) {
            boolean whole = i.lo().equals(Lin.of(0)) && i.hi().equals(Lin.var(i.size()));
            binders.add(
                    new Binder(
                            i.name(),
                            i.lo(),
                            i.hi(),
                            !whole || !readsDirectly(body, i.name()) || r.nextBoolean()));
        }
        return new Red(op, binders, body);
    }

    /** A read of an array with a dimension that {@code i} may index, by {@code i} itself. */
    private Ex read(List<Index> scope, Index i) {
        List<Arr> fits = new ArrayList<>();
        for (Arr a : readable) {
            if (a.dims().stream().anyMatch(d -> fits(d, i.size()))) {
                fits.add(a);
            }
        }
        if (fits.isEmpty()) {
            return new Bin("*", new IndexValue(i.name()), leaf(scope));
        }
        Arr a = fits.get(r.nextInt(fits.size()));
        List<Lin> subs = new ArrayList<>();
        boolean used = false;
        for (String d : a.dims()) {
            if (!used && fits(d, i.size())) {
                // bare where the range is a whole size (a direct read, which range inference
                // sees), else perhaps with an offset the range allows (x[i+1] for i in 0..n-1)
                List<Long> offsets = i.offsets();
                subs.add(new Lin(i.name(), offsets.get(r.nextInt(offsets.size()))));
                used = true;
            } else {
                subs.add(subscript(scope, d));
            }
        }
        return new Elem(a.name(), subs);
    }

    private Ex leaf(List<Index> scope) {
        int choice = r.nextInt(10);
        if (choice < 5) {
            List<Arr> withDims = readable.stream().filter(a -> !a.dims().isEmpty()).toList();
            if (!withDims.isEmpty()) {
                Arr a = withDims.get(r.nextInt(withDims.size()));
                List<Lin> subs = new ArrayList<>();
                a.dims().forEach(d -> subs.add(subscript(scope, d)));
                return new Elem(a.name(), subs);
            }
        }
        if (choice < 7) {
            List<Arr> scalars = readable.stream().filter(a -> a.dims().isEmpty()).toList();
            return new Ref(scalars.get(r.nextInt(scalars.size())).name());
        }
        if (choice == 7 && !scope.isEmpty()) {
            return new IndexValue(scope.get(r.nextInt(scope.size())).name());
        }
        if (choice == 8) {
            return new SizeValue(randomSize());
        }
        return new Num(new double[] {0.5, 1.5, 2, 0.25, 3}[r.nextInt(5)]);
    }

    /**
     * A subscript for a dimension of size {@code d}: an index of that size in scope with an offset
     * its range allows, else {@code 0} or {@code d-1}.
     */
    private Lin subscript(List<Index> scope, String d) {
        List<Index> candidates = scope.stream().filter(i -> fits(d, i.size())).toList();
        if (!candidates.isEmpty() && r.nextInt(5) != 0) {
            Index i = candidates.get(r.nextInt(candidates.size()));
            List<Long> offsets = i.offsets();
            return new Lin(i.name(), offsets.get(r.nextInt(offsets.size())));
        }
        return r.nextBoolean() ? Lin.of(0) : new Lin(d, -1);
    }

    /** Whether {@code e} reads an array with {@code index} itself as a subscript ({@code x[i]}). */
    private static boolean readsDirectly(Ex e, String index) {
        if (e instanceof Elem x) {
            return x.subscripts().contains(Lin.var(index));
        } else if (e instanceof Un u) {
            return readsDirectly(u.arg(), index);
        } else if (e instanceof Bin b) {
            return readsDirectly(b.a(), index) || readsDirectly(b.b(), index);
        } else if (e instanceof Call c) {
            return c.args().stream().anyMatch(a -> readsDirectly(a, index));
        } else if (e instanceof Red d) {
            return readsDirectly(d.body(), index);
        } else if (e instanceof Cond c) {
            return readsDirectly(c.then(), index) || readsDirectly(c.otherwise(), index);
        }
        return false;
    }

    /** Whether an index over {@code 0..size} may index a dimension of size {@code dim}. */
    private boolean fits(String dim, String size) {
        if (dim.equals(size)) {
            return true;
        }
        Size a = sizeByName.get(dim);
        Size b = sizeByName.get(size);
        return a.fixed() && b.fixed() && a.value() == b.value();
    }
}
