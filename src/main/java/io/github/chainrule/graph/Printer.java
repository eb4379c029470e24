package io.github.chainrule.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Infix text with the fewest parentheses that keep the meaning, written with an explicit stack (a
 * derivative can be as deep as the program). Nodes in {@code names} print as those names.
 */
public final class Printer {
    /**
     * How many nodes one sum or product looks through for display; past that, the rest print
     * nested.
     */
    private static final int FLATTEN_FOR_DISPLAY = 64;

    private static final int OR = 1,
            AND = 2,
            NOT = 3,
            COMPARE = 4,
            SUM = 5,
            PRODUCT = 6,
            NEG = 7,
            POWER = 8,
            ATOM = 9;

    private final Map<Integer, String> names;

    /**
     * The rank of the factors that lead a product, by node id (lower first); factors without a rank
     * follow in the order they were built.
     */
    private final Map<Integer, Integer> order;

    public Printer(Map<Integer, String> names) {
        this(names, Map.of());
    }

    /**
     * With {@code order}, every product prints its ranked factors first, by rank, whatever order
     * the graph built them in: {@code w11*x1} and {@code x1*w21} both print inputs first, when
     * {@code order} ranks the inputs as declared.
     */
    public Printer(Map<Integer, String> names, Map<Integer, Integer> order) {
        this.names = names;
        this.order = order;
    }

    public static String print(Node n) {
        return new Printer(Map.of()).toText(n);
    }

    private record Item(Node node, int minLevel, boolean negated) {
        Item(Node node, int minLevel) {
            this(node, minLevel, false);
        }
    }

    public String toText(Node root) {
        return toText(root, 0, Long.MAX_VALUE);
    }

    /** As a factor of a product: in parentheses if it is a sum or starts with a minus. */
    public String factor(Node n) {
        int lv = level(n);
        String text = toText(n);
        return lv < PRODUCT || lv == NEG ? "(" + text + ")" : text;
    }

    /**
     * The text, or null when it would be longer than {@code maxChars} (a DAG can print
     * exponentially long).
     */
    public String toText(Node root, int minLevel, long maxChars) {
        return write(root, minLevel, maxChars, false);
    }

    /**
     * The first {@code maxChars} characters of the text, or all of it when shorter: the start of a
     * long expression.
     */
    public String prefix(Node root, int maxChars) {
        String text = write(root, 0, maxChars, true);
        return text.length() > maxChars ? text.substring(0, maxChars) : text;
    }

    private String write(Node root, int minLevel, long maxChars, boolean keepPrefix) {
        StringBuilder out = new StringBuilder();
        Deque<Object> work = new ArrayDeque<>();
        work.push(new Item(root, minLevel));
        while (!work.isEmpty()) {
            if (out.length() > maxChars) {
                return keepPrefix ? out.toString() : null;
            }
            Object next = work.pop();
            if (next instanceof String s) {
                out.append(s);
                continue;
            }
            if (next instanceof OnePlusSquare o) {
                out.append("1 + ");
                work.push("^2");
                work.push(new Item(o.u(), ATOM));
                continue;
            }
            Item item = (Item) next;
            Node n = item.node();
            if (item.negated()) {
                out.append('(');
                work.push(")");
                expandSum((Node.Sum) n, work, -1);
                continue;
            }
            String name = names.get(n.id());
            if (name != null) {
                out.append(name);
                continue;
            }
            boolean parens = level(n) < item.minLevel();
            if (parens) {
                out.append('(');
                work.push(")");
            }
            expand(n, out, work);
        }
        return out.toString();
    }

    /**
     * Levels by node id: a printer prints many labels of one graph, and a product's level looks
     * through it.
     */
    private final Map<Integer, Integer> levels = new java.util.HashMap<>();

    private int level(Node n) {
        Integer known = levels.get(n.id());
        if (known != null) {
            return known;
        }
        int level = computeLevel(n);
        levels.put(n.id(), level);
        return level;
    }

    private int computeLevel(Node n) {
        if (names.containsKey(n.id())) {
            return ATOM;
        }
        if (n instanceof Node.Const c) {
            return c.value() < 0 ? NEG : ATOM;
        } else if (n instanceof Node.Sum) {
            return SUM;
        } else if (isProduct(n)) {
            Factors f = factors(n, 1);
            if (f.coefficient < 0) {
                return NEG;
            }
            boolean power =
                    f.list.size() == 1 && f.list.get(0).exponent() > 1 && f.coefficient == 1;
            return power ? POWER : PRODUCT;
        } else if (n instanceof Node.Power) {
            return POWER;
        } else if (isOneMinus(n)) {
            return SUM;
        } else if (n instanceof Node.Compare) {
            return COMPARE;
        } else if (n instanceof Node.Logic l) {
            return switch (l.op()) {
                case AND -> AND;
                case OR -> OR;
                case NOT -> NOT;
            };
        }
        return ATOM; // Var, Apply, Select (printed as a call)
    }

