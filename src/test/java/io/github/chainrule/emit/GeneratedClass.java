package io.github.chainrule.emit;

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
            inputs = (List<String>) LOOKUP.findStatic(type, "inputs", MethodType.methodType(List.class)).invoke();
            outputs = (List<String>) LOOKUP.findStatic(type, "outputs", MethodType.methodType(List.class)).invoke();
            wrt = (List<String>) LOOKUP.findStatic(type, "wrt", MethodType.methodType(List.class)).invoke();
            boolean one = outputs.size() == 1;
            forward = one ? LOOKUP.findStatic(type, "forward", MethodType.methodType(double.class, double[].class))
                    : LOOKUP.findStatic(type, "forward", MethodType.methodType(void.class, double[].class, double[].class));
            gradient = one ? LOOKUP.findStatic(type, "gradient",
                    MethodType.methodType(double.class, double[].class, double[].class)) : null;
            backward = LOOKUP.findStatic(type, "backward",
                    MethodType.methodType(void.class, double[].class, double[].class, double[].class));
            jacobian = LOOKUP.findStatic(type, "jacobian",
                    MethodType.methodType(void.class, double[].class, double[][].class));
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
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
