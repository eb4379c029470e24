package io.github.chainrule.check;

import io.github.chainrule.diag.Reporter;
import io.github.chainrule.diag.Span;
import io.github.chainrule.diag.Suggestions;
import io.github.chainrule.graph.Cmp;
import io.github.chainrule.graph.Fn;
import io.github.chainrule.graph.Graph;
import io.github.chainrule.graph.Node;
import io.github.chainrule.syntax.Ast;
import io.github.chainrule.syntax.AstWalk;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Lowers one expression into graph nodes, bottom-up with an explicit stack, checking as it goes
 * that numbers and conditions are where they belong and that calls have the right arity. A piece
 * with an error lowers to {@code null}, and what contains it says nothing more, so one mistake
 * gives one message.
 */
final class Lowering {
    /** The names an expression sees. */
    interface Scope {
        /** Resolves a name; reports and returns null when it cannot. */
        Node resolve(Ast.Name name);

        /**
         * What a name that is not a function is ("an input", "a parameter"), or null if it is
         * nothing.
         */
        String kindOf(String name);

        /** An array element, as a leaf; only indexed programs have them (checked before). */
        default Node read(Ast.Index index) {
            throw new AssertionError(index);
        }

        /** A reduction of {@code body}, as a leaf; only indexed programs have them. */
        default Node reduction(Ast.Reduction reduction, Node body) {
            throw new AssertionError(reduction);
        }
    }

    /**
     * Chains of '+' and '-' (or of '*' and '/') this long or longer gather their operands and are
     * built in one step. Built pair by pair, each step copies the sum so far into a new node, which
     * is quadratic in the chain's length (a 10 MB sum took minutes); shorter chains are built pair
     * by pair as before, so ordinary programs make exactly the same nodes.
     */
    static final int LONG_CHAIN = 32;

    /** The operands of a long chain, gathered; {@code plus[0]} is the chain's first part, built. */
    private static final class Chain {
        final boolean additive;
        final List<Node> plus = new ArrayList<>();
        final List<Node> minus = new ArrayList<>();

        Chain(boolean additive, Node first) {
            this.additive = additive;
            plus.add(first);
        }
    }

    /**
     * A lowered piece: a number or a condition. A long chain's value has no node until something
     * uses it ({@link #asNumber}); {@code length} counts the operands of the chain it ends.
     */
    private record Value(Node node, boolean condition, Ast.Expr expr, int length, Chain chain) {
        Value(Node node, boolean condition, Ast.Expr expr) {
            this(node, condition, expr, 1, null);
        }
    }

    private final Graph graph;
    private final Reporter reporter;
    private final Functions functions;
    private final Scope scope;

    Lowering(Graph graph, Reporter reporter, Functions functions, Scope scope) {
        this.graph = graph;
        this.reporter = reporter;
        this.functions = functions;
        this.scope = scope;
    }

    /** The expression as a number, or null after reporting why not. */
    Node number(Ast.Expr expr) {
        Value v = AstWalk.postOrder(expr, this::combine);
        return v == null ? null : asNumber(v);
    }

    private Value combine(Ast.Expr e, List<Value> kids) {
        if (e instanceof Ast.Num n) {
            return new Value(graph.constant(n.value()), false, e);
        } else if (e instanceof Ast.Name n) {
            Node node = scope.resolve(n);
            return node == null ? null : new Value(node, false, e);
        }
        if (kids.contains(null)) {
            return null;
        }
        if (e instanceof Ast.Index x) {
            Node node = scope.read(x);
            return node == null ? null : new Value(node, false, e);
        } else if (e instanceof Ast.Reduction r) {
            Node body = asNumber(kids.get(0));
            Node node = body == null ? null : scope.reduction(r, body);
            return node == null ? null : new Value(node, false, e);
        }
        if (e instanceof Ast.Unary u) {
            Value operand = kids.get(0);
            return switch (u.op()) {
                case NEG -> {
                    Node n = asNumber(operand);
                    yield n == null ? null : number(e, graph.neg(n), operand);
                }
                case PLUS -> number(e, asNumber(operand), operand);
                case NOT ->
                        condition(
                                e,
                                asCondition(operand, "'!'") == null
                                        ? null
                                        : graph.not(operand.node()),
                                operand);
            };
        } else if (e instanceof Ast.Binary b) {
            return binary(b, kids.get(0), kids.get(1));
        } else if (e instanceof Ast.Call c) {
            return call(c, kids);
        }
        throw new AssertionError(e);
    }

