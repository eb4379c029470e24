package io.github.chainrule.check;

import io.github.chainrule.diag.Reporter;
import io.github.chainrule.diag.Span;
import io.github.chainrule.indexed.Affine;
import java.util.ArrayList;
import java.util.List;

/**
 * An array's extents from the statements that define it: one statement defines {@code 0..hi} in
 * each dimension; several (a piecewise definition, {@code x[0] = x0} and {@code x[t] = … for t in
 * 1..T}) must differ in one dimension only, where their ranges must follow one another from 0 with
 * no gap and no overlap, for every value of the sizes.
 */
final class Coverage {
    private Coverage() {}

    /** One statement's half-open box {@code lo[d] <= index < hi[d]}, and where it is written. */
    record Box(List<Affine> lo, List<Affine> hi, Span at) {}

    /** The extents, or null after reporting a gap, an overlap or a shape that cannot be told. */
    static List<Affine> extents(String array, List<Box> boxes, SizeFacts sizes, Reporter reporter) {
        int rank = boxes.get(0).lo().size();
        if (boxes.size() == 1) {
            Box b = boxes.get(0);
            for (int d = 0; d < rank; d++) {
                if (!sizes.same(b.lo().get(d), Affine.of(0))) {
                    reporter.error(
                            b.at(),
                            gap(array, rank, d, Affine.of(0), b.lo().get(d))
                                    + ": define those elements too");
                    return null;
                }
            }
            return List.copyOf(b.hi());
        }
        int along = -1;
        for (int d = 0; d < rank; d++) {
            for (Box b : boxes) {
                if (!sizes.same(b.lo().get(d), boxes.get(0).lo().get(d))
                        || !sizes.same(b.hi().get(d), boxes.get(0).hi().get(d))) {
                    if (along >= 0 && along != d) {
                        reporter.error(
                                b.at(),
                                "the pieces of "
                                        + Checker.quote(array)
                                        + " differ in more than one dimension: define it piece"
                                        + " by piece along one dimension only");
                        return null;
                    }
                    along = d;
                }
            }
        }
        if (along < 0) {
            reporter.error(
                    boxes.get(1).at(),
                    "this piece of "
                            + Checker.quote(array)
                            + " overlaps the one at "
                            + boxes.get(0).at()
                            + ": both define the same elements");
            return null;
        }
        List<Box> left = new ArrayList<>(boxes);
        Affine cursor = Affine.of(0);
        while (!left.isEmpty()) {
            Box next = null;
            for (Box b : left) {
                if (sizes.same(b.lo().get(along), cursor)) {
                    if (next != null) {
                        reporter.error(
                                b.at(),
                                "this piece of "
                                        + Checker.quote(array)
                                        + " overlaps the one at "
                                        + next.at()
                                        + ": both start at "
                                        + position(array, rank, along, cursor));
                        return null;
                    }
                    next = b;
                }
            }
            if (next == null) {
                Box first = left.get(0);
                for (Box b : left) {
                    if (Bounds.atMost(b.lo().get(along), cursor, sizes)) {
                        reporter.error(
                                b.at(),
                                "this piece of "
                                        + Checker.quote(array)
                                        + " overlaps another: it starts at "
                                        + position(array, rank, along, b.lo().get(along))
                                        + ", before "
                                        + position(array, rank, along, cursor)
                                        + ", where the pieces before it end");
                        return null;
                    }
                }
                reporter.error(first.at(), gap(array, rank, along, cursor, first.lo().get(along)));
                return null;
            }
            left.remove(next);
            cursor = next.hi().get(along);
        }
        List<Affine> out = new ArrayList<>(boxes.get(0).hi());
        out.set(along, cursor);
        return List.copyOf(out);
    }

    private static String gap(String array, int rank, int d, Affine from, Affine to) {
        return "a gap in "
                + Checker.quote(array)
                + ": no statement defines "
                + (rank == 1 ? "its elements " : "dimension " + (d + 1) + " from ")
                + from
                + ".."
                + to
                + " (from "
                + position(array, rank, d, from)
                + " up to, not including, "
                + position(array, rank, d, to)
                + ")";
    }

    /** {@code x[3]}, or {@code index 3 of dimension 2 of S}. */
    private static String position(String array, int rank, int d, Affine at) {
        return rank == 1 ? array + "[" + at + "]" : "index " + at + " of dimension " + (d + 1);
    }
}
