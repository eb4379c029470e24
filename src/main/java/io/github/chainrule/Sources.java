package io.github.chainrule;

import io.github.chainrule.diag.Diagnostic;
import io.github.chainrule.diag.Severity;
import io.github.chainrule.diag.SourceFile;
import io.github.chainrule.diag.Span;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Source bytes to text: UTF-8 only, and a positioned error for anything else. */
public final class Sources {
    private Sources() {}

    /** The decoded file, or, in {@code error}, where the first byte that is not UTF-8 is. */
    public record Decoded(SourceFile source, Optional<Diagnostic> error) {}

    public static Decoded decode(String name, byte[] bytes) {
        CharsetDecoder decoder =
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        out.flip();
        String text = out.toString();
        if (result.isError()) {
            // The place: the line and column of the first bad byte. The line shown under the
            // message: the whole line, each bad byte as U+FFFD.
            String before = stripBom(text);
            SourceFile partial = new SourceFile(name, before);
            int line = partial.lineCount();
            String last = partial.line(line);
            Span at = new Span(line, last.codePointCount(0, last.length()) + 1, 1);
            int offset = in.position();
            String message =
                    looksLikeUtf16(bytes)
                            ? "the file is not UTF-8 text: it looks like UTF-16 (save it as UTF-8)"
                            : String.format(
                                    "the file is not UTF-8 text (byte 0x%02X at offset %d)",
                                    bytes[offset] & 0xff, offset);
            SourceFile shown =
                    new SourceFile(
                            name,
                            looksLikeUtf16(bytes)
                                    ? new String(bytes, StandardCharsets.UTF_16)
                                    : stripBom(new String(bytes, StandardCharsets.UTF_8)));
            return new Decoded(shown, Optional.of(new Diagnostic(Severity.ERROR, at, message)));
        }
        return new Decoded(new SourceFile(name, stripBom(text)), Optional.empty());
    }

    private static String stripBom(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static boolean looksLikeUtf16(byte[] bytes) {
        return bytes.length >= 2
                && ((bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE)
                        || (bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF));
    }
}