    /**
     * The slopes of sigmoid and tanh, which take their stored value: they print as the formula they
     * compute where it is accurate, {@code 1 - s} and {@code 1 - t^2} (see {@link
     * Fn#ONE_MINUS_SIGMOID}).
     */
    /**
     * Whether {@code n} prints as a sum at its top (a sum, or a slope printed as {@code 1 - s}), so
     * that a caller writing it as a factor must parenthesise it.
     */
    public static boolean printsAsSum(Node n) {
        return n instanceof Node.Sum || isOneMinus(n);
    }

    private static boolean isOneMinus(Node n) {
        return n instanceof Node.Apply a
                && (a.fn() == Fn.ONE_MINUS_SIGMOID || a.fn() == Fn.ONE_MINUS_TANH_SQUARED);
    }

    private static boolean isProduct(Node n) {
        return n instanceof Node.Product
                || overOnePlusSquare(n)
                || (n instanceof Node.Apply a
                        && (a.fn() == Fn.MASKED_TIMES || a.fn() == Fn.ZERO_TIMES));
    }

    /** Whether a factor prints inline as a quotient of its own (1/(1 + u^2), u/(1 + u^2)). */
    public static boolean printsAsQuotient(Node n) {
        return overOnePlusSquare(n);
    }

    /** 1/(1 + u^2) and u/(1 + u^2), which print as the quotients they are. */
    private static boolean overOnePlusSquare(Node n) {
        return n instanceof Node.Apply a
                && (a.fn() == Fn.ONE_OVER_ONE_PLUS_SQUARE || a.fn() == Fn.U_OVER_ONE_PLUS_SQUARE);
    }

    /** Appends the node's first piece to {@code out} and pushes the rest, last piece first. */
    private void expand(Node n, StringBuilder out, Deque<Object> work) {
        if (n instanceof Node.Const c) {
            out.append(number(c.value()));
        } else if (n instanceof Node.Var v) {
            out.append(v.name());
        } else if (n instanceof Node.Sum s) {
            expandSum(s, work, 1);
        } else if (isProduct(n)) {
            pushAll(work, productPieces(factors(n, 1), true));
        } else if (n instanceof Node.Power p) {
            work.push(new Item(p.exponent(), POWER));
            work.push("^");
            work.push(new Item(p.base(), ATOM));
        } else if (isOneMinus(n)) {
            Node.Apply a = (Node.Apply) n;
            out.append("1 - ");
            if (a.fn() == Fn.ONE_MINUS_TANH_SQUARED) {
                work.push("^2");
                work.push(new Item(a.args().get(1), ATOM));
            } else {
                work.push(new Item(a.args().get(1), PRODUCT));
            }
        } else if (n instanceof Node.Apply a && a.fn() == Fn.LOG1P_SQUARE) {
            out.append("log1p(");
            work.push("^2)");
            work.push(new Item(a.args().get(0), ATOM));
        } else if (n instanceof Node.Apply a) {
            out.append(a.fn().label()).append('(');
            pushArguments(a.children(), work);
        } else if (n instanceof Node.Select s) {
            out.append("if(");
            pushArguments(s.children(), work);
        } else if (n instanceof Node.Compare c) {
            work.push(new Item(c.right(), SUM));
            work.push(" " + c.op().symbol() + " ");
            work.push(new Item(c.left(), SUM));
        } else if (n instanceof Node.Logic l) {
            if (l.op() == LogicOp.NOT) {
                out.append('!');
                work.push(new Item(l.args().get(0), ATOM)); // !(a == b), never !a == b
            } else {
                int lv = l.op() == LogicOp.AND ? AND : OR;
                work.push(new Item(l.args().get(1), lv + 1));
                work.push(" " + l.op().symbol() + " ");
                work.push(new Item(l.args().get(0), lv));
            }
        } else {
            throw new AssertionError(n);
        }
    }

    private static void pushAll(Deque<Object> work, List<Object> pieces) {
        for (int i = pieces.size() - 1; i >= 0; i--) {
            work.push(pieces.get(i));
        }
    }

    private static void pushArguments(List<Node> args, Deque<Object> work) {
        work.push(")");
        for (int i = args.size() - 1; i >= 0; i--) {
            work.push(new Item(args.get(i), 0));
            if (i > 0) {
                work.push(", ");
            }
        }
    }

    // ---- what a reader sees: sums and products flattened through the nodes kept whole ----------

