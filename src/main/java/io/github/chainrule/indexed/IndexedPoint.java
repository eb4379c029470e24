package io.github.chainrule.indexed;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where to evaluate an indexed program: the values of its sizes given at call time ({@code dim n})
 * and of its inputs, each a row-major {@code double[]} (a scalar input has length 1). The arrays
 * are the caller's, not copied; evaluation only reads them.
 */
public record IndexedPoint(Map<String, Long> sizes, Map<String, double[]> inputs) {
    public IndexedPoint {
        sizes = Collections.unmodifiableMap(new LinkedHashMap<>(sizes));
        inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects sizes and inputs in any order. */
    public static final class Builder {
        private final Map<String, Long> sizes = new LinkedHashMap<>();
        private final Map<String, double[]> inputs = new LinkedHashMap<>();

        private Builder() {}

        public Builder size(String name, long value) {
            sizes.put(name, value);
            return this;
        }

        public Builder scalar(String name, double value) {
            inputs.put(name, new double[] {value});
            return this;
        }

        /** A row-major array input ({@code W[j, i]} is {@code values[j * d + i]}). */
        public Builder array(String name, double... values) {
            inputs.put(name, values);
            return this;
        }

        public IndexedPoint build() {
            return new IndexedPoint(sizes, inputs);
        }
    }
}
