package io.github.chainrule.diff;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.chainrule.Corpus;
import io.github.chainrule.Corpus.Case;
import io.github.chainrule.check.IndexedChecker;
import io.github.chainrule.diag.Reporter;
import io.github.chainrule.diag.SourceFile;
import io.github.chainrule.graph.Evaluator;
import io.github.chainrule.graph.Graph;
import io.github.chainrule.graph.Node;
import io.github.chainrule.indexed.Affine;
import io.github.chainrule.indexed.IndexedEvaluator;
import io.github.chainrule.indexed.IndexedPoint;
import io.github.chainrule.indexed.IndexedProgram;
import io.github.chainrule.indexed.IndexedProgram.Binder;
import io.github.chainrule.indexed.IndexedProgram.Read;
import io.github.chainrule.indexed.IndexedValues;
import io.github.chainrule.indexed.Points;
import io.github.chainrule.syntax.Ast;
import io.github.chainrule.syntax.SyntaxParser;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The derivative formulas that {@code derive} prints, evaluated as they read (each term over its
 * ranges, each sum over its own) at each corpus point, against the backward pass run by the
 * evaluator: plain formulas read the forward values and the adjoints of that run, expanded ones
 * only the inputs. A formula that says it is not written out is skipped.
 */
class IndexedFormulasValueTest {
    static Stream<Case> corpus() {
        return Corpus.indexedCases().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void formulasGiveTheDerivatives(Case c) {
        SourceFile source = new SourceFile(c.id() + ".chain", c.program());
        Reporter reporter = new Reporter(source);
        Ast.Program parsed = SyntaxParser.parse(source, reporter).orElseThrow();
        IndexedProgram program = IndexedChecker.check(parsed, reporter).orElseThrow();
        IndexedPoint point = Points.fromJson(program, c.id() + ".json", c.at().toString());
        IndexedValues values = IndexedEvaluator.evaluate(program, point);
        for (boolean expand : new boolean[] {false, true}) {
            IndexedFormulas formulas = IndexedFormulas.of(program, expand);
            for (IndexedFormulas.Formula f : formulas.formulas()) {
                if (f.notExpanded().isPresent()) {
                    continue;
                }
                IndexedAdjoint adjoint = IndexedReverse.adjoint(program, f.output());
                String seed = adjoint.adjointOf().get(f.output());
                Map<String, double[]> arrays = new HashMap<>();
                Map<String, int[]> shapes = new HashMap<>();
                for (IndexedProgram.Array a : program.inputs()) {
                    arrays.put(a.name(), values.get(a.name()));
                    shapes.put(a.name(), values.shape(a.name()));
                }
                for (IndexedProgram.Array a : program.arrays()) {
                    arrays.put(a.name(), values.get(a.name()));
                    shapes.put(a.name(), values.shape(a.name()));
                }
                double[] expected = new double[values.get(f.wrt()).length];
                if (seed != null) {
                    IndexedValues backward =
                            IndexedEvaluator.backward(
                                    program, values, adjoint.adjoints(), adjoint.steps(), seed, 0);
                    for (IndexedProgram.Array a : adjoint.adjoints()) {
                        arrays.put(a.name(), backward.get(a.name()));
                        shapes.put(a.name(), backward.shape(a.name()));
                    }
                    String d = adjoint.adjointOf().get(f.wrt());
                    if (d != null) {
                        expected = backward.get(d);
                    }
                }
                Oracle oracle =
                        new Oracle(program.graph(), formulas, arrays, shapes, values.sizes());
                double[] got = oracle.formula(f, shapes.get(f.wrt()));
                for (int i = 0; i < got.length; i++) {
                    assertThat(got[i])
                            .as("%s %s (expand %s) element %d", c.id(), f.adjoint(), expand, i)
                            .isCloseTo(
                                    expected[i],
                                    org.assertj.core.api.Assertions.within(
                                            1e-9 * Math.max(1, Math.abs(expected[i]))));
                }
            }
        }
    }

    /** Evaluates formulas as they are printed: loops over their ranges, sums by their binders. */
    private record Oracle(
            Graph g,
            IndexedFormulas formulas,
            Map<String, double[]> arrays,
            Map<String, int[]> shapes,
            Map<String, Long> sizes) {

        double[] formula(IndexedFormulas.Formula f, int[] shape) {
            int length = 1;
            for (int e : shape) {
                length *= e;
            }
            double[] out = new double[length];
            for (IndexedFormulas.Term t : f.terms()) {
                if (t.firstWhere().isEmpty()) {
                    over(
                            t.over(),
                            0,
                            new HashMap<>(),
                            point -> out[offset(t.at(), shape, point)] += value(t.value(), point));
                    continue;
                }
                // only the first point of over[firstFrom..] where the condition holds adds
                List<Binder> outer = t.over().subList(0, t.firstFrom());
                List<Binder> inner = t.over().subList(t.firstFrom(), t.over().size());
                over(
                        outer,
                        0,
                        new HashMap<>(),
                        point -> {
                            boolean[] found = {false};
                            over(
                                    inner,
                                    0,
                                    new HashMap<>(point),
                                    p -> {
                                        if (!found[0] && value(t.firstWhere().get(), p) != 0) {
                                            found[0] = true;
                                            out[offset(t.at(), shape, p)] += value(t.value(), p);
                                        }
                                    });
                        });
            }
            return out;
        }

        interface Visit {
            void at(Map<String, Long> point);
        }

        void over(List<Binder> binders, int k, Map<String, Long> point, Visit visit) {
            if (k == binders.size()) {
                visit.at(point);
                return;
            }
            Binder b = binders.get(k);
            long lo = eval(b.lo(), point);
            long hi = eval(b.hi(), point);
            for (long i = lo; i < hi; i++) {
                point.put(b.index(), i);
                over(binders, k + 1, point, visit);
            }
            point.remove(b.index());
        }

        long eval(Affine a, Map<String, Long> point) {
            Map<String, Long> all = new HashMap<>(sizes);
            all.putAll(point);
            return a.evaluate(all).orElseThrow(() -> new AssertionError("unbound in " + a));
        }

        int offset(List<Affine> at, int[] shape, Map<String, Long> point) {
            int offset = 0;
            for (int d = 0; d < at.size(); d++) {
                long s = eval(at.get(d), point);
                assertThat(s).isBetween(0L, (long) shape[d] - 1);
                offset = offset * shape[d] + (int) s;
            }
            return offset;
        }

        double value(Node root, Map<String, Long> point) {
            double[] v = new double[g.size()];
            for (int id : Evaluator.reachableIds(List.of(root))) {
                Node n = g.node(id);
                if (n instanceof Node.Var x) {
                    v[id] = leaf(x.name(), point);
                } else {
                    v[id] = Evaluator.value(n, v);
                }
            }
            return v[root.id()];
        }

        double leaf(String name, Map<String, Long> point) {
            if (point.containsKey(name)) {
                return point.get(name);
            }
            if (sizes.containsKey(name)) {
                return sizes.get(name);
            }
            IndexedFormulas.Reduction r = formulas.reductions().get(name);
            if (r != null) {
                double[] acc = {
                    switch (r.op()) {
                        case SUM -> 0;
                        case MAX -> Double.NEGATIVE_INFINITY;
                        case MIN -> Double.POSITIVE_INFINITY;
                    }
                };
                over(
                        r.over(),
                        0,
                        new HashMap<>(point),
                        p -> {
                            double x = value(r.body(), p);
                            acc[0] =
                                    switch (r.op()) {
                                        case SUM -> acc[0] + x;
                                        case MAX -> Math.max(acc[0], x);
                                        case MIN -> Math.min(acc[0], x);
                                    };
                        });
                return acc[0];
            }
            Read read = formulas.elements().get(name);
            assertThat(read).as("a leaf the formula does not explain: " + name).isNotNull();
            double[] data = arrays.get(read.array());
            assertThat(data).as("no values for " + read.array()).isNotNull();
            return data[offset(read.subscripts(), shapes.get(read.array()), point)];
        }
    }
}
