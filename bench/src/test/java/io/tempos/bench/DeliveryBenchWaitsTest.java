package io.tempos.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --wait park,spin} on the strict flow alone (1 s each at 200 events/s) through the real
 * deployment: a strict queue processor spinning at SCHED_FIFO holds a whole CPU, and the run
 * must still finish, deliver every strict event and report both strategies, each with its CPU.
 * No timing and no CPU figure is asserted: the machine is shared.
 */
class DeliveryBenchWaitsTest {

    @TempDir
    static Path dir;
    static JsonNode json;
    static String html;
    static String console;

    @BeforeAll
    static void runOnce() throws Exception {
        BenchOutputs run = BenchOutputs.of(dir, "waits", (jsonFile, reportFile, out) ->
                new DeliveryBench(new DeliveryBench.Options(1, 0.3, List.of("alone-strict"),
                        List.of("park", "spin"), BenchOutputs.FUNCTION, BenchOutputs.EVENT, jsonFile, reportFile), 200).run(out));
        console = run.console();
        json = run.json();
        html = run.html();
    }

    @Test
    void eachStrategyIsACaseOfItsOwnWithItsWaitAndCpuAndEveryStrictEventDelivered() {
        List<String> runs = new ArrayList<>();
        for (JsonNode c : json.path("cases")) {
            runs.add(c.path("name").asText() + "@" + c.path("wait").asText());
            assertThat(c.path("cpu_percent").asDouble()).as(c.toString()).isPositive();
            JsonNode strict = c.path("flows").get(0);
            assertThat(strict.path("sent").asLong()).as(c.toString()).isPositive()
                    .isEqualTo(strict.path("delivered").asLong()); // alone on loopback: nothing to drop
            assertThat(strict.path("latency_us").path("p99").asDouble()).as(c.toString()).isPositive();
        }
        assertThat(runs).containsExactly("alone-strict@park", "alone-strict@spin");
    }

    @Test
    void theTargetsAreJudgedPerStrategy() {
        List<String> names = new ArrayList<>();
        json.path("targets").forEach(t -> names.add(t.path("name").asText()));
        assertThat(names).contains("strict p50 alone / raw two-hop relay p50 (wait park)", "strict p50 alone / raw two-hop relay p50 (wait spin)");
    }

    @Test
    void theOutputNamesEachRunsWaitAndComparesTheStrategies() {
        assertThat(console).contains("strict queue processor waits: park, spin (best-effort parks)")
                .containsPattern("\\[alone-strict@spin +1/1 s] ")
                .contains("Wait strategies of the strict queue processor")
                .containsPattern("alone-strict +spin +\\d+ µs");
        assertThat(html).contains("Wait strategies of the strict queue processor").contains("<h3>alone-strict, strict wait spin</h3>")
                .contains("strict delivery latency against the CPU used");
    }
}
