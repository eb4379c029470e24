package io.github.chainrule.check;

import io.github.chainrule.diag.Reporter;
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
 * that numbers and conditions are where they belong and that calls have the right arity. A
 * piece with an error lowers to {@code null}, and what contains it says nothing more, so one
 * mistake gives one message.
 */
final class Lowering {
    /** Resolves a name; reports and returns null when it cannot. */
    interface Scope {
        Node resolve(Ast.Name name);
    }

    /**
     * A lowered piece: a number or a condition. A chain of {@code +}/{@code -} (or of
     * {@code *}/{@code /}) is collected in {@code chain} and built as one node by its last link:
     * building every intermediate sum of {@code t1 + t2 + … + tn} would cost n².
     */
    private record Value(Node node, boolean condition, Ast.Expr expr, Chain chain) {
        Value(Node node, boolean condition, Ast.Expr expr) {
            this(node, condition, expr, null);
        }
    }

    /** The operands of a chain of one kind (sum or product), each with its sign or exponent. */
    private static final class Chain {
        final boolean product;
        final List<Node> operands = new ArrayList<>();
        final List<Integer> signs = new ArrayList<>();

        Chain(boolean product) {
            this.product = product;
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
        extended.clear();
        AstWalk.preOrder(expr, e -> {
            if (e instanceof Ast.Binary b && isLink(b) && b.left() instanceof Ast.Binary l && isLink(l)
                    && isProductLink(l) == isProductLink(b)) {
                extended.put(l, Boolean.TRUE);
            }
        });
        Value v = AstWalk.postOrder(expr, this::combine);
        return v == null ? null : asNumber(v);
    }

    /** The links whose chain their parent extends; the others build their node at once, in source order. */
    private final java.util.IdentityHashMap<Ast.Expr, Boolean> extended = new java.util.IdentityHashMap<>();

    private static boolean isLink(Ast.Binary b) {
        return switch (b.op()) {
            case ADD, SUB, MUL, DIV -> true;
            default -> false;
        };
    }

    private static boolean isProductLink(Ast.Binary b) {
        return b.op() == Ast.BinaryOp.MUL || b.op() == Ast.BinaryOp.DIV;
    }

    /** Extends the chain of {@code left} when it is of the same kind, else starts one. */
    private Value link(Ast.Binary b, Value left, Value right) {
        boolean product = b.op() == Ast.BinaryOp.MUL || b.op() == Ast.BinaryOp.DIV;
        int sign = b.op() == Ast.BinaryOp.SUB || b.op() == Ast.BinaryOp.DIV ? -1 : 1;
        boolean extend = left.chain() != null && left.chain().product == product;
        Node l = extend ? null : asNumber(left);
        Node r = asNumber(right);
        if (r == null || (!extend && l == null)) {
            return null;
        }
        Chain chain;
        if (extend) {
            chain = left.chain(); // the left operand is used by this link only: extend it in place
        } else {
            chain = new Chain(product);
            chain.operands.add(l);
            chain.signs.add(1);
        }
        chain.operands.add(r);
        chain.signs.add(sign);
        Value v = new Value(null, false, b, chain);
        return extended.containsKey(b) ? v : new Value(asNumber(v), false, b);
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
        if (e instanceof Ast.Unary u) {
            Value operand = kids.get(0);
            return switch (u.op()) {
                case NEG -> number(e, graph.neg(asNumber(operand)), operand);
                case PLUS -> number(e, asNumber(operand), operand);
                case NOT -> condition(e, asCondition(operand, "'!'") == null ? null : graph.not(operand.node()), operand);
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
            return new Value(b.op() == Ast.BinaryOp.AND ? graph.and(a, c) : graph.or(a, c), true, b);
        }
        switch (b.op()) {
            case ADD, SUB, MUL, DIV -> {
                return link(b, l, r);
            }
            default -> { }
        }
        Node a = asNumber(l);
        Node c = asNumber(r);
        if (a == null || c == null) {
            return null;
        }
        Node result = switch (b.op()) {
            case ADD, SUB, MUL, DIV -> throw new AssertionError(b.op());
            case POW -> graph.pow(a, c);
            case LT -> graph.compare(Cmp.LT, a, c);
            case LE -> graph.compare(Cmp.LE, a, c);
            case GT -> graph.compare(Cmp.GT, a, c);
            case GE -> graph.compare(Cmp.GE, a, c);
            case EQ -> graph.compare(Cmp.EQ, a, c);
            case NE -> graph.compare(Cmp.NE, a, c);
            case AND, OR -> throw new AssertionError(b.op());
        };
        return new Value(result, b.op().isComparison(), b);
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
            return condition == null || a == null || b == null ? null : new Value(graph.select(condition, a, b), false, c);
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
            Node result = builtin.isPresent() ? graph.apply(builtin.get(), nodes) : graph.pow(nodes.get(0), nodes.get(1));
            return new Value(result, false, c);
        }
        if (functions.isDefined(name)) {
            if (!arity(c, name, functions.arity(name), args.size())) {
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
        reporter.error(c.span(), "unknown function '" + name + "'" + Suggestions.didYouMean(name, known));
        return null;
    }

    private boolean arity(Ast.Call c, String name, int expected, int got) {
        if (expected == got) {
            return true;
        }
        String what = name.equals("if") ? "if takes 3 arguments (a condition, a value if true, a value if false)"
                : "'" + name + "' takes " + expected + (expected == 1 ? " argument" : " arguments");
        reporter.error(c.span(), what + ", not " + got);
        return false;
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
        if (v.chain() != null) {
            Chain c = v.chain();
            if (c.product) {
                int[] exponents = c.signs.stream().mapToInt(Integer::intValue).toArray();
                return graph.monomial(c.operands, exponents);
            }
            double[] coefficients = c.signs.stream().mapToDouble(Integer::doubleValue).toArray();
            return graph.linear(c.operands, coefficients);
        }
        if (v.condition()) {
            reporter.error(v.expr().span(), "a comparison can only be used as the condition of an if,"
                    + " as in if(x > 0, a, b)");
            return null;
        }
        return v.node();
    }

    private Node asCondition(Value v, String where) {
        if (v == null) {
            return null;
        }
        if (!v.condition()) {
            String what = where.equals("if") ? "the condition of if" : "the operand of " + where;
            reporter.error(v.expr().span(), what + " must be a comparison such as x > 0, not a number");
            return null;
        }
        return v.node();
    }
}
