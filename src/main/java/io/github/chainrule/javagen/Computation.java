package io.github.chainrule.javagen;

/**
 * How one operation's statements are written: straight into its public methods, or split into
 * private parts that pass values through per-thread work arrays.
 */
sealed interface Computation {
    FlatStatements statements();

    /**
     * Small enough for one method: the statements are written into each public method, and a result
     * that nothing else reads stays an expression.
     */
    record InOneMethod(FlatStatements statements) implements Computation {}

    /** Too large for one method: the public methods call the private parts of {@code split}. */
    record InParts(MethodSplit split) implements Computation {
        @Override
        public FlatStatements statements() {
            return split.statements();
        }
    }
}
