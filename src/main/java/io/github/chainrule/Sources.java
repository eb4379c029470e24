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
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
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
            SourceFile partial = new SourceFile(name, text);
            int line = partial.lineCount();
            String last = partial.line(line);
            Span at = new Span(line, last.codePointCount(0, last.length()) + 1, 1);
            String message = String.format("the file is not UTF-8 text (byte 0x%02X at offset %d)",
                    bytes[in.position()] & 0xff, in.position());
            return new Decoded(partial, Optional.of(new Diagnostic(Severity.ERROR, at, message)));
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        return new Decoded(new SourceFile(name, text), Optional.empty());
    }
}
