package io.github.chainrule;

import io.github.chainrule.check.CheckedProgram;
import io.github.chainrule.diag.SourceFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Compiling programs in tests: from text or from the test resources, failing loudly on errors. */
public final class TestPrograms {
    private TestPrograms() {}

    public static CheckedProgram compile(String text) {
        return compile("<test>", text);
    }

    public static CheckedProgram compile(String name, String text) {
        Driver.Checked c = Driver.check(new SourceFile(name, text));
        if (!c.ok()) {
            throw new AssertionError("does not compile:\n" + c.reporter().format());
        }
        return c.program().get();
    }

    public static String resource(String path) {
        try (InputStream in = TestPrograms.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new AssertionError("no test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One of the benchmark programs, e.g. {@code program("neuron")}. */
    public static CheckedProgram program(String name) {
        return compile(name + ".chain", resource("/programs/" + name + ".chain"));
    }
}
