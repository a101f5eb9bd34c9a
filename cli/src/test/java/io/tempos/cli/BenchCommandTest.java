package io.tempos.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tempos bench …} and {@code tempos analyze} refuse options that cannot run before starting anything. */
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
    void deliveryRefusesAnUnknownWaitStrategyNamingTheValidOnes() {
        StringWriter err = new StringWriter();
        int exit = Main.commandLine().setErr(new PrintWriter(err))
                .execute("bench", "delivery", "--cases", "alone-strict", "--wait", "park,busy");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--wait: no wait strategy named 'busy'; strategies: [park, yield, spin]");
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

    @Test
    void fullstackAndAllRefuseBadOptionsByName() {
        StringWriter err = new StringWriter();
        int exit = Main.commandLine().setErr(new PrintWriter(err))
                .execute("bench", "fullstack", "--step", "0", "--phases", "concurrent,fig-9", "--rates", "10,0");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--step 0: must be 1..3600 seconds").contains("no phase named 'fig-9'")
                .contains("--rates: 0 events/s outside 1..100000");

        StringWriter allErr = new StringWriter();
        assertThat(Main.commandLine().setErr(new PrintWriter(allErr)).execute("bench", "all", "--profile", "slow")).isEqualTo(2);
        assertThat(allErr.toString()).contains("--profile slow: no such profile; profiles: [quick, paper]");
    }

    @Test
    void analyzeNamesADirectoryWithoutEventLogs(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        int exit = Main.commandLine().setErr(new PrintWriter(err)).execute("analyze", dir.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains(dir + ": no event log (*.events) here; run the components with --event-log");
        StringWriter missing = new StringWriter();
        assertThat(Main.commandLine().setErr(new PrintWriter(missing)).execute("analyze", dir.resolve("nope").toString())).isEqualTo(2);
        assertThat(missing.toString()).contains("no such directory");
    }
}
