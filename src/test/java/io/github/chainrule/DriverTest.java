package io.github.chainrule;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DriverTest {
    @Test
    void aGoodProgramGivesItsClass() {
        Driver.Generated r =
                Driver.generate(
                        "neuron.chain",
                        "input x, w\nz = sigmoid(w * x)\n".getBytes(StandardCharsets.UTF_8),
                        "com.acme",
                        "Neuron");
        assertThat(r.errorCount()).isZero();
        assertThat(r.java())
                .hasValueSatisfying(
                        java ->
                                assertThat(java)
                                        .contains("package com.acme;")
                                        .contains("public final class Neuron"));
    }

    @Test
    void errorsGiveNoClassAndAreFormattedWithCarets() {
        Driver.Generated r =
                Driver.generate(
                        "b.chain",
                        "input x\ny = sin(x\n".getBytes(StandardCharsets.UTF_8),
                        "",
                        "B");
        assertThat(r.java()).isEmpty();
        assertThat(r.errorCount()).isEqualTo(1);
        assertThat(r.formatted())
                .singleElement()
                .asString()
                .startsWith("b.chain:2:10: error: ")
                .endsWith("\ny = sin(x\n         ^\n");
    }

    @Test
    void bytesThatAreNotUtf8AreAnError() {
        Driver.Generated r =
                Driver.generate("c.chain", new byte[] {'x', ' ', '=', ' ', (byte) 0xff}, "", "C");
        assertThat(r.java()).isEmpty();
        assertThat(r.formatted())
                .singleElement()
                .asString()
                .startsWith("c.chain:1:5: error: the file is not UTF-8 text");
    }
}
