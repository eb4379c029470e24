package io.github.chainrule.loopgen;

import io.github.chainrule.indexed.IndexedProgram;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A generated loop class, loaded, called by reflection through its named forms (sizes, then each
 * input as its own parameter) and, when it has them, its packed forms.
 */
final class LoopClass {
    final Class<?> type;
    final IndexedProgram program;
    final List<String> dims;

    @SuppressWarnings("unchecked")
    LoopClass(Class<?> type, IndexedProgram program) {
        this.type = type;
        this.program = program;
        this.dims = (List<String>) invoke(find("dims"));
    }

    /** The named form's arguments: the runtime sizes, then the inputs. */
    List<Object> args(Map<String, Long> sizes, Map<String, double[]> inputs) {
        List<Object> args = new ArrayList<>();
        for (String d : dims) {
            args.add((int) (long) sizes.get(d));
        }
        for (IndexedProgram.Array a : program.inputs()) {
            double[] v = inputs.get(a.name());
            args.add(a.isScalar() ? (Object) v[0] : (Object) v.clone());
        }
        return args;
    }

    List<Class<?>> types() {
        List<Class<?>> types = new ArrayList<>();
        for (int i = 0; i < dims.size(); i++) {
            types.add(int.class);
        }
        for (IndexedProgram.Array a : program.inputs()) {
            types.add(a.isScalar() ? double.class : double[].class);
        }
        return types;
    }

    Method find(String name, Class<?>... types) {
        try {
            return type.getMethod(name, types);
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

    Method named(String name, Class<?>... extra) {
        List<Class<?>> types = types();
        types.addAll(List.of(extra));
        return find(name, types.toArray(new Class<?>[0]));
    }

    static Object invoke(Method m, Object... args) {
        try {
            return m.invoke(null, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new AssertionError(e.getCause());
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    static Object[] with(List<Object> args, Object... extra) {
        List<Object> all = new ArrayList<>(args);
        all.addAll(List.of(extra));
        return all.toArray();
    }

    /**
     * The method telling where {@code wrt} starts in grad: {@code offset} and the name with its
     * first letter capitalised, and {@code _} appended while that is taken by an earlier wrt input.
     */
    String offsetMethod(String wrt) {
        java.util.Set<String> taken = new java.util.HashSet<>();
        for (String w : program.wrt()) {
            String name = "offset" + Character.toUpperCase(w.charAt(0)) + w.substring(1);
            while (!taken.add(name)) {
                name += "_";
            }
            if (w.equals(wrt)) {
                return name;
            }
        }
        throw new AssertionError(wrt + " is not a wrt input");
    }

    int intOf(String method, Map<String, Long> sizes) {
        List<Object> args = new ArrayList<>();
        List<Class<?>> types = new ArrayList<>();
        for (String d : dims) {
            args.add((int) (long) sizes.get(d));
            types.add(int.class);
        }
        return (Integer) invoke(find(method, types.toArray(new Class<?>[0])), args.toArray());
    }
}