    private Value binary(Ast.Binary b, Value l, Value r) {
        if (b.op().isLogical()) {
            Node a = asCondition(l, "'" + b.op().symbol + "'");
            Node c = asCondition(r, "'" + b.op().symbol + "'");
            if (a == null || c == null) {
                return null;
            }
            return new Value(
                    b.op() == Ast.BinaryOp.AND ? graph.and(a, c) : graph.or(a, c), true, b);
        }
        if (b.op().isComparison() && (isComparison(l) || isComparison(r))) {
            reporter.error(
                    b.span(),
                    "comparisons cannot be chained: write 'a < x && x < b', not 'a < x < b'");
            return null;
        }
        boolean additive = b.op() == Ast.BinaryOp.ADD || b.op() == Ast.BinaryOp.SUB;
        boolean chained = additive || b.op() == Ast.BinaryOp.MUL || b.op() == Ast.BinaryOp.DIV;
        boolean inverse = b.op() == Ast.BinaryOp.SUB || b.op() == Ast.BinaryOp.DIV;
        if (chained && l.chain() != null && l.chain().additive == additive) {
            Node c = asNumber(r);
            if (c == null) {
                return null;
            }
            (inverse ? l.chain().minus : l.chain().plus).add(c);
            return new Value(null, false, b, l.length() + 1, l.chain());
        }
        int length = chained && continues(l.expr(), additive) ? l.length() + 1 : 2;
        Node a = asNumber(l);
        Node c = asNumber(r);
        if (a == null || c == null) {
            return null;
        }
        if (chained && length >= LONG_CHAIN) {
            Chain chain = new Chain(additive, a);
            (inverse ? chain.minus : chain.plus).add(c);
            return new Value(null, false, b, length, chain);
        }
        Node result =
                switch (b.op()) {
                    case ADD -> graph.add(a, c);
                    case SUB -> graph.sub(a, c);
                    case MUL -> graph.mul(a, c);
                    case DIV -> graph.div(a, c);
                    case POW -> graph.pow(a, c);
                    case LT -> graph.compare(Cmp.LT, a, c);
                    case LE -> graph.compare(Cmp.LE, a, c);
                    case GT -> graph.compare(Cmp.GT, a, c);
                    case GE -> graph.compare(Cmp.GE, a, c);
                    case EQ -> graph.compare(Cmp.EQ, a, c);
                    case NE -> graph.compare(Cmp.NE, a, c);
                    case AND, OR -> throw new AssertionError(b.op());
                };
        return new Value(result, b.op().isComparison(), b, chained ? length : 1, null);
    }

    /** Whether {@code e} is a '+'/'-' (or '*'/'/') that a parent of the same kind continues. */
    private static boolean continues(Ast.Expr e, boolean additive) {
        if (!(e instanceof Ast.Binary b)) {
            return false;
        }
        return additive
                ? b.op() == Ast.BinaryOp.ADD || b.op() == Ast.BinaryOp.SUB
                : b.op() == Ast.BinaryOp.MUL || b.op() == Ast.BinaryOp.DIV;
    }

    /** A long chain's node, built in one step. */
    private Node build(Chain chain) {
        if (chain.additive) {
            Node plus = graph.sum(chain.plus);
            return chain.minus.isEmpty() ? plus : graph.sub(plus, graph.sum(chain.minus));
        }
        Node numerator = graph.product(chain.plus);
        return chain.minus.isEmpty() ? numerator : graph.div(numerator, graph.product(chain.minus));
    }

