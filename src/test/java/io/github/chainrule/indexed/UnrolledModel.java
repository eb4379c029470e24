package io.github.chainrule.indexed;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A small indexed program as a test builds it ({@link RandomIndexedPrograms}), printed two ways: as
 * the indexed program it is ({@link #indexedText}), and unrolled into the scalar program it means
 * ({@link #scalarText}): one scalar input per array element ({@code x_3}, {@code W_1_2}), one
 * statement per element, each reduction written out (a sum as {@code (t0 + t1 + t2)}, {@code 0}
 * when empty; a max or min as a left fold of the two-argument {@code max(a, b)}, which keeps the
 * first of equal values as the reduction does), each index condition decided, each index and size
 * used as a value written as its number. The unrolled program is the oracle: the scalar pipeline
 * evaluates and differentiates it independently of the indexed one.
 */
final class UnrolledModel {
    private UnrolledModel() {}

    /** {@code dim name} (given with the point) or {@code dim name = value}. */
    record Size(String name, boolean fixed, int value) {}

    /** An input or an assigned name: its dimensions are sizes' names (none for a scalar). */
    record Arr(String name, List<String> dims) {}

    /** {@code var + c}, or the constant {@code c} when {@code var} is null. */
    record Lin(String var, long c) {
        static Lin of(long c) {
            return new Lin(null, c);
        }

        static Lin var(String v) {
            return new Lin(v, 0);
        }

        long value(Map<String, Long> env) {
            return (var == null ? 0 : env.get(var)) + c;
        }

        @Override
        public String toString() {
            if (var == null) {
                return Long.toString(c);
            }
            return c == 0 ? var : var + (c > 0 ? "+" : "-") + Math.abs(c);
        }
    }

    /** An index and its half-open range; {@code written} false: left to range inference. */
    record Binder(String index, Lin lo, Lin hi, boolean written) {}

    sealed interface Ex permits Num, Ref, Elem, IndexValue, SizeValue, Un, Bin, Call, Red, Cond {}

    record Num(double value) implements Ex {}

    /** A scalar input or a scalar assigned earlier. */
    record Ref(String name) implements Ex {}

    record Elem(String array, List<Lin> subscripts) implements Ex {}

    record IndexValue(String index) implements Ex {}

    record SizeValue(String size) implements Ex {}

    /** A template with one {@code %s}: {@code tanh(%s)}. */
    record Un(String template, Ex arg) implements Ex {}

    /** {@code (a op b)} for + - *, or {@code max}/{@code min} of two. */
    record Bin(String op, Ex a, Ex b) implements Ex {}

    record Call(String function, List<Ex> args) implements Ex {}

    record Red(String op, List<Binder> binders, Ex body) implements Ex {}

    /** {@code if(left cmp right, then, otherwise)} over indices and integers. */
    record Cond(Lin left, String cmp, Lin right, Ex then, Ex otherwise) implements Ex {}

    /**
     * One statement: {@code target[lhs] = body} over {@code ranges} (one per index on the left, in
     * left-hand order); a left-hand entry is an index ({@code Lin.var}) or a constant.
     */
    record Stmt(String target, List<Lin> lhs, List<Binder> ranges, Ex body) {}

    record Program(
            List<Size> sizes,
            List<String> functions,
            List<Arr> inputs,
            List<String> wrt,
            List<String> outputs,
            List<Stmt> statements,
            Map<String, Arr> arrays) {

        /** The value of every size: fixed ones as fixed, the others as given. */
        Map<String, Long> sizeValues() {
            Map<String, Long> out = new LinkedHashMap<>();
            sizes.forEach(s -> out.put(s.name(), (long) s.value()));
            return out;
        }

        String indexedText() {
            StringBuilder out = new StringBuilder();
            List<String> dims = new ArrayList<>();
            for (Size s : sizes) {
                dims.add(s.fixed() ? s.name() + " = " + s.value() : s.name());
            }
            out.append("dim ").append(String.join(", ", dims)).append('\n');
            functions.forEach(f -> out.append(f).append('\n'));
            List<String> in = new ArrayList<>();
            for (Arr a : inputs) {
                in.add(a.dims().isEmpty() ? a.name() : a.name() + "[" + joined(a.dims()) + "]");
            }
            out.append("input ").append(String.join(", ", in)).append('\n');
            out.append("wrt ").append(String.join(", ", wrt)).append('\n');
            out.append("output ").append(String.join(", ", outputs)).append('\n');
            for (Stmt s : statements) {
                out.append(s.target());
                if (!s.lhs().isEmpty()) {
                    out.append('[').append(joined(s.lhs())).append(']');
                }
                out.append(" = ").append(indexed(s.body()));
                List<String> ranges = new ArrayList<>();
                for (Binder b : s.ranges()) {
                    if (b.written()) {
                        ranges.add(b.index() + " in " + b.lo() + ".." + b.hi());
                    }
                }
                if (!ranges.isEmpty()) {
                    out.append(" for ").append(String.join(", ", ranges));
                }
                out.append('\n');
            }
            return out.toString();
        }

        String scalarText() {
            Map<String, Long> env = sizeValues();
            StringBuilder out = new StringBuilder();
            functions.forEach(f -> out.append(f).append('\n'));
            List<String> in = new ArrayList<>();
            inputs.forEach(a -> in.addAll(elements(a, env)));
            out.append("input ").append(String.join(", ", in)).append('\n');
            List<String> w = new ArrayList<>();
            wrt.forEach(n -> w.addAll(elements(arrays.get(n), env)));
            out.append("wrt ").append(String.join(", ", w)).append('\n');
            List<String> o = new ArrayList<>();
            outputs.forEach(n -> o.addAll(elements(arrays.get(n), env)));
            out.append("output ").append(String.join(", ", o)).append('\n');
            for (Stmt s : statements) {
                Map<String, Long> at = new LinkedHashMap<>(env);
                points(
                        s.ranges(),
                        0,
                        at,
                        point -> {
                            List<Long> subs = new ArrayList<>();
                            s.lhs().forEach(l -> subs.add(l.value(point)));
                            out.append(element(s.target(), subs))
                                    .append(" = ")
                                    .append(scalar(s.body(), point))
                                    .append('\n');
                        });
            }
            return out.toString();
        }
    }

    /** The scalar name of an element: {@code x_3}, {@code W_1_2}; a scalar's own name. */
    static String element(String array, List<Long> subscripts) {
        StringBuilder out = new StringBuilder(array);
        subscripts.forEach(s -> out.append('_').append(s));
        return out.toString();
    }

    /** Every element's scalar name, row-major. */
    static List<String> elements(Arr a, Map<String, Long> sizes) {
        List<String> out = new ArrayList<>();
        List<Binder> all = new ArrayList<>();
        for (int d = 0; d < a.dims().size(); d++) {
            all.add(new Binder("#" + d, Lin.of(0), Lin.var(a.dims().get(d)), true));
        }
        points(
                all,
                0,
                new LinkedHashMap<>(sizes),
                point -> {
                    List<Long> subs = new ArrayList<>();
                    for (int d = 0; d < all.size(); d++) {
                        subs.add(point.get("#" + d));
                    }
                    out.add(element(a.name(), subs));
                });
        return out;
    }

    /** Calls {@code visit} at every point of {@code binders[k..]}, row-major, in {@code env}. */
    static void points(
            List<Binder> binders, int k, Map<String, Long> env, Consumer<Map<String, Long>> visit) {
        if (k == binders.size()) {
            visit.accept(env);
            return;
        }
        Binder b = binders.get(k);
        long lo = b.lo().value(env);
        long hi = b.hi().value(env);
        for (long i = lo; i < hi; i++) {
            env.put(b.index(), i);
            points(binders, k + 1, env, visit);
        }
        env.remove(b.index());
    }

    static String joined(List<?> parts) {
        List<String> s = new ArrayList<>();
        parts.forEach(p -> s.add(p.toString()));
        return String.join(", ", s);
    }

    static String indexed(Ex e) {
        if (e instanceof Num n) {
            return number(n.value());
        } else if (e instanceof Ref r) {
            return r.name();
        } else if (e instanceof Elem x) {
            return x.array() + "[" + joined(x.subscripts()) + "]";
        } else if (e instanceof IndexValue i) {
            return i.index();
        } else if (e instanceof SizeValue s) {
            return s.size();
        } else if (e instanceof Un u) {
            return String.format(u.template(), indexed(u.arg()));
        } else if (e instanceof Bin b) {
            return binary(b.op(), indexed(b.a()), indexed(b.b()));
        } else if (e instanceof Call c) {
            List<String> args = new ArrayList<>();
            c.args().forEach(x -> args.add(indexed(x)));
            return c.function() + "(" + String.join(", ", args) + ")";
        } else if (e instanceof Red r) {
            List<String> binders = new ArrayList<>();
            for (Binder b : r.binders()) {
                binders.add(b.written() ? b.index() + " in " + b.lo() + ".." + b.hi() : b.index());
            }
            return r.op() + "(" + indexed(r.body()) + " for " + String.join(", ", binders) + ")";
        } else if (e instanceof Cond c) {
            return "if("
                    + c.left()
                    + " "
                    + c.cmp()
                    + " "
                    + c.right()
                    + ", "
                    + indexed(c.then())
                    + ", "
                    + indexed(c.otherwise())
                    + ")";
        }
        throw new AssertionError(e);
    }

    static String scalar(Ex e, Map<String, Long> env) {
        if (e instanceof Num n) {
            return number(n.value());
        } else if (e instanceof Ref r) {
            return r.name();
        } else if (e instanceof Elem x) {
            List<Long> subs = new ArrayList<>();
            x.subscripts().forEach(s -> subs.add(s.value(env)));
            return element(x.array(), subs);
        } else if (e instanceof IndexValue i) {
            return Long.toString(env.get(i.index()));
        } else if (e instanceof SizeValue s) {
            return Long.toString(env.get(s.size()));
        } else if (e instanceof Un u) {
            return String.format(u.template(), scalar(u.arg(), env));
        } else if (e instanceof Bin b) {
            return binary(b.op(), scalar(b.a(), env), scalar(b.b(), env));
        } else if (e instanceof Call c) {
            List<String> args = new ArrayList<>();
            c.args().forEach(x -> args.add(scalar(x, env)));
            return c.function() + "(" + String.join(", ", args) + ")";
        } else if (e instanceof Red r) {
            List<String> terms = new ArrayList<>();
            Map<String, Long> inner = new LinkedHashMap<>(env);
            points(r.binders(), 0, inner, point -> terms.add(scalar(r.body(), point)));
            if (terms.isEmpty()) {
                if (!r.op().equals("sum")) {
                    throw new AssertionError("the generator makes no empty max or min");
                }
                return "0"; // an empty sum
            }
            if (r.op().equals("sum")) {
                return "(" + String.join(" + ", terms) + ")";
            }
            String fold = terms.get(0);
            for (int k = 1; k < terms.size(); k++) {
                fold = r.op() + "(" + fold + ", " + terms.get(k) + ")";
            }
            return "(" + fold + ")";
        } else if (e instanceof Cond c) {
            return holds(c.left().value(env), c.cmp(), c.right().value(env))
                    ? scalar(c.then(), env)
                    : scalar(c.otherwise(), env);
        }
        throw new AssertionError(e);
    }

    private static boolean holds(long a, String cmp, long b) {
        return switch (cmp) {
            case "==" -> a == b;
            case "!=" -> a != b;
            case "<" -> a < b;
            case ">=" -> a >= b;
            default -> throw new AssertionError(cmp);
        };
    }

    private static String binary(String op, String a, String b) {
        return switch (op) {
            case "max", "min" -> op + "(" + a + ", " + b + ")";
            default -> "(" + a + " " + op + " " + b + ")";
        };
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
