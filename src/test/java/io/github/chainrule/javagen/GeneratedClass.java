package io.github.chainrule.javagen;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;

/** A generated class, loaded, with its array-form methods called through method handles. */
final class GeneratedClass {
    private static final MethodHandles.Lookup LOOKUP = MethodHandles.publicLookup();

    final Class<?> type;
    final List<String> inputs;
    final List<String> outputs;
    final List<String> wrt;
    private final MethodHandle forward;
    private final MethodHandle gradient;
    private final MethodHandle backward;
    private final MethodHandle jacobian;

    @SuppressWarnings("unchecked")
    GeneratedClass(Class<?> type) {
        this.type = type;
        try {
            inputs =
                    (List<String>)
                            LOOKUP.findStatic(type, "inputs", MethodType.methodType(List.class))
                                    .invoke();
            outputs =
                    (List<String>)
                            LOOKUP.findStatic(type, "outputs", MethodType.methodType(List.class))
                                    .invoke();
            wrt =
                    (List<String>)
                            LOOKUP.findStatic(type, "wrt", MethodType.methodType(List.class))
                                    .invoke();
            boolean one = outputs.size() == 1;
            forward =
                    one
                            ? LOOKUP.findStatic(
                                    type,
                                    "forward",
                                    MethodType.methodType(double.class, double[].class))
                            : LOOKUP.findStatic(
                                    type,
                                    "forward",
                                    MethodType.methodType(
                                            void.class, double[].class, double[].class));
            gradient =
                    one
                            ? LOOKUP.findStatic(
                                    type,
                                    "gradient",
                                    MethodType.methodType(
                                            double.class, double[].class, double[].class))
                            : null;
            backward =
                    LOOKUP.findStatic(
                            type,
                            "backward",
                            MethodType.methodType(
                                    void.class, double[].class, double[].class, double[].class));
            jacobian =
                    LOOKUP.findStatic(
                            type,
                            "jacobian",
                            MethodType.methodType(void.class, double[].class, double[][].class));
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    /**
     * The scalar-parameter forms, where the class has them, called with the same arguments as the
     * array forms: forward's outputs, gradient's value and gradient, backward's gradient, in one
     * array; null when the class has none of them.
     */
    double[] scalarForms(double[] x, double[] seed) {
        int n = inputs.size();
        int m = outputs.size();
        int k = wrt.size();
        java.util.List<Double> results = new java.util.ArrayList<>();
        boolean any = false;
        try {
            Class<?>[] doubles = new Class<?>[n];
            java.util.Arrays.fill(doubles, double.class);
            Object[] args = new Object[n];
            for (int i = 0; i < n; i++) {
                args[i] = x[i];
            }
            java.lang.reflect.Method f = find("forward", doubles, m == 1 ? null : double[].class);
            if (f != null) {
                any = true;
                if (m == 1) {
                    results.add((Double) f.invoke(null, args));
                } else {
                    double[] out = new double[m];
                    f.invoke(null, append(args, out));
                    for (double v : out) {
                        results.add(v);
                    }
                }
            }
            java.lang.reflect.Method g = m == 1 ? find("gradient", doubles, double[].class) : null;
            if (g != null && g.getReturnType() == double.class) {
                double[] grad = new double[k];
                results.add((Double) g.invoke(null, append(args, grad)));
                for (double v : grad) {
                    results.add(v);
                }
            }
            Class<?>[] withSeeds = new Class<?>[n + m];
            java.util.Arrays.fill(withSeeds, double.class);
            java.lang.reflect.Method b = find("backward", withSeeds, double[].class);
            if (b != null) {
                Object[] all = java.util.Arrays.copyOf(args, n + m);
                for (int j = 0; j < m; j++) {
                    all[n + j] = seed[j];
                }
                double[] grad = new double[k];
                b.invoke(null, append(all, grad));
                for (double v : grad) {
                    results.add(v);
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
        return any ? results.stream().mapToDouble(Double::doubleValue).toArray() : null;
    }

    /** What {@link #scalarForms} returns, from the array forms. */
    double[] arrayForms(double[] x, double[] seed) {
        java.util.List<Double> results = new java.util.ArrayList<>();
        for (double v : forward(x)) {
            results.add(v);
        }
        if (outputs.size() == 1) {
            double[] grad = new double[wrt.size()];
            results.add(gradient(x, grad));
            for (double v : grad) {
                results.add(v);
            }
        }
        double[] grad = new double[wrt.size()];
        backward(x, seed, grad);
        for (double v : grad) {
            results.add(v);
        }
        return results.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private java.lang.reflect.Method find(String name, Class<?>[] doubles, Class<?> last) {
        Class<?>[] types =
                last == null ? doubles : java.util.Arrays.copyOf(doubles, doubles.length + 1);
        if (last != null) {
            types[doubles.length] = last;
        }
        try {
            return type.getMethod(name, types);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static Object[] append(Object[] args, Object last) {
        Object[] out = java.util.Arrays.copyOf(args, args.length + 1);
        out[args.length] = last;
        return out;
    }

    double[] forward(double[] x) {
        try {
            if (outputs.size() == 1) {
                return new double[] {(double) forward.invokeExact(x)};
            }
            double[] out = new double[outputs.size()];
            forward.invokeExact(x, out);
            return out;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    /** The output, then the gradient: only for one output. */
    double gradient(double[] x, double[] grad) {
        try {
            return (double) gradient.invokeExact(x, grad);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    void backward(double[] x, double[] seed, double[] grad) {
        try {
            backward.invokeExact(x, seed, grad);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    double[][] jacobian(double[] x) {
        double[][] jac = new double[outputs.size()][wrt.size()];
        try {
            jacobian.invokeExact(x, jac);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
        return jac;
    }
}
