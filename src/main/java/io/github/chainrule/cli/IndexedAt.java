package io.github.chainrule.cli;

import io.github.chainrule.indexed.IndexedPoint;
import io.github.chainrule.indexed.IndexedProgram;
import io.github.chainrule.indexed.PointException;
import io.github.chainrule.indexed.Points;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code --at} for an indexed program: {@code x=[1,2,3],n=3,b=0.5} (picocli hands the pieces split
 * at every comma; {@link Points} joins them again) or {@code @point.json}. Every mistake is a usage
 * error (exit 2) with {@link Points}'s message.
 */
final class IndexedAt {
    private IndexedAt() {}

    static IndexedPoint point(IndexedProgram program, List<String> at) {
        try {
            return at.size() == 1 && at.get(0).startsWith("@")
                    ? Points.fromJson(program, Path.of(at.get(0).substring(1)))
                    : Points.fromAssignments(program, at);
        } catch (PointException e) {
            throw new Main.UsageError(e.getMessage());
        } catch (IOException | InvalidPathException e) {
            throw new Main.UsageError(
                    "--at " + at.get(0) + ": cannot read the file (" + e.getMessage() + ")");
        }
    }
}
