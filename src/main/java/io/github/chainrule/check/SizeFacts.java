package io.github.chainrule.check;

import io.github.chainrule.indexed.Affine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the checks know about sizes: which are given at call time (each at least 1, so proofs hold
 * for every such value) and the values of the fixed ones. Sizes stay symbolic in the program
 * ({@code 0..h}, as the user wrote it); a fixed size is its value only where numbers decide
 * something: in proofs and in comparing extents (README: sizes compare by name when given at call
 * time and by value when fixed).
 */
record SizeFacts(Set<String> runtime, Map<String, Long> fixed) {
    SizeFacts {
        runtime = Set.copyOf(runtime);
        fixed = Map.copyOf(fixed);
    }

    /** {@code a} with every fixed size replaced by its value. */
    Affine known(Affine a) {
        return a.substitute(fixed);
    }

    /**
     * Whether {@code a} and {@code b} are equal for every value of the sizes given at call time.
     */
    boolean same(Affine a, Affine b) {
        return known(a).equals(known(b));
    }

    /**
     * {@code ", where h = 4"}: the values of the fixed sizes that {@code shown} mention, for a
     * message that shows them by name; "" when they mention none.
     */
    String where(Affine... shown) {
        Set<String> named = new TreeSet<>();
        for (Affine a : shown) {
            a.terms().keySet().stream().filter(fixed::containsKey).forEach(named::add);
        }
        List<String> parts = new ArrayList<>();
        named.forEach(n -> parts.add(n + " = " + fixed.get(n)));
        return parts.isEmpty() ? "" : ", where " + String.join(", ", parts);
    }
}
