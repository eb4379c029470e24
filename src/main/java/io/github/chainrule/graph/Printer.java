package io.github.chainrule.graph;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * Infix text with the fewest parentheses that keep the meaning, written with an explicit stack
 * (a derivative can be as deep as the program). Nodes in {@code names} print as those names.
 */
public final class Printer {
    private static final int OR = 1, AND = 2, NOT = 3, COMPARE = 4, SUM = 5, PRODUCT = 6, NEG = 7, POWER = 8, ATOM = 9;

    private final Map<Integer, String> names;

    public Printer(Map<Integer, String> names) {
        this.names = names;
    }

    public static String print(Node n) {
        return new Printer(Map.of()).toText(n);
    }

    private record Item(Node node, int minLevel) {}

    public String toText(Node root) {
        return toText(root, 0, Long.MAX_VALUE);
    }

    /** As a factor of a product: in parentheses if it is a sum or starts with a minus. */
    public String factor(Node n) {
        int lv = level(n);
        String text = toText(n);
        return lv < PRODUCT || lv == NEG ? "(" + text + ")" : text;
    }

    /** The text, or null when it would be longer than {@code maxChars} (a DAG can print exponentially long). */
    public String toText(Node root, int minLevel, long maxChars) {
        StringBuilder out = new StringBuilder();
        Deque<Object> work = new ArrayDeque<>();
        work.push(new Item(root, minLevel));
        while (!work.isEmpty()) {
            if (out.length() > maxChars) {
                return null;
            }
            Object next = work.pop();
            if (next instanceof String s) {
                out.append(s);
                continue;
            }
            Item item = (Item) next;
            Node n = item.node();
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

    private int level(Node n) {
        if (names.containsKey(n.id())) {
            return ATOM;
        }
        if (n instanceof Node.Const c) {
            return c.value() < 0 ? NEG : ATOM;
        } else if (n instanceof Node.Sum) {
            return SUM;
        } else if (n instanceof Node.Product p) {
            if (p.coefficient() < 0) {
                return NEG;
            }
            return p.factors().size() == 1 && p.exponents()[0] > 1 && p.coefficient() == 1 ? POWER : PRODUCT;
        } else if (n instanceof Node.Power) {
            return POWER;
        } else if (n instanceof Node.Apply a) {
            return a.fn() == Fn.MASKED_TIMES ? PRODUCT : ATOM;
        } else if (n instanceof Node.Compare) {
            return COMPARE;
        } else if (n instanceof Node.Logic l) {
            return switch (l.op()) {
                case AND -> AND;
                case OR -> OR;
                case NOT -> NOT;
            };
        }
        return ATOM; // Var, Select (printed as a call)
    }

    /** Appends the node's first piece to {@code out} and pushes the rest, last piece first. */
    private void expand(Node n, StringBuilder out, Deque<Object> work) {
        if (n instanceof Node.Const c) {
            out.append(number(c.value()));
        } else if (n instanceof Node.Var v) {
            out.append(v.name());
        } else if (n instanceof Node.Sum s) {
            expandSum(s, work);
        } else if (n instanceof Node.Product p) {
            expandProduct(p, out, work);
        } else if (n instanceof Node.Power p) {
            work.push(new Item(p.exponent(), POWER));
            work.push("^");
            work.push(new Item(p.base(), ATOM));
        } else if (n instanceof Node.Apply a) {
            if (a.fn() == Fn.MASKED_TIMES) {
                work.push(new Item(a.args().get(1), NEG));
                work.push(" * ");
                work.push(new Item(a.args().get(0), PRODUCT));
                return;
            }
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
                work.push(new Item(l.args().get(0), NOT + 1));
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

    private static void pushArguments(java.util.List<Node> args, Deque<Object> work) {
        work.push(")");
        for (int i = args.size() - 1; i >= 0; i--) {
            work.push(new Item(args.get(i), 0));
            if (i > 0) {
                work.push(", ");
            }
        }
    }

    /** Positive terms first, then negative ones; a positive constant leads, a negative one ends. */
    private void expandSum(Node.Sum s, Deque<Object> work) {
        Deque<Object> pieces = new ArrayDeque<>(); // in reading order
        boolean first = true;
        if (s.constant() > 0) {
            pieces.add(number(s.constant()));
            first = false;
        }
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < s.terms().size(); i++) {
                double c = s.coefficients()[i];
                if ((c > 0) != (pass == 0)) {
                    continue;
                }
                double a = Math.abs(c);
                if (first) {
                    if (c < 0) {
                        pieces.add("-");
                    }
                } else {
                    pieces.add(c < 0 ? " - " : " + ");
                }
                if (a != 1) {
                    pieces.add(number(a) + "*");
                    pieces.add(new Item(s.terms().get(i), PRODUCT + 1));
                } else {
                    pieces.add(new Item(s.terms().get(i), c < 0 ? PRODUCT : SUM));
                }
                first = false;
            }
        }
        if (s.constant() < 0) {
            pieces.add(" - " + number(-s.constant()));
        }
        while (!pieces.isEmpty()) {
            work.push(pieces.removeLast());
        }
    }

    private void expandProduct(Node.Product p, StringBuilder out, Deque<Object> work) {
        Deque<Object> pieces = new ArrayDeque<>();
        double c = p.coefficient();
        if (c < 0) {
            pieces.add("-");
        }
        boolean any = false;
        if (Math.abs(c) != 1) {
            pieces.add(number(Math.abs(c)));
            any = true;
        }
        int denominators = 0;
        for (int i = 0; i < p.factors().size(); i++) {
            int e = p.exponents()[i];
            if (e < 0) {
                denominators++;
                continue;
            }
            if (any) {
                pieces.add("*");
            }
            // a*(b*c) = a*b*c and a*(b/c) = a*b/c: numerator factors need no parentheses of their own
            addPower(pieces, p.factors().get(i), e, PRODUCT);
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
            boolean firstDen = true;
            for (int i = 0; i < p.factors().size(); i++) {
                int e = p.exponents()[i];
                if (e > 0) {
                    continue;
                }
                if (!firstDen) {
                    pieces.add("*");
                }
                addPower(pieces, p.factors().get(i), -e, denominators > 1 && firstDen ? PRODUCT : PRODUCT + 1);
                firstDen = false;
            }
            if (denominators > 1) {
                pieces.add(")");
            }
        }
        while (!pieces.isEmpty()) {
            work.push(pieces.removeLast());
        }
    }

    private static void addPower(Deque<Object> pieces, Node factor, int e, int level) {
        if (e == 1) {
            pieces.add(new Item(factor, level));
        } else {
            pieces.add(new Item(factor, ATOM));
            pieces.add("^" + e);
        }
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
