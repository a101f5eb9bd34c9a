package io.tempos.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tempos bench delivery} refuses options that cannot run before starting anything. */
class BenchCommandTest {

    @Test
    void badOptionsAreAUsageErrorNamingEachProblem() {
        StringWriter err = new StringWriter();
        int exit = Main.commandLine().setErr(new PrintWriter(err))
                .execute("bench", "delivery", "--duration", "0", "--cases", "alone-strict,fig-9", "--function", "missing.so");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString())
                .contains("--duration 0: must be 1..3600 seconds")
                .contains("no case named 'fig-9'")
                .contains("--function missing.so: no such file");
    }

    @Test
    void processingRefusesAnUnknownMethodNamingTheValidOnes() {
        StringWriter err = new StringWriter();
        int exit = Main.commandLine().setErr(new PrintWriter(err)).execute("bench", "processing", "--methods", "dlf-warm,fork");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("no method named 'fork'; methods: [dlf-cold, dlf-warm, wasm-fresh, wasm-warm, spawn, "
                + "spawn-persistent, jvm]");
    }

    @Test
    void benchWithoutABenchmarkNamesTheBenchmarks() {
        StringWriter err = new StringWriter();
        int exit = Main.commandLine().setErr(new PrintWriter(err)).execute("bench");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("name a benchmark: delivery");
    }
}
