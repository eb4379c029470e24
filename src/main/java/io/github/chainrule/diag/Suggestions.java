package io.github.chainrule.diag;

import java.util.Collection;
import java.util.Optional;

/**
 * What messages say about what the user wrote, for every stage: "did you mean" (how near a known
 * word must be, and the words of the hint), and how much of a long name or text is quoted.
 */
public final class Suggestions {
    /** Names longer than this get no suggestion. */
    public static final int MAX_LENGTH = 64;

    /** Text up to this many characters (code points) is quoted whole; longer text is cut short. */
    private static final int QUOTED_WHOLE = 40;

    private Suggestions() {}

    /**
     * How many edits a word of {@code length} characters may be from the word meant: one for short
     * words, two for longer ones.
     */
    public static int allowedEdits(int length) {
        return length <= 3 ? 1 : 2;
    }

    /**
     * The known name nearest to {@code name}: at most one edit away for short names, two for longer
     * ones, and never a name that shares nothing with it (every one-letter name is one edit from
     * every other). Ties go to the longer common prefix ('sinn' is 'sin', not 'sign'), then to
     * alphabetical order.
     */
    public static Optional<String> closest(String name, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        int bestPrefix = -1;
        if (name.length() > MAX_LENGTH) {
            return Optional.empty(); // the distance table is quadratic in the length
        }
        int limit = allowedEdits(name.length());
        for (String k : known) {
            if (k.equals(name) || Math.abs(k.length() - name.length()) > limit) {
                continue;
            }
            int d = EditDistance.between(name.toLowerCase(), k.toLowerCase());
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

    /**
     * Whether {@code typed} is near enough to the word {@code meant} (a keyword, say) to suggest
     * it: within the edits {@code meant}'s length allows, letter case included.
     */
    public static boolean near(String typed, String meant) {
        int limit = allowedEdits(meant.length());
        return Math.abs(typed.length() - meant.length()) <= limit
                && EditDistance.between(typed, meant) <= limit;
    }

    /** The hint for {@code suggestion}: {@code " (did you mean 'x'?)"}. */
    public static String hint(String suggestion) {
        return " (did you mean '" + suggestion + "'?)";
    }

    /** The hint for the name nearest to {@code name}, or "" when none is near. */
    public static String didYouMean(String name, Collection<String> known) {
        return closest(name, known).map(Suggestions::hint).orElse("");
    }

    /** Whether {@code text} is short enough to quote whole. */
    public static boolean isShort(String text) {
        return text.codePointCount(0, text.length()) <= QUOTED_WHOLE;
    }

    /** Text as messages quote it: a 100,000-character name is cut short. */
    public static String shorten(String text) {
        if (isShort(text)) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, QUOTED_WHOLE - 3)) + "...";
    }

    private static int commonPrefix(String a, String b) {
        int n = Math.min(a.length(), b.length());
        int i = 0;
        while (i < n && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }
}