    /**
     * node^exponent; with {@code onePlusSquare}, (1 + node^2)^exponent, the denominator of the
     * internal functions 1/(1 + u^2) and u/(1 + u^2).
     */
    private record Factor(Node node, int exponent, boolean negated, boolean onePlusSquare) {
        Factor(Node node, int exponent) {
            this(node, exponent, false, false);
        }

        /** Where equal factors meet: (1 + u^2) apart from u. */
        int key() {
            return onePlusSquare ? -1 - node.id() : node.id();
        }
    }

    /** Prints as {@code 1 + u^2}. */
    private record OnePlusSquare(Node u) {}

    private static final class Factors {
        double coefficient = 1;
        final List<Factor> list = new ArrayList<>();
    }

    /**
     * {@code n^exponent} as c · Π f^k, seeing through products nested for sharing and through
     * masked products: a*(b*c) prints as a*b*c. Equal factors meet (x*x^2 prints as x^3).
     */
    private Factors factors(Node n, int exponent) {
        Factors out = new Factors();
        Map<Integer, Integer> index = new LinkedHashMap<>();
        Deque<Factor> work = new ArrayDeque<>();
        work.push(new Factor(n, exponent));
        int visited = 0;
        while (!work.isEmpty()) {
            Factor f = work.pop();
            Node m = f.node();
            int e = f.exponent();
            boolean named =
                    (names.containsKey(m.id()) && m != n)
                            || (++visited > FLATTEN_FOR_DISPLAY && m != n);
            if (f.onePlusSquare()) {
                meet(out, index, f); // 1 + u^2 whatever u is
            } else if (!named && m instanceof Node.Product p) {
                out.coefficient *= e == 1 ? p.coefficient() : Math.pow(p.coefficient(), e);
                for (int i = p.factors().size() - 1; i >= 0; i--) {
                    work.push(new Factor(p.factors().get(i), p.exponents()[i] * e));
                }
            } else if (!named
                    && e == 1
                    && m instanceof Node.Apply a
                    && (a.fn() == Fn.MASKED_TIMES || a.fn() == Fn.ZERO_TIMES)) {
                work.push(new Factor(a.args().get(1), 1));
                work.push(new Factor(a.args().get(0), 1));
            } else if (!named && overOnePlusSquare(m)) {
                Node u = ((Node.Apply) m).args().get(0);
                work.push(new Factor(u, -e, false, true));
                if (((Node.Apply) m).fn() == Fn.U_OVER_ONE_PLUS_SQUARE) {
                    work.push(new Factor(u, e));
                }
            } else if (m instanceof Node.Const c) {
                out.coefficient *= Math.pow(c.value(), e);
            } else {
                meet(out, index, f);
            }
        }
        out.list.removeIf(f -> f.exponent() == 0);
        if (!order.isEmpty()) {
            out.list.sort( // stable: unranked factors keep their order
                    java.util.Comparator.comparingInt(
                            f ->
                                    f.onePlusSquare()
                                            ? Integer.MAX_VALUE
                                            : order.getOrDefault(
                                                    f.node().id(), Integer.MAX_VALUE)));
        }
        return out;
    }

    /** Adds a factor, or its exponent to an equal one's. */
    private static void meet(Factors out, Map<Integer, Integer> index, Factor f) {
        Integer at = index.get(f.key());
        if (at == null) {
            index.put(f.key(), out.list.size());
            out.list.add(f);
        } else {
            Factor met = out.list.get(at);
            out.list.set(
                    at,
                    new Factor(f.node(), met.exponent() + f.exponent(), false, f.onePlusSquare()));
        }
    }

    /**
     * -(a - b)*y reads better as (b - a)*y: flips the sign into the first sum in the numerator, if
     * there is one, and says whether it did.
     */
    private boolean negateASum(Factors f) {
        for (int i = 0; i < f.list.size(); i++) {
            Factor factor = f.list.get(i);
            if (factor.exponent() == 1
                    && factor.node() instanceof Node.Sum
                    && !names.containsKey(factor.node().id())) {
                f.list.set(i, new Factor(factor.node(), 1, true, false));
                return true;
            }
        }
        return false;
    }

