package io.tempos.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A tiny full-stack run — the concurrent phase at 20 and 40 events/s, 1 s per step — through the
 * real deployment on loopback: the JSON has the shape the README documents, every event is
 * accounted for, the floors were measured, the report draws Fig. 7a and 7b. No timing asserted.
 */
class FullStackBenchTest {

    @TempDir
    static Path dir;
    static JsonNode json;
    static String html;
    static String console;

    @BeforeAll
    static void runOnce() throws Exception {
        BenchOutputs run = BenchOutputs.of(dir, "fullstack", (jsonFile, reportFile, out) ->
                new FullStackBench(new FullStackBench.Options(1, 0.2, List.of(40, 20), List.of("concurrent"),
                        BenchOutputs.FUNCTION, BenchOutputs.EVENT, jsonFile, reportFile)).run(out));
        console = run.console();
        json = run.json();
        html = run.html();
    }

    @Test
    void jsonHasTheStepsInRampOrderWithEndToEndAndEveryHop() {
        assertThat(json.path("scenario").asText()).isEqualTo("fullstack");
        assertThat(json.path("rates_per_s").toString()).isEqualTo("[20,40]");
        JsonNode steps = json.path("steps");
        assertThat(steps.size()).isEqualTo(2);
        assertThat(steps.get(0).path("name").asText()).isEqualTo("concurrent@20");
        assertThat(steps.get(1).path("phase").asText()).isEqualTo("concurrent");
        for (JsonNode step : steps) {
            assertThat(step.path("flows").size()).as(step.toString()).isEqualTo(2);
            for (JsonNode flow : step.path("flows")) {
                String where = step.path("name").asText() + "/" + flow.path("name").asText();
                assertThat(flow.path("qos").asText()).as(where).isIn("strict", "best-effort");
                for (String key : List.of("p50", "p99", "p999", "max", "mean", "count")) {
                    assertThat(flow.path("end_to_end_us").path(key).isNumber()).as(where + " " + key).isTrue();
                }
                assertThat(flow.path("hops_us").fieldNames()).toIterable().containsExactly("created..trigger-out",
                        "trigger-out..broker-in", "broker-in..broker-out", "broker-out..invoker-in", "invoker-in..function-start",
                        "function-start..function-end");
                assertThat(flow.path("completed").asLong()).as(where).isPositive();
                assertThat(flow.path("end_to_end_us").path("p50").asDouble()).as(where).isPositive();
            }
        }
        assertThat(json.path("targets").size()).isEqualTo(3);
        assertThat(json.path("paper").path("strict_mean_isolated_us").asDouble()).isEqualTo(3_340);
    }

    @Test
    void everyEventIsAccountedFor() {
        for (JsonNode step : json.path("steps")) {
            for (JsonNode flow : step.path("flows")) {
                long dropped = 0;
                for (Iterator<JsonNode> it = flow.path("dropped").elements(); it.hasNext(); ) {
                    dropped += it.next().asLong();
                }
                assertThat(flow.path("sent").asLong()).as(flow.toString()).isPositive()
                        .isEqualTo(flow.path("completed").asLong() + dropped + flow.path("unaccounted").asLong());
                assertThat(flow.path("unaccounted").asLong()).as(flow.toString()).isZero();
            }
        }
    }

    @Test
    void theFloorsWereMeasuredInTheSameRun() {
        JsonNode relay = json.path("baselines").path("relay");
        assertThat(relay.size()).isEqualTo(2);
        assertThat(relay.get(0).path("rate_per_s").asInt()).isEqualTo(20);
        assertThat(relay.get(1).path("relay_p50_us").asDouble()).isPositive();
        JsonNode call = json.path("baselines").path("plain_call");
        assertThat(call.path("calls").asLong()).isPositive();
        assertThat(call.path("latency_us").path("p50").asDouble()).isPositive();
    }

    @Test
    void progressAndTablesAndTheReportsCharts() {
        assertThat(console).contains("[relay baseline @20/s]").contains("[plain C call]").containsPattern("\\[concurrent@40 +1/1 s] sq sent")
                .contains("Mean per hop (Fig. 7b)").contains("Targets (issue 6");
        assertThat(html).startsWith("<!DOCTYPE html>").contains("Fig. 7a").contains("Fig. 7b").contains("<polyline")
                .contains("paper SQ isolated 3.34 ms").contains("SQ concurrent").contains("function-start..function-end");
    }

    @Test
    void optionsThatCannotRunAreRefusedEveryProblemNamed() {
        assertThatThrownBy(() -> new FullStackBench.Options(0, -1, List.of(0), List.of("fig-9"), Path.of("no.so"), Path.of("no.json"),
                null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--step 0: must be 1..3600 seconds")
                .hasMessageContaining("--warmup -1.0")
                .hasMessageContaining("--rates: 0 events/s outside 1..100000")
                .hasMessageContaining("--phases: no phase named 'fig-9'; phases: [strict-alone, best-effort-alone, concurrent, flood]")
                .hasMessageContaining("--function no.so: no such file");
    }
}
