package io.github.chainrule.javagen;

import com.palantir.javapoet.NameAllocator;
import java.util.List;
import java.util.Map;

/**
 * What the public methods of a generated class are written from: the program's names, the names the
 * class reserves, and each operation's statements.
 *
 * @param seedNames the names the seeds {@code dL/do} suggest for their parameters
 * @param reserved every type, field and method name of the class, taken
 * @param workField the field holding each thread's work arrays, for operations in parts
 */
record ClassContext(
        String className,
        List<String> inputs,
        List<String> outputs,
        List<String> wrt,
        List<String> seedNames,
        NameAllocator reserved,
        JavaStatements statements,
        String workField,
        Map<Operation, Computation> computations) {

    /** A fresh name allocator for one method, with every reserved and field name taken. */
    NameAllocator newNames() {
        return reserved.clone();
    }

    Computation computation(Operation op) {
        Computation c = computations.get(op);
        if (c == null) {
            throw new AssertionError(op + " is not computed for this program");
        }
        return c;
    }
}