    /**
     * c · numerator / denominator; with {@code withSign} false the coefficient's sign is left to
     * the caller.
     */
    private List<Object> productPieces(Factors f, boolean withSign) {
        List<Object> pieces = new ArrayList<>();
        if (f.coefficient < 0 && withSign && negateASum(f)) {
            f.coefficient = -f.coefficient;
        }
        double c = f.coefficient;
        if (c < 0 && withSign) {
            pieces.add("-");
        }
        boolean any = false;
        if (Math.abs(c) != 1) {
            pieces.add(number(Math.abs(c)));
            any = true;
        }
        int denominators = 0;
        for (Factor factor : f.list) {
            if (factor.exponent() < 0) {
                denominators++;
                continue;
            }
            if (any) {
                pieces.add("*");
            }
            if (factor.negated()) {
                pieces.add(new Item(factor.node(), PRODUCT, true));
            } else {
                addPower(pieces, factor, factor.exponent(), PRODUCT);
            }
            any = true;
        }
        if (!any) {
            pieces.add("1");
        }
        if (denominators > 0) {
            pieces.add("/");
            if (denominators > 1) {
                pieces.add("(");
            }
            boolean first = true;
            for (Factor factor : f.list) {
                if (factor.exponent() > 0) {
                    continue;
                }
                if (!first) {
                    pieces.add("*");
                }
                addPower(
                        pieces,
                        factor,
                        -factor.exponent(),
                        denominators > 1 ? PRODUCT : PRODUCT + 1);
                first = false;
            }
            if (denominators > 1) {
                pieces.add(")");
            }
        }
        return pieces;
    }

    private static void addPower(List<Object> pieces, Factor factor, int e, int level) {
        if (factor.onePlusSquare()) {
            pieces.add("(");
            pieces.add(new OnePlusSquare(factor.node()));
            pieces.add(e == 1 ? ")" : ")^" + e);
        } else if (e == 1) {
            pieces.add(new Item(factor.node(), level));
        } else {
            pieces.add(new Item(factor.node(), ATOM));
            pieces.add("^" + e);
        }
    }

    private record Term(Node node, double coefficient) {}

    /**
     * Positive terms first, then negative ones; a positive constant leads, a negative one ends.
     * Sums nested for sharing are seen through, and each term's coefficient is pulled out front, so
     * no term prints as "+ -x" or "- -x".
     */
    private void expandSum(Node.Sum root, Deque<Object> work, double sign) {
        double constant = 0;
        List<Term> terms = new ArrayList<>();
        Map<Integer, Integer> index = new LinkedHashMap<>();
        Deque<Term> todo = new ArrayDeque<>();
        todo.push(new Term(root, sign));
        int visited = 0;
        while (!todo.isEmpty()) {
            Term t = todo.pop();
            Node m = t.node();
            boolean named =
                    (names.containsKey(m.id()) && m != root)
                            || (++visited > FLATTEN_FOR_DISPLAY && m != root);
            if (!named && m instanceof Node.Sum s) {
                constant += t.coefficient() * s.constant();
                for (int i = s.terms().size() - 1; i >= 0; i--) {
                    todo.push(new Term(s.terms().get(i), t.coefficient() * s.coefficients()[i]));
                }
            } else if (m instanceof Node.Const c) {
                constant += t.coefficient() * c.value();
            } else {
                Integer at = index.get(m.id());
                if (at == null) {
                    index.put(m.id(), terms.size());
                    terms.add(t);
                } else {
                    terms.set(at, new Term(m, terms.get(at).coefficient() + t.coefficient()));
                }
            }
        }
        List<Object> pieces = new ArrayList<>();
        boolean first = true;
        if (constant > 0) {
            pieces.add(number(constant));
            first = false;
        }
        for (int pass = 0; pass < 2; pass++) {
            for (Term t : terms) {
                Factors f =
                        isProduct(t.node()) && !names.containsKey(t.node().id())
                                ? factors(t.node(), 1)
                                : single(t.node());
                double c = t.coefficient() * f.coefficient;
                if (c < 0 && negateASum(f)) {
                    c = -c;
                }
                if (c == 0 || (c > 0) != (pass == 0)) {
                    continue;
                }
                pieces.add(first ? (c < 0 ? "-" : "") : (c < 0 ? " - " : " + "));
                f.coefficient = Math.abs(c);
                pieces.addAll(productPieces(f, false));
                first = false;
            }
        }
        if (first) {
            pieces.add(number(constant));
        } else if (constant < 0) {
            pieces.add(" - " + number(-constant));
        }
        pushAll(work, pieces);
    }

    private static Factors single(Node n) {
        Factors f = new Factors();
        f.list.add(new Factor(n, 1));
        return f;
    }

    /** Integers without a fraction, others in the shortest form that reads back the same. */
    public static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "Infinity" : "-Infinity";
        }
        if (v == Math.PI) {
            return "pi";
        }
        if (v == Math.E) {
            return "e";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        String s = Double.toString(v);
        int e = s.indexOf('E');
        if (e >= 0) {
            String mantissa = s.substring(0, e);
            if (mantissa.endsWith(".0")) {
                mantissa = mantissa.substring(0, mantissa.length() - 2);
            }
            return mantissa + "e" + s.substring(e + 1);
        }
        return s;
    }
}
