package io.tempos.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One tiny run of every case (1 s each at 200 events/s, the flood as fast as it goes) through
 * the real deployment on loopback: the JSON has every key the spec names, every event of every
 * flow is accounted for, the relay baseline measured something, the HTML report draws a chart
 * per case. No timing is asserted: the machine is shared.
 */
class DeliveryBenchTest {

    @TempDir
    static Path dir;
    static JsonNode json;
    static String html;
    static String console;

    @BeforeAll
    static void runOnce() throws Exception {
        BenchOutputs run = BenchOutputs.of(dir, "delivery", (jsonFile, reportFile, out) ->
                new DeliveryBench(new DeliveryBench.Options(1, 0.3, DeliveryBench.CASES,
                        BenchOutputs.FUNCTION, BenchOutputs.EVENT, jsonFile, reportFile), 200).run(out));
        console = run.console();
        json = run.json();
        html = run.html();
    }

    @Test
    void jsonHasEveryKeyOfTheSpecForEveryCaseAndFlow() {
        assertThat(json.path("scenario").asText()).isEqualTo("delivery");
        List<String> names = new ArrayList<>();
        json.path("cases").forEach(c -> names.add(c.path("name").asText()));
        assertThat(names).containsExactly("alone-strict", "alone-best-effort", "1sq-1bq", "1sq-3bq", "1sq-3bq-flood");
        assertThat(flowNames("1sq-3bq")).containsExactly("sq", "bq-1", "bq-2", "bq-3");
        for (JsonNode c : json.path("cases")) {
            assertThat(c.path("flows").isArray()).isTrue();
            for (JsonNode flow : c.path("flows")) {
                String where = c.path("name").asText() + "/" + flow.path("name").asText();
                assertThat(flow.path("name").isTextual()).as(where).isTrue();
                assertThat(flow.path("qos").asText()).as(where).isIn("strict", "best-effort");
                assertThat(flow.path("rate_per_s").isNumber()).as(where).isTrue();
                for (String key : List.of("sent", "delivered", "unaccounted")) {
                    assertThat(flow.path(key).isIntegralNumber()).as(where + " " + key).isTrue();
                }
                assertThat(flow.path("dropped").isObject()).as(where + " dropped").isTrue();
                for (String key : List.of("p50", "p99", "p999", "max")) {
                    assertThat(flow.path("latency_us").path(key).isNumber()).as(where + " latency_us." + key).isTrue();
                }
            }
        }
        assertThat(json.path("targets").size()).isEqualTo(5);
    }

    @Test
    void byDefaultEveryCaseParksAndReportsTheCpuOfItsMeasuredWindowWhileTheOutputShowsNoWait() {
        for (JsonNode c : json.path("cases")) {
            assertThat(c.path("wait").asText()).as(c.path("name").asText()).isEqualTo("park");
            assertThat(c.path("cpu_percent").isNumber()).as(c.path("name").asText()).isTrue();
            assertThat(c.path("cpu_percent").asDouble()).as(c.path("name").asText()).isPositive();
        }
        assertThat(json.path("baseline").path("cpu_percent").asDouble()).isPositive();
        assertThat(console).doesNotContain("Wait strategies").doesNotContain("@park").doesNotContain("strict queue processor waits");
        assertThat(html).doesNotContain("Wait strategies");
    }

    @Test
    void everyEventOfEveryFlowIsAccountedForAndNoStrictEventIsUnaccounted() {
        for (JsonNode c : json.path("cases")) {
            for (JsonNode flow : c.path("flows")) {
                String where = c.path("name").asText() + "/" + flow.path("name").asText() + ": " + flow;
                long dropped = 0;
                for (Iterator<JsonNode> it = flow.path("dropped").elements(); it.hasNext(); ) {
                    dropped += it.next().asLong();
                }
                assertThat(flow.path("sent").asLong()).as(where).isPositive()
                        .isEqualTo(flow.path("delivered").asLong() + dropped + flow.path("unaccounted").asLong());
                if (flow.path("qos").asText().equals("strict")) {
                    assertThat(flow.path("unaccounted").asLong()).as(where).isZero();
                    assertThat(flow.path("delivered").asLong()).as(where).isPositive();
                    assertThat(flow.path("latency_us").path("p50").asDouble()).as(where).isPositive();
                }
            }
        }
    }

    @Test
    void floodFlowsAreMarkedWithTheRateTheyReached() {
        JsonNode flood = caseNamed("1sq-3bq-flood");
        for (JsonNode flow : flood.path("flows")) {
            boolean bestEffort = flow.path("qos").asText().equals("best-effort");
            assertThat(flow.path("flood").asBoolean()).as(flow.toString()).isEqualTo(bestEffort);
        }
        assertThat(caseNamed("1sq-3bq").path("flows").get(1).path("rate_per_s").asLong()).isEqualTo(200);
    }

    @Test
    void relayBaselineMeasuredTheFloor() {
        JsonNode baseline = json.path("baseline");
        assertThat(baseline.path("relay_p50_us").asDouble()).isPositive();
        assertThat(baseline.path("relay_p99_us").asDouble()).isGreaterThanOrEqualTo(baseline.path("relay_p50_us").asDouble());
        assertThat(baseline.path("received").asLong()).isPositive().isLessThanOrEqualTo(baseline.path("sent").asLong());
    }

    @Test
    void progressShowsEachCaseSecondByTheSecondAndTheTableAtTheEnd() {
        for (String name : DeliveryBench.CASES) {
            assertThat(console).contains("[" + name).containsPattern("\\[" + name + " +1/1 s] ");
        }
        assertThat(console).contains("[relay baseline   1/1 s]").contains("p99/alone").contains("Targets");
    }

    @Test
    void htmlReportDrawsAChartPerCase() {
        assertThat(html).startsWith("<!DOCTYPE html>").contains("</html>");
        assertThat(html.split("<svg", -1)).hasSize(DeliveryBench.CASES.size() + 1);
        assertThat(html).contains("relay p50").contains("paper SQ mean alone 501 µs").contains("paper SQ bound 600 µs");
    }

    private static JsonNode caseNamed(String name) {
        for (JsonNode c : json.path("cases")) {
            if (c.path("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no case " + name + " in " + json);
    }

    private static List<String> flowNames(String caseName) {
        List<String> names = new ArrayList<>();
        caseNamed(caseName).path("flows").forEach(f -> names.add(f.path("name").asText()));
        return names;
    }
}
