package io.github.chainrule;

import java.util.List;
import javax.lang.model.SourceVersion;

/**
 * The Java names of a generated class, decided once for the command line and the Maven plugin: the
 * class name a file name makes, which class names the generated code cannot take, and what a
 * package name is.
 */
public final class JavaNames {
    /** The extension of a program's file. */
    public static final String EXTENSION = ".chain";

    /**
     * The types the generated code names without imports ({@code Math.sin}, {@code List<String>},
     * …): a class of that name would hide them, and no generated field or local takes them.
     */
    public static final List<String> USED_BY_GENERATED_CODE =
            List.of(
                    "Math",
                    "Double",
                    "String",
                    "System",
                    "Object",
                    "List",
                    "Arrays",
                    "Collections",
                    "ArrayList",
                    "ThreadLocal",
                    "IllegalArgumentException",
                    "NullPointerException",
                    "Integer",
                    "Long");

    private JavaNames() {}

    /** A file name that makes no usable class name: the message says why and what to do. */
    public static final class BadName extends Exception {
        public BadName(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The class a file's name makes: without {@code .chain}, split into words at {@code -}, {@code
     * _}, {@code .} and spaces, each word starting with a capital letter and the rest kept as it is
     * ({@code neuron.chain} → {@code Neuron}, {@code my_loss.chain} and {@code my-loss.chain} →
     * {@code MyLoss}, {@code neuron.v2.chain} → {@code NeuronV2}, {@code MLP.chain} → {@code MLP}).
     *
     * @param fileName the file's name, without its folders
     * @throws BadName when that is not a Java identifier, or is a type the generated code uses
     */
    public static String className(String fileName) throws BadName {
        String base =
                fileName.endsWith(EXTENSION)
                        ? fileName.substring(0, fileName.length() - EXTENSION.length())
                        : fileName;
        StringBuilder name = new StringBuilder(base.length());
        boolean wordStart = true;
        for (int i = 0; i < base.length(); ) {
            int cp = base.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '-' || cp == '_' || cp == '.' || cp == ' ') {
                wordStart = true;
                continue;
            }
            name.appendCodePoint(wordStart ? Character.toUpperCase(cp) : cp);
            wordStart = false;
        }
        String result = name.toString();
        String reason = whyNotAClassName(result);
        if (reason != null) {
            throw new BadName(
                    String.format(
                            "cannot make a Java class name of the file name '%s' (%s); rename the"
                                    + " file%s (neuron.chain gives Neuron, my_loss.chain gives"
                                    + " MyLoss)",
                            fileName,
                            reason,
                            USED_BY_GENERATED_CODE.contains(result)
                                    ? ""
                                    : " with letters, digits, '_', '-' and '.', starting with a"
                                            + " letter"));
        }
        return result;
    }

    /**
     * Why {@code name} cannot be a generated class's name ({@code "class name Math would hide the
     * type Math that generated code uses"}), or null when it can.
     */
    public static String whyNotAClassName(String name) {
        if (!SourceVersion.isIdentifier(name) || SourceVersion.isKeyword(name)) {
            return "'" + name + "' is not an identifier";
        }
        if (USED_BY_GENERATED_CODE.contains(name)) {
            return "class name "
                    + name
                    + " would hide the type "
                    + name
                    + " that generated code uses";
        }
        return null;
    }

    /** Whether {@code name} is a dotted Java package name ({@code com.acme.model}). */
    public static boolean isPackageName(String name) {
        return SourceVersion.isName(name);
    }

    /** Whether {@code name} can be one part of a package name (a folder's name, say). */
    public static boolean isPackagePart(String name) {
        return !name.contains(".") && isPackageName(name);
    }
}
