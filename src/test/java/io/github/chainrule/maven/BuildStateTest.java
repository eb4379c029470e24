package io.github.chainrule.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildStateTest {
    @TempDir Path dir;

    @Test
    void roundTripsPathsWithSpacesLineBreaksAndPercents() throws Exception {
        BuildState state = new BuildState("0.1.0|12|34|package=com.acme");
        state.put(new BuildState.Entry("my models/a\tb%20\n.chain", "aa", "com/acme/A.java", "bb"));
        state.put(new BuildState.Entry("neuron.chain", "cc", "Neuron.java", "dd"));
        Path file = dir.resolve(".chainrule/x.state");
        state.save(file);

        BuildState loaded = BuildState.load(file).orElseThrow();
        assertThat(loaded.fingerprint()).isEqualTo(state.fingerprint());
        assertThat(loaded.entries()).containsExactlyElementsOf(state.entries());
        assertThat(Files.readAllLines(file)).hasSize(4);
    }

    @Test
    void savingTheSameStateAgainLeavesTheFileAlone() throws Exception {
        BuildState state = new BuildState("f");
        state.put(new BuildState.Entry("a.chain", "1", "A.java", "2"));
        Path file = dir.resolve("s.state");
        state.save(file);
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(0));
        state.save(file);
        assertThat(Files.getLastModifiedTime(file).toMillis()).isZero();
    }

    @Test
    void aMissingOrForeignFileIsNoState() throws Exception {
        assertThat(BuildState.load(dir.resolve("none.state"))).isEmpty();
        Path junk = dir.resolve("junk.state");
        Files.writeString(junk, "chainrule-state 1\nfingerprint f\nentry too few\n");
        assertThat(BuildState.load(junk)).isEmpty();
        Files.write(junk, new byte[] {(byte) 0xff, 0x00});
        assertThat(BuildState.load(junk)).isEmpty();
        Files.writeString(junk, "chainrule-state 99\nfingerprint f\n", StandardCharsets.UTF_8);
        assertThat(BuildState.load(junk)).isEmpty();
    }
}
