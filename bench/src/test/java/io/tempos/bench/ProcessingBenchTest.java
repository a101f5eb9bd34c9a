package io.tempos.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A one-second run of two methods end to end: the C baselines program, the invoker's invocation
 * classes, the concurrent case, the JSON's shape and the HTML. Asserts no timing.
 */
@Timeout(90)
class ProcessingBenchTest {

    private static final Path FUNCTIONS = Path.of("../functions");
    private static final Path BASELINES = Path.of("target/baselines");
    private static final Path EVENT = FUNCTIONS.resolve("testdata/event-1k5-100.json");

    @TempDir
    static Path dir;
    private static JsonNode json;
    private static String output;
    private static String html;

    @BeforeAll
    static void runOnce() throws Exception {
        Path jsonFile = dir.resolve("processing.json");
        Path htmlFile = dir.resolve("processing.html");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new ProcessingBench(new ProcessingBench.Options(1, List.of("dlf-warm", "dlf-cold"), FUNCTIONS, BASELINES, EVENT, jsonFile, htmlFile))
                .run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        output = bytes.toString(StandardCharsets.UTF_8);
        json = DeliveryResults.JSON.readTree(jsonFile.toFile());
        html = Files.readString(htmlFile);
    }

    @Test
    void everyRunHasTheSpecifiedKeysAndABaselineFromTheSameRun() {
        assertThat(json.path("scenario").asText()).isEqualTo("processing");
        Set<String> measured = new HashSet<>();
        json.path("baselines").forEach(b -> {
            measured.add(b.path("name").asText());
            assertThat(b.path("per_s").asDouble()).isPositive();
        });
        assertThat(json.path("runs")).hasSize(2);
        assertThat(json.path("runs").findValuesAsText("method")).containsExactly("dlf-cold", "dlf-warm"); // the benchmark's order
        for (JsonNode run : json.path("runs")) {
            assertThat(run.path("language").asText()).isEqualTo("c");
            assertThat(run.path("invocations").asLong()).isPositive();
            assertThat(run.path("failures").asLong()).isZero();
            assertThat(run.path("seconds").asDouble()).isPositive();
            for (String p : List.of("p50", "p99", "mean")) {
                assertThat(run.path("exec_us").path(p).asDouble()).as(p).isPositive();
            }
            assertThat(measured).contains(run.path("baseline_name").asText());
            assertThat(run.path("baseline_per_s").asDouble()).isPositive();
        }
        assertThat(json.path("runs").findValuesAsText("baseline_name")).containsExactly("c-dlopen-loop", "c-cached-pointer");
    }

    @Test
    void theConcurrentCaseReportsBothClassesAgainstTheirIsolatedTimes() {
        assertThat(json.path("concurrent")).hasSize(1);
        JsonNode c = json.path("concurrent").get(0);
        assertThat(c.path("method").asText()).isEqualTo("dlf-warm");
        for (String key : List.of("strict_exec_us_mean", "strict_alone_exec_us_mean", "best_effort_exec_us_mean", "best_effort_alone_exec_us_mean")) {
            assertThat(c.path(key).asDouble()).as(key).isPositive();
        }
        assertThat(c.path("strict_invocations").asLong()).isPositive();
        assertThat(c.path("best_effort_invocations").asLong()).isPositive();
        assertThat(c.path("warmup_s").asDouble()).as("warm-up before the strict threads go real-time").isPositive();
        assertThat(c.has("warmup_jit_idle")).isTrue();
        assertThat(output).contains("warm-up, all six threads at normal scheduling", "strict alone (one FIFO thread)",
                "best-effort alone (one thread)", "concurrent: strict mean");
    }

    @Test
    void printsProgressTablesAndTargetsAndWritesTheCharts() {
        assertThat(output).contains("[raw limit c-dlopen-loop]", "[dlf-warm c] 1 s", "Table 2 / Fig. 5", "Fig. 6", "Targets (issue 4");
        assertThat(html).contains("Fig. 5", "Table 2", "Fig. 6").containsPattern("(?s)<svg.*</svg>.*<svg.*</svg>");
    }

    @Test
    void aBadMethodIsRefusedNamingTheValidOnes() {
        assertThatThrownBy(() -> new ProcessingBench.Options(0, List.of("dlf-warm", "fork"), FUNCTIONS, Path.of("no/baselines"), EVENT,
                null, null))
                .hasMessageContaining("--duration 0: must be 1..3600 seconds")
                .hasMessageContaining("--methods: no method named 'fork'; methods: " + ProcessingBench.METHODS)
                .hasMessageContaining("--baselines no/baselines: no such program");
    }
}
