package io.github.chainrule.check;

import java.util.Collection;
import java.util.Optional;

/** "did you mean": the closest known name within a small edit distance. */
final class Suggestions {
    /** Names longer than this get no suggestion. */
    static final int MAX_LENGTH = 64;

    private Suggestions() {}

    /**
     * The known name nearest to {@code name}: at most one edit away for short names, two for longer
     * ones, and never a name that shares nothing with it (every one-letter name is one edit from
     * every other). Ties go to the longer common prefix ('sinn' is 'sin', not 'sign'), then to
     * alphabetical order.
     */
    static Optional<String> closest(String name, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        int bestPrefix = -1;
        if (name.length() > MAX_LENGTH) {
            return Optional.empty(); // the distance table is quadratic in the length
        }
        int limit = name.length() <= 3 ? 1 : 2;
        for (String k : known) {
            if (k.equals(name) || Math.abs(k.length() - name.length()) > limit) {
                continue;
            }
            int d = distance(name.toLowerCase(), k.toLowerCase());
            if (d > limit || d >= name.length() || d >= k.length()) {
                continue;
            }
            int prefix = commonPrefix(name, k);
            boolean better =
                    d < bestDistance
                            || (d == bestDistance
                                    && (prefix > bestPrefix
                                            || (prefix == bestPrefix && k.compareTo(best) < 0)));
            if (better) {
                best = k;
                bestDistance = d;
                bestPrefix = prefix;
            }
        }
        return Optional.ofNullable(best);
    }

    private static int commonPrefix(String a, String b) {
        int n = Math.min(a.length(), b.length());
        int i = 0;
        while (i < n && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }

    /** A name as messages show it: a 100,000-character name is cut short. */
    static String shorten(String name) {
        return name.length() <= 40 ? name : name.substring(0, 37) + "...";
    }

    static String didYouMean(String name, Collection<String> known) {
        return closest(name, known).map(s -> " (did you mean '" + s + "'?)").orElse("");
    }

    static int distance(String a, String b) {
        return io.github.chainrule.diag.EditDistance.between(a, b);
    }
}
