package io.github.chainrule.javagen;

import java.util.LinkedHashMap;
import java.util.Map;
import org.objectweb.asm.ClassReader;

/**
 * Facts about compiled classes, read with ASM: each method's bytecode size, the constant pool's
 * size.
 */
public final class Bytecode {
    private Bytecode() {}

    /** The length of each method's code, by name and descriptor, in the class file's order. */
    public static Map<String, Integer> methodSizes(byte[] classFile) {
        ClassReader r = new ClassReader(classFile);
        char[] buf = new char[r.getMaxStringLength()];
        int at = r.header + 6; // access, this, super
        int interfaces = r.readUnsignedShort(at);
        at += 2 + 2 * interfaces;
        int fields = r.readUnsignedShort(at);
        at += 2;
        for (int f = 0; f < fields; f++) {
            at = skipMember(r, at);
        }
        int methods = r.readUnsignedShort(at);
        at += 2;
        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (int i = 0; i < methods; i++) {
            String name = r.readUTF8(at + 2, buf) + r.readUTF8(at + 4, buf);
            int attributes = r.readUnsignedShort(at + 6);
            int a = at + 8;
            for (int j = 0; j < attributes; j++) {
                String attribute = r.readUTF8(a, buf);
                int length = r.readInt(a + 2);
                if (attribute.equals("Code")) {
                    sizes.put(name, r.readInt(a + 6 + 4)); // max_stack, max_locals, code_length
                }
                a += 6 + length;
            }
            at = a;
        }
        return sizes;
    }

    private static int skipMember(ClassReader r, int at) {
        int attributes = r.readUnsignedShort(at + 6);
        int a = at + 8;
        for (int j = 0; j < attributes; j++) {
            a += 6 + r.readInt(a + 2);
        }
        return a;
    }

    /** The largest method: "name(descriptor)=size". */
    public static Map.Entry<String, Integer> largest(byte[] classFile) {
        return methodSizes(classFile).entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .orElseThrow();
    }

    /** Entries of the constant pool (a double or long counts two). */
    static int constantPoolCount(byte[] classFile) {
        return new ClassReader(classFile).getItemCount();
    }
}
