package io.github.chainrule.javagen;

/** {@code value = expr}: one flat statement of generated code (see {@link FlatStatements}). */
record Statement(int value, Code expr) {}
