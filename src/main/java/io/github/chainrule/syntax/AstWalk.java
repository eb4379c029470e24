package io.github.chainrule.syntax;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * Traversals of expressions with an explicit stack: a user's nesting never deepens the Java stack.
 */
public final class AstWalk {
    private AstWalk() {}

    public static List<Ast.Expr> children(Ast.Expr e) {
        if (e instanceof Ast.Num || e instanceof Ast.Name) {
            return List.of();
        } else if (e instanceof Ast.Unary u) {
            return List.of(u.operand());
        } else if (e instanceof Ast.Binary b) {
            return List.of(b.left(), b.right());
        } else if (e instanceof Ast.Call c) {
            return c.args();
        } else if (e instanceof Ast.Index x) {
            return x.subscripts();
        } else if (e instanceof Ast.Reduction r) {
            return reductionChildren(r);
        }
        throw new AssertionError(e);
    }

    /** A reduction's body, then each written range's bounds in binder order. */
    private static List<Ast.Expr> reductionChildren(Ast.Reduction r) {
        List<Ast.Expr> out = new ArrayList<>();
        out.add(r.body());
        for (Ast.Binder b : r.binders()) {
            b.range()
                    .ifPresent(
                            range -> {
                                out.add(range.lo());
                                out.add(range.hi());
                            });
        }
        return out;
    }

    /** Visits every node, parents before children, children left to right. */
    public static void preOrder(Ast.Expr root, Consumer<Ast.Expr> visit) {
        Deque<Ast.Expr> stack = new ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            Ast.Expr e = stack.pop();
            visit.accept(e);
            List<Ast.Expr> kids = children(e);
            for (int i = kids.size() - 1; i >= 0; i--) {
                stack.push(kids.get(i));
            }
        }
    }

    /** Folds bottom-up: {@code combine} gets a node and its children's results, left to right. */
    public interface Fold<R> {
        R combine(Ast.Expr node, List<R> children);
    }

    /** Folds bottom-up; {@code fold} may return null (say, for a piece with an error). */
    public static <R> R postOrder(Ast.Expr root, Fold<R> fold) {
        Deque<Ast.Expr> stack = new ArrayDeque<>();
        Deque<Boolean> expanded = new ArrayDeque<>();
        List<R> results = new ArrayList<>(); // a stack that, unlike ArrayDeque, holds nulls
        stack.push(root);
        expanded.push(false);
        while (!stack.isEmpty()) {
            Ast.Expr e = stack.pop();
            boolean done = expanded.pop();
            List<Ast.Expr> kids = children(e);
            if (done || kids.isEmpty()) {
                int from = results.size() - kids.size();
                List<R> tail = results.subList(from, results.size());
                List<R> args = new ArrayList<>(tail);
                tail.clear();
                results.add(fold.combine(e, args));
            } else {
                stack.push(e);
                expanded.push(true);
                for (int i = kids.size() - 1; i >= 0; i--) {
                    stack.push(kids.get(i));
                    expanded.push(false);
                }
            }
        }
        return results.get(0);
    }

    /** Fully parenthesised text, as the summary prints a parsed statement. */
    public static String parenthesised(Ast.Expr root) {
        StringBuilder out = new StringBuilder();
        Deque<Object> work = new ArrayDeque<>(); // an Ast.Expr to print, or a String to append
        work.push(root);
        while (!work.isEmpty()) {
            Object item = work.pop();
            if (item instanceof String s) {
                out.append(s);
                continue;
            }
            if (item instanceof Ast.Num n) {
                out.append(n.text());
            } else if (item instanceof Ast.Name n) {
                out.append(n.name());
            } else if (item instanceof Ast.Unary u) {
                work.push(")");
                work.push(u.operand());
                out.append('(').append(u.op().symbol);
            } else if (item instanceof Ast.Binary b) {
                work.push(")");
                work.push(b.right());
                work.push(" " + b.op().symbol + " ");
                work.push(b.left());
                out.append('(');
            } else if (item instanceof Ast.Index x) {
                out.append(x.array()).append('[');
                work.push("]");
                pushList(work, x.subscripts());
            } else if (item instanceof Ast.Reduction r) {
                out.append(r.function()).append('(');
                work.push(")");
                for (int i = r.binders().size() - 1; i >= 0; i--) {
                    Ast.Binder b = r.binders().get(i);
                    if (b.range().isPresent()) {
                        work.push(b.range().get().hi());
                        work.push("..");
                        work.push(b.range().get().lo());
                        work.push(" in ");
                    }
                    work.push((i > 0 ? ", " : " for ") + b.index().name());
                }
                work.push(r.body());
            } else if (item instanceof Ast.Call c) {
                out.append(c.function()).append('(');
                work.push(")");
                for (int i = c.args().size() - 1; i >= 0; i--) {
                    work.push(c.args().get(i));
                    if (i > 0) {
                        work.push(", ");
                    }
                }
            } else {
                throw new AssertionError(item);
            }
        }
        return out.toString();
    }

    /** Pushes {@code items} so that they pop in order, separated by commas. */
    private static void pushList(Deque<Object> work, List<Ast.Expr> items) {
        for (int i = items.size() - 1; i >= 0; i--) {
            work.push(items.get(i));
            if (i > 0) {
                work.push(", ");
            }
        }
    }
}
