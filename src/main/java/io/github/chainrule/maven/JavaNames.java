package io.github.chainrule.maven;

import java.util.List;
import javax.lang.model.SourceVersion;

/**
 * Where a source's class goes: the class name from the file name, the package from the folders
 * under the source directory. Each rule either gives a valid Java name or says why it cannot.
 */
final class JavaNames {
    static final String EXTENSION = ".chain";

    private JavaNames() {}

    /** A name that cannot be used, with the message that says why and what to do. */
    static final class BadName extends Exception {
        BadName(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * {@code neuron.chain} → {@code Neuron}, {@code my_loss.chain} and {@code my-loss.chain} →
     * {@code MyLoss}: {@code _} and {@code -} separate words, each word starts with a capital
     * letter, and the rest of the name is kept as it is ({@code MLP.chain} → {@code MLP}).
     */
    static String className(String fileName) throws BadName {
        if (!fileName.endsWith(EXTENSION)) {
            throw new AssertionError(fileName);
        }
        String base = fileName.substring(0, fileName.length() - EXTENSION.length());
        StringBuilder name = new StringBuilder(base.length());
        boolean wordStart = true;
        for (int i = 0; i < base.length(); ) {
            int cp = base.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '_' || cp == '-') {
                wordStart = true;
                continue;
            }
            name.appendCodePoint(wordStart ? Character.toUpperCase(cp) : cp);
            wordStart = false;
        }
        String result = name.toString();
        if (result.isEmpty()
                || !SourceVersion.isIdentifier(result)
                || SourceVersion.isKeyword(result)) {
            throw new BadName(
                    String.format(
                            "the file name '%s' does not make a Java class name ('%s' is not an"
                                + " identifier); name the file with letters, digits, '_' and '-',"
                                + " starting with a letter (neuron.chain gives Neuron,"
                                + " my_loss.chain gives MyLoss)",
                            fileName, result));
        }
        return result;
    }

    /**
     * The package of a file in {@code folders} under the source directory: {@code a/b} → {@code
     * a.b}.
     */
    static String packageName(List<String> folders) throws BadName {
        for (String folder : folders) {
            if (!isPackageSegment(folder)) {
                throw new BadName(
                        String.format(
                                "the folder '%s' is not a Java package name, so the file has no"
                                        + " package: rename the folder (to '%s', say) or set"
                                        + " <packageName> in the plugin's configuration",
                                folder, suggestSegment(folder)));
            }
        }
        return String.join(".", folders);
    }

    /** Whether {@code name} is a dotted Java package name ({@code com.acme.model}). */
    static boolean isPackageName(String name) {
        return SourceVersion.isName(name);
    }

    private static boolean isPackageSegment(String folder) {
        return SourceVersion.isIdentifier(folder) && !SourceVersion.isKeyword(folder);
    }

    /**
     * A valid folder name close to {@code folder}: '_' for what cannot be in one, before a leading
     * digit.
     */
    static String suggestSegment(String folder) {
        StringBuilder out = new StringBuilder();
        folder.codePoints()
                .forEach(
                        cp -> {
                            if (out.length() == 0 && !Character.isJavaIdentifierStart(cp)) {
                                out.append('_');
                                if (Character.isJavaIdentifierPart(cp)) {
                                    out.appendCodePoint(cp);
                                }
                            } else {
                                out.appendCodePoint(Character.isJavaIdentifierPart(cp) ? cp : '_');
                            }
                        });
        String s = out.toString();
        return s.isEmpty() || SourceVersion.isKeyword(s) ? s + "_" : s;
    }
}