    private Value call(Ast.Call c, List<Value> args) {
        String name = c.function();
        if (name.equals("if")) {
            if (!arity(c, "if", 3, args.size())) {
                return null;
            }
            Node condition = asCondition(args.get(0), "if");
            Node a = asNumber(args.get(1));
            Node b = asNumber(args.get(2));
            return condition == null || a == null || b == null
                    ? null
                    : new Value(graph.select(condition, a, b), false, c);
        }
        Optional<Fn> builtin = Fn.byName(name);
        if (builtin.isPresent() || name.equals("pow")) {
            int arity = builtin.map(Fn::arity).orElse(2);
            if (!arity(c, name, arity, args.size())) {
                return null;
            }
            List<Node> nodes = numbers(args);
            if (nodes == null) {
                return null;
            }
            Node result =
                    builtin.isPresent()
                            ? graph.apply(builtin.get(), nodes)
                            : graph.pow(nodes.get(0), nodes.get(1));
            return new Value(result, false, c);
        }
        if (functions.isDefined(name)) {
            if (!arity(c, name, functions.arity(name), args.size(), functions.span(name))) {
                return null;
            }
            List<Node> nodes = numbers(args);
            if (nodes == null) {
                return null;
            }
            Node result = functions.call(name, nodes);
            return result == null ? null : new Value(result, false, c);
        }
        Set<String> known = new LinkedHashSet<>();
        for (Fn f : Fn.values()) {
            if (f.userCallable()) {
                known.add(f.label());
            }
        }
        known.add("pow");
        known.add("if");
        known.addAll(functions.names());
        String kind = scope.kindOf(name);
        if (kind != null) {
            reporter.error(c.span(), Checker.quote(name) + " is not a function: it is " + kind);
        } else {
            reporter.error(
                    c.span(),
                    "unknown function "
                            + Checker.quote(name)
                            + Suggestions.didYouMean(name, known));
        }
        return null;
    }

    private boolean arity(Ast.Call c, String name, int expected, int got) {
        return arity(c, name, expected, got, null);
    }

    private boolean arity(Ast.Call c, String name, int expected, int got, Span definedAt) {
        if (expected == got) {
            return true;
        }
        String what =
                name.equals("if")
                        ? "if takes 3 arguments (a condition, a value if true, a value if false)"
                        : Checker.quote(name)
                                + " takes "
                                + expected
                                + (expected == 1 ? " argument" : " arguments");
        String where = definedAt == null ? "" : " (defined at " + definedAt + ")";
        reporter.error(c.span(), what + ", not " + got + where);
        return false;
    }

    private static boolean isComparison(Value v) {
        return v.expr() instanceof Ast.Binary b && b.op().isComparison();
    }

    private List<Node> numbers(List<Value> args) {
        List<Node> out = new ArrayList<>(args.size());
        for (Value v : args) {
            Node n = asNumber(v);
            if (n == null) {
                return null;
            }
            out.add(n);
        }
        return out;
    }

    private Value number(Ast.Expr e, Node n, Value operand) {
        return n == null ? null : new Value(n, false, e);
    }

    private Value condition(Ast.Expr e, Node n, Value operand) {
        return n == null ? null : new Value(n, true, e);
    }

    private Node asNumber(Value v) {
        if (v == null) {
            return null;
        }
        if (v.condition()) {
            reporter.error(
                    v.expr().span(),
                    "a comparison can only be used as the condition of an if,"
                            + " as in if(x > 0, a, b)");
            return null;
        }
        return v.chain() != null ? build(v.chain()) : v.node();
    }

    private Node asCondition(Value v, String where) {
        if (v == null) {
            return null;
        }
        if (!v.condition()) {
            String what = where.equals("if") ? "the condition of if" : "the operand of " + where;
            reporter.error(
                    v.expr().span(), what + " must be a comparison such as x > 0, not a number");
            return null;
        }
        return v.node();
    }
}
