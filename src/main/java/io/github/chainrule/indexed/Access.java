package io.github.chainrule.indexed;

import java.util.List;
import java.util.Map;

/**
 * One element access of a statement ({@code x[i+1]}, {@code W[j, i]}, the target {@code a[j]}),
 * compiled into an offset computation over the statement's index values. Each subscript is checked
 * against its extent: the checker proves every access in bounds, so a failure here is a program the
 * checker should have refused, and says where it reaches.
 */
final class Access {
    final double[] data;
    private final Linear[] subscripts;
    private final int[] extents;
    private final IndexedProgram.Array array;
    private final List<Affine> written;
    private final List<IndexedProgram.Binder> domain;
    private final Map<String, Long> sizes;

    Access(
            IndexedProgram.Array array,
            double[] data,
            int[] extents,
            List<Affine> subscripts,
            List<IndexedProgram.Binder> domain,
            int visible,
            Map<String, Long> sizes) {
        String what = array.name() + subscripts(subscripts);
        if (subscripts.size() != extents.length) {
            throw new IllegalArgumentException(
                    what
                            + " has "
                            + subscripts.size()
                            + " subscripts but "
                            + Shapes.describe(array, sizes)
                            + " has "
                            + extents.length
                            + " dimensions");
        }
        this.data = data;
        this.extents = extents;
        this.array = array;
        this.written = subscripts;
        this.domain = domain;
        this.sizes = sizes;
        this.subscripts = new Linear[extents.length];
        for (int d = 0; d < extents.length; d++) {
            this.subscripts[d] = Linear.of(subscripts.get(d), domain, visible, sizes, what);
        }
    }

    /** The row-major offset of the element at the index values {@code index}. */
    int offset(long[] index) {
        int offset = 0;
        for (int d = 0; d < extents.length; d++) {
            long s = subscripts[d].at(index);
            if (s < 0 || s >= extents[d]) {
                throw outside(d, s, index);
            }
            offset = offset * extents[d] + (int) s;
        }
        return offset;
    }

    private IllegalArgumentException outside(int d, long s, long[] index) {
        StringBuilder at = new StringBuilder();
        for (int k = 0; k < domain.size() && k < index.length; k++) {
            String name = domain.get(k).index();
            if (written.stream().anyMatch(a -> a.mentions(name))) {
                at.append(at.length() == 0 ? " at " : ", ")
                        .append(name)
                        .append(" = ")
                        .append(index[k]);
            }
        }
        return new IllegalArgumentException(
                array.name()
                        + subscripts(written)
                        + at
                        + ": subscript "
                        + written.get(d)
                        + " is "
                        + s
                        + ", outside 0.."
                        + extents[d]
                        + " (0 <= "
                        + written.get(d)
                        + " < "
                        + extents[d]
                        + ") of "
                        + Shapes.describe(array, sizes));
    }

    static String subscripts(List<Affine> subscripts) {
        if (subscripts.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < subscripts.size(); i++) {
            out.append(i == 0 ? "" : ", ").append(subscripts.get(i));
        }
        return out.append(']').toString();
    }
}
