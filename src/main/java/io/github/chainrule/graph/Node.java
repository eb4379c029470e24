package io.github.chainrule.graph;

import java.util.List;

/**
 * A node of the expression DAG. Nodes are made only by a {@link Graph}, which simplifies and
 * interns them, so within one graph equal expressions are the same node: nodes compare by identity
 * and hash by id, never by walking their children (which is exponential on a DAG). Children always
 * have smaller ids than their parents, so ascending id is a topological order.
 */
public sealed interface Node
        permits Node.Const,
                Node.Var,
                Node.Sum,
                Node.Product,
                Node.Power,
                Node.Apply,
                Node.Select,
                Node.Compare,
                Node.Logic {

    int id();

    /** The nodes this one reads, in order. */
    List<Node> children();

    /** {@code value}; booleans (from comparisons) are 1 and 0. */
    record Const(int id, double value) implements Node {
        public List<Node> children() {
            return List.of();
        }

        public boolean is(double v) {
            return Double.compare(value, v) == 0 || (v == 0 && value == 0);
        }

        @Override
        public boolean equals(Object o) {
            return o == this;
        }

        @Override
        public int hashCode() {
            return id;
        }

        @Override
        public String toString() {
            return "#" + id + "=" + value;
        }
    }

    /** An input of the program, or (in a statement's local view) a name assigned before it. */
    record Var(int id, String name) implements Node {
        public List<Node> children() {
            return List.of();
        }

        @Override
        public boolean equals(Object o) {
            return o == this;
        }

        @Override
        public int hashCode() {
            return id;
        }

        @Override
        public String toString() {
            return "#" + id + "=" + name;
        }
    }

    /**
     * {@code constant + Σ coefficients[i] * terms[i]}: at least one term, terms ordered by id, no
     * term a constant, a sum or a product with a coefficient other than 1; never a lone term. The
     * arrays are owned by the node and never changed.
     */
    record Sum(int id, double constant, List<Node> terms, double[] coefficients) implements Node {
        public List<Node> children() {
            return terms;
        }

        @Override
        public boolean equals(Object o) {
            return o == this;
        }

        @Override
        public int hashCode() {
            return id;
        }

        @Override
        public String toString() {
            return "#" + id + "=sum";
        }
    }

    /**
     * {@code coefficient * Π factors[i]^exponents[i]} with integer exponents (division is a
     * negative exponent): factors ordered by id, none a constant or a product, no exponent 0.
     */
    record Product(int id, double coefficient, List<Node> factors, int[] exponents)
            implements Node {
        public List<Node> children() {
            return factors;
        }

        @Override
        public boolean equals(Object o) {
            return o == this;
        }

        @Override
        public int hashCode() {
            return id;
        }

        @Override
        public String toString() {
            return "#" + id + "=product";
        }
    }

    /**
     * {@code base ^ exponent} where the exponent is not an integer constant (those are products).
     */
    record Power(int id, Node base, Node exponent) implements Node {
        public List<Node> children() {
            return List.of(base, exponent);
        }

        @Override
        public boolean equals(Object o) {
            return o == this;
        }

        @Override
        public int hashCode() {
            return id;
        }

        @Override
        public String toString() {
            return "#" + id + "=pow";
        }
    }

    /** A built-in function applied to its arguments. */
    record Apply(int id, Fn fn, List<Node> args) implements Node {
        public List<Node> children() {
            return args;
        }

        @Override
        public boolean equals(Object o) {
            return o == this;
        }

        @Override
        public int hashCode() {
            return id;
        }

        @Override
        public String toString() {
            return "#" + id + "=" + fn.label();
        }
    }

    /** {@code if(condition, ifTrue, ifFalse)}: only the chosen value reaches the result. */
    record Select(int id, Node condition, Node ifTrue, Node ifFalse) implements Node {
        public List<Node> children() {
            return List.of(condition, ifTrue, ifFalse);
        }

        @Override
        public boolean equals(Object o) {
            return o == this;
        }

        @Override
        public int hashCode() {
            return id;
        }

        @Override
        public String toString() {
            return "#" + id + "=if";
        }
    }

    record Compare(int id, Cmp op, Node left, Node right) implements Node {
        public List<Node> children() {
            return List.of(left, right);
        }

        @Override
        public boolean equals(Object o) {
            return o == this;
        }

        @Override
        public int hashCode() {
            return id;
        }

        @Override
        public String toString() {
            return "#" + id + "=" + op.symbol();
        }
    }

    /** {@code &&} and {@code ||} over two conditions, {@code !} over one. */
    record Logic(int id, LogicOp op, List<Node> args) implements Node {
        public List<Node> children() {
            return args;
        }

        @Override
        public boolean equals(Object o) {
            return o == this;
        }

        @Override
        public int hashCode() {
            return id;
        }

        @Override
        public String toString() {
            return "#" + id + "=" + op.symbol();
        }
    }

    /** Whether the node is a condition (a boolean), not a number. */
    static boolean isCondition(Node n) {
        return n instanceof Compare || n instanceof Logic;
    }
}
