package io.github.chainrule.check;

import io.github.chainrule.diag.Reporter;
import io.github.chainrule.diag.Span;
import io.github.chainrule.graph.Graph;
import io.github.chainrule.graph.Node;
import io.github.chainrule.indexed.Affine;
import io.github.chainrule.indexed.IndexedProgram.Binder;
import io.github.chainrule.indexed.IndexedProgram.Read;
import io.github.chainrule.indexed.IndexedProgram.Statement;
import io.github.chainrule.syntax.Ast;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the checks of one indexed program share: its declarations, sizes and pieces, what each name
 * at the program's level is, and what the lowering has built so far (statements and element reads).
 * The jobs ({@link Ranges}, {@link ReadChecks}, {@link IndexedLowering}) read and fill it.
 */
final class IndexedScope {
    static final Set<String> REDUCTIONS = Set.of("sum", "max", "min");

    final Ast.Program program;
    final Reporter reporter;
    final Graph graph = new Graph();
    final SizeTable sizes;
    final Declarations declarations;

    /** Each input's extents (none for a scalar input). */
    final Map<String, List<Affine>> inputShapes = new LinkedHashMap<>();

    /** Every assigned name with its pieces, in the order of the text. */
    final Map<String, List<Piece>> pieces = new LinkedHashMap<>();

    /** Every name bound as an index somewhere, for messages about names used wrongly. */
    final Set<String> indexNames = new LinkedHashSet<>();

    /** Every element read of the program, by its leaf's name ({@code x[i+1]}, {@code a}). */
    private final Map<String, Read> reads = new HashMap<>();

    final List<Statement> statements = new ArrayList<>();
    final Map<Statement, Span> spans = new IdentityHashMap<>();

    /** The extents of the arrays the program assigns, once known. */
    final Map<String, List<Affine>> extents = new HashMap<>();

    /** One statement of an array's definition (one piece of a piecewise one). */
    static final class Piece {
        final Ast.Assignment assignment;
        List<Binder> ranges; // the left-hand indices' ranges, in left-hand order; null until known
        boolean inProgress;
        boolean failed;

        Piece(Ast.Assignment assignment) {
            this.assignment = assignment;
        }

        String target() {
            return assignment.target().name();
        }
    }

    /**
     * @param scalarForm whether {@code program} is a scalar program, lowered as the
     *     zero-dimensional case: declared as scalar programs declare (no reserved reductions,
     *     inputs from the free names without an input line)
     */
    IndexedScope(Ast.Program program, Reporter reporter, boolean scalarForm) {
        this.program = program;
        this.reporter = reporter;
        this.sizes = SizeTable.collect(program, reporter);
        if (scalarForm) {
            this.declarations = Declarations.scalar(program, reporter);
            if (!declarations.hasInputLine) {
                declarations.inputsFromFreeNames();
            }
        } else {
            this.declarations =
                    Declarations.indexed(program, reporter, REDUCTIONS, sizes.declaredAt());
        }
        declarations.inputDimensions.forEach((n, dims) -> inputShapes.put(n, sizes.shape(dims)));
        declarations.assignments.forEach(
                (n, all) -> pieces.put(n, all.stream().map(Piece::new).toList()));
    }

    Map<String, Ast.Ident> inputIdents() {
        return declarations.inputs;
    }

    Map<String, Ast.FunctionDef> functions() {
        return declarations.functions;
    }

    Piece pieceOf(Ast.Assignment a) {
        List<Piece> ps = pieces.get(a.target().name());
        if (ps == null) {
            return null;
        }
        for (Piece p : ps) {
            if (p.assignment == a) {
                return p;
            }
        }
        return null;
    }

    // ---- names ----------------------------------------------------------------------------------

    boolean isArray(String name) {
        if (inputShapes.containsKey(name)) {
            return !inputShapes.get(name).isEmpty();
        }
        List<Piece> ps = pieces.get(name);
        return ps != null && ps.get(0).assignment.indexed();
    }

    /** What a name declared at the program's level is, for messages; null if nothing. */
    String kindOf(String name) {
        if (sizes.contains(name)) {
            return "a size";
        }
        if (inputIdents().containsKey(name)) {
            return isArray(name) ? "an array input" : "an input";
        }
        if (pieces.containsKey(name)) {
            return isArray(name) ? "an array" : "a value";
        }
        if (Checker.CONSTANTS.containsKey(name)) {
            return "a constant";
        }
        if (functions().containsKey(name)) {
            return "a function";
        }
        return indexNames.contains(name) ? "an index" : null;
    }

    /** Checks that an index variable's name is free; reports and returns false if not. */
    boolean canBindIndex(Ast.Ident id, Set<String> inScope) {
        if (!declarations.canName(id, "an index")) {
            return false;
        }
        String kind = kindOf(id.name());
        if (kind != null || inScope.contains(id.name())) {
            reporter.error(
                    id.span(),
                    "index "
                            + Checker.quote(id.name())
                            + " shadows "
                            + (kind != null ? kind : "an index")
                            + " of the same name: give the index another name");
            return false;
        }
        return true;
    }

    /** The meaning of a name inside an integer expression, with {@code indices} in scope. */
    IndexExprs.Names names(Set<String> indices) {
        return name -> {
            if (indices.contains(name)) {
                return Optional.of(new IndexExprs.IndexName(name));
            }
            if (sizes.contains(name)) {
                return Optional.of(sizes.get(name));
            }
            String kind = kindOf(name);
            return kind == null ? Optional.empty() : Optional.of(new IndexExprs.OtherName(kind));
        };
    }

    // ---- element reads --------------------------------------------------------------------------

    /** The leaf for an element read, remembered by its name. */
    Node leaf(Read r) {
        String name = leafName(r);
        reads.putIfAbsent(name, r);
        return graph.variable(name);
    }

    static String leafName(Read r) {
        if (r.subscripts().isEmpty()) {
            return r.array();
        }
        List<String> parts = new ArrayList<>();
        r.subscripts().forEach(s -> parts.add(s.toString()));
        return r.array() + "[" + String.join(", ", parts) + "]";
    }

    /** The element reads among a body's leaves. */
    Map<String, Read> readsOf(Node body) {
        Map<String, Read> out = new LinkedHashMap<>();
        Deque<Node> work = new ArrayDeque<>(List.of(body));
        Set<Integer> seen = new HashSet<>();
        while (!work.isEmpty()) {
            Node n = work.pop();
            if (!seen.add(n.id())) {
                continue;
            }
            if (n instanceof Node.Var v && reads.containsKey(v.name())) {
                out.put(v.name(), reads.get(v.name()));
            }
            work.addAll(n.children());
        }
        return out;
    }
}
