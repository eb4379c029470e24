package io.github.chainrule.indexed;

/**
 * A point that cannot be used, with a message ready to print: {@code FILE:LINE:COL: error: ...} for
 * a JSON file, {@code --at NAME: ...} for command-line text (the CLI adds its own prefix).
 */
public final class PointException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public PointException(String message) {
        super(message);
    }
}
