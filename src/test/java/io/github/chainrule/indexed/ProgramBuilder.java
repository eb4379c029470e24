package io.github.chainrule.indexed;

import io.github.chainrule.diag.SourceFile;
import io.github.chainrule.graph.Graph;
import io.github.chainrule.graph.Node;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Builds {@link IndexedProgram}s by hand, in notation close to the language's: {@code input("W[m,
 * n]")}, {@code read("x[i+1]")}, {@code statement("a[j]", "j in 0..n", body)}.
 */
final class ProgramBuilder {
    final Graph g = new Graph();
    private final List<IndexedProgram.Size> sizes = new ArrayList<>();
    private final List<IndexedProgram.Array> inputs = new ArrayList<>();
    private final List<IndexedProgram.Array> arrays = new ArrayList<>();
    private final List<IndexedProgram.Step> steps = new ArrayList<>();
    private final List<String> outputs = new ArrayList<>();
    private Map<String, IndexedProgram.Read> reads = new LinkedHashMap<>();
    private int line = 1;

    ProgramBuilder size(String name) {
        sizes.add(new IndexedProgram.Size(name, OptionalLong.empty()));
        return this;
    }

    ProgramBuilder size(String name, long fixed) {
        sizes.add(new IndexedProgram.Size(name, OptionalLong.of(fixed)));
        return this;
    }

    ProgramBuilder input(String declaration) {
        inputs.add(array(declaration));
        return this;
    }

    /** An assigned array (or scalar), and an output. */
    ProgramBuilder assigned(String declaration) {
        IndexedProgram.Array a = array(declaration);
        arrays.add(a);
        outputs.add(a.name());
        return this;
    }

    /** A leaf that reads {@code text} ({@code x[i+1]}, {@code b}) in the next statement. */
    Node read(String text) {
        int open = text.indexOf('[');
        String name = open < 0 ? text : text.substring(0, open);
        List<Affine> subscripts =
                open < 0 ? List.of() : affines(text.substring(open + 1, text.length() - 1));
        reads.put(text, new IndexedProgram.Read(name, subscripts));
        return g.variable(text);
    }

    /** A leaf for an index or a size. */
    Node value(String name) {
        return g.variable(name);
    }

    IndexedProgram.Statement statement(String lhs, String domain, Node body) {
        return statement(lhs, domain, Optional.empty(), 0, body);
    }

    IndexedProgram.Statement reduce(
            IndexedProgram.ReduceOp op, int from, String lhs, String domain, Node body) {
        return statement(lhs, domain, Optional.of(op), from, body);
    }

    private IndexedProgram.Statement statement(
            String lhs, String domain, Optional<IndexedProgram.ReduceOp> op, int from, Node body) {
        IndexedProgram.Array target = array(lhs);
        List<IndexedProgram.Binder> binders = new ArrayList<>();
        if (!domain.isBlank()) {
            for (String b : domain.split(",")) {
                String[] parts = b.trim().split(" in |\\.\\.");
                binders.add(
                        new IndexedProgram.Binder(
                                parts[0].trim(), affine(parts[1]), affine(parts[2])));
            }
        }
        IndexedProgram.Statement s =
                new IndexedProgram.Statement(
                        target.name(), target.extents(), binders, op, from, body, reads, line++);
        reads = new LinkedHashMap<>();
        return s;
    }

    ProgramBuilder single(IndexedProgram.Statement s) {
        steps.add(new IndexedProgram.Single(s));
        return this;
    }

    ProgramBuilder recurrence(String lo, String hi, IndexedProgram.Statement... statements) {
        steps.add(new IndexedProgram.Recurrence(affine(lo), affine(hi), List.of(statements)));
        return this;
    }

    IndexedProgram build() {
        return new IndexedProgram(
                new SourceFile("test.chain", ""),
                g,
                sizes,
                inputs,
                arrays,
                steps,
                List.of(),
                outputs);
    }

    static IndexedProgram.Array array(String declaration) {
        int open = declaration.indexOf('[');
        if (open < 0) {
            return new IndexedProgram.Array(declaration.trim(), List.of());
        }
        return new IndexedProgram.Array(
                declaration.substring(0, open).trim(),
                affines(declaration.substring(open + 1, declaration.length() - 1)));
    }

    static List<Affine> affines(String text) {
        List<Affine> out = new ArrayList<>();
        for (String s : text.split(",")) {
            out.add(affine(s));
        }
        return out;
    }

    /** {@code 2*i+1}, {@code n-1-i}, {@code 0}: integer terms, symbols and {@code c*symbol}. */
    static Affine affine(String text) {
        Affine out = Affine.of(0);
        String s = text.replace(" ", "");
        int i = 0;
        while (i < s.length()) {
            int sign = 1;
            if (s.charAt(i) == '+' || s.charAt(i) == '-') {
                sign = s.charAt(i) == '-' ? -1 : 1;
                i++;
            }
            int end = i;
            while (end < s.length() && s.charAt(end) != '+' && s.charAt(end) != '-') {
                end++;
            }
            String term = s.substring(i, end);
            int star = term.indexOf('*');
            if (star >= 0) {
                long c = Long.parseLong(term.substring(0, star));
                out = out.plus(Affine.symbol(term.substring(star + 1)).times(sign * c));
            } else if (Character.isDigit(term.charAt(0))) {
                out = out.plus(sign * Long.parseLong(term));
            } else {
                out = out.plus(Affine.symbol(term).times(sign));
            }
            i = end;
        }
        return new Affine(out.constant(), new TreeMap<>(out.terms()));
    }
}
