package io.github.chainrule.diag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects the diagnostics of one source file; every stage reports through one of these. */
public final class Reporter {
    private final SourceFile source;
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private int errors;

    public Reporter(SourceFile source) {
        this.source = source;
    }

    public SourceFile source() {
        return source;
    }

    public void error(Span span, String message) {
        diagnostics.add(new Diagnostic(Severity.ERROR, span, message));
        errors++;
    }

    public void warning(Span span, String message) {
        diagnostics.add(new Diagnostic(Severity.WARNING, span, message));
    }

    public boolean hasErrors() {
        return errors > 0;
    }

    public int errorCount() {
        return errors;
    }

    /** In source order (stable for messages at one place), as a reader goes through the file. */
    public List<Diagnostic> diagnostics() {
        List<Diagnostic> sorted = new ArrayList<>(diagnostics);
        sorted.sort(
                Comparator.comparingInt((Diagnostic d) -> d.span().line())
                        .thenComparingInt(d -> d.span().column()));
        return List.copyOf(sorted);
    }

    public String format() {
        StringBuilder out = new StringBuilder();
        for (Diagnostic d : diagnostics()) {
            out.append(d.format(source));
        }
        return out.toString();
    }
}
