package io.github.chainrule.report;

import io.github.chainrule.diff.IndexedFormulas;
import io.github.chainrule.diff.IndexedFormulas.Formula;
import io.github.chainrule.diff.IndexedFormulas.Reduction;
import io.github.chainrule.diff.IndexedFormulas.Term;
import io.github.chainrule.graph.Graph;
import io.github.chainrule.graph.Node;
import io.github.chainrule.graph.Printer;
import io.github.chainrule.graph.Tidy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The derivatives section of {@code derive} for an indexed program, as the scalar report writes its
 * own ({@code dL/dw1 = x1*(a - y)}): each derivative an indexed formula with its ranges, simplified
 * for reading ({@link Tidy}). Parts over other ranges follow on lines of their own that start with
 * {@code +}; a scatter-add says where it adds ({@code into dE/dx[j] for i in 0..n, j in i+1..n}).
 */
final class IndexedFormulaText {
    private IndexedFormulaText() {}

    /**
     * @param names how leaves print (forward values by name, lifted reductions by theirs), null
     *     entries aside
     * @param display the printed name of an adjoint array
     */
    static String text(
            IndexedFormulas f,
            Graph g,
            Map<Integer, String> names,
            java.util.function.UnaryOperator<String> display,
            boolean expand) {
        Map<Integer, String> all = new HashMap<>(names);
        for (Map.Entry<String, Reduction> e : f.reductions().entrySet()) {
            Reduction r = e.getValue();
            Printer p = new Printer(all);
            String body = text(g, r.body(), all, p);
            all.put(
                    g.variable(e.getKey()).id(),
                    r.op().name().toLowerCase(Locale.ROOT)
                            + "("
                            + body
                            + " for "
                            + IndexedFormulas.ranges(r.over())
                            + ")");
        }
        Printer printer = new Printer(all);
        StringBuilder out =
                new StringBuilder(
                        expand ? "\nderivatives, in the inputs alone\n" : "\nderivatives\n");
        for (Formula formula : f.formulas()) {
            String adjoint = display.apply(formula.adjoint());
            if (formula.notExpanded().isPresent()) {
                out.append("  ")
                        .append(adjoint)
                        .append(" = (not written out: ")
                        .append(formula.notExpanded().get())
                        .append(", which --expand would have to unroll)\n");
                continue;
            }
            if (formula.terms().isEmpty()) {
                out.append("  ").append(adjoint).append(" = 0\n");
                continue;
            }
            Term first = formula.terms().get(0);
            String lhs = "  " + adjoint + (first.elementwise() ? subscripts(first) : "") + " ";
            for (int t = 0; t < formula.terms().size(); t++) {
                Term term = formula.terms().get(t);
                out.append(t == 0 ? lhs + "= " : " ".repeat(lhs.length()) + "+ ")
                        .append(text(g, term.value(), all, printer));
                if (term.elementwise()) {
                    if (!term.over().isEmpty()) {
                        out.append("   for ").append(IndexedFormulas.ranges(term.over()));
                    }
                } else {
                    out.append("   into ").append(adjoint).append(subscripts(term));
                    if (!term.over().isEmpty()) {
                        out.append(" for ").append(IndexedFormulas.ranges(term.over()));
                    }
                    if (term.firstWhere().isPresent()) {
                        out.append("   (only the first where ")
                                .append(text(g, term.firstWhere().get(), all, printer))
                                .append(")");
                    }
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static String subscripts(Term t) {
        if (t.at().isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        t.at().forEach(a -> parts.add(a.toString()));
        return "[" + String.join(", ", parts) + "]";
    }

    /** Simplified for reading, adjoints in quotients parenthesised. */
    private static String text(Graph g, Node n, Map<Integer, String> names, Printer printer) {
        Node tidy = Tidy.tidy(g, n, printer);
        Printer p = AdjointText.inQuotients(names, List.of(tidy), g);
        return (p != null ? p : printer).toText(tidy);
    }
}
