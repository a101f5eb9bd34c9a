package io.tempos.controller;

import com.fasterxml.jackson.databind.JsonNode;
import io.tempos.core.config.Deployment;
import io.tempos.core.config.DeploymentJson;
import io.tempos.core.qos.QosLevel;
import io.tempos.core.stats.WorkflowSnapshot;
import io.tempos.core.testing.TestDeployments;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Levels, components and the status summary. */
@Timeout(30)
class ReadApiTest {

    @TempDir
    Path dir;

    private Deployment initial;
    @AutoClose
    private ControllerFixture fixture;
    /** Sends no token: reads on loopback need none. */
    @AutoClose
    private ApiClient reader;

    @BeforeEach
    void start() throws Exception {
        Files.createFile(dir.resolve("libfn.so"));
        initial = TestDeployments.parse(TestDeployments.baseToml() + """
                [workflows.door]
                level = "strict"
                topic = "sq"
                method = "dlf"
                artifact = "libfn.so"
                [workflows.camera]
                level = "best-effort"
                topic = "bq"
                method = "dlf"
                artifact = "libfn.so"
                [workflows.report]
                level = "best-effort"
                topic = "bq"
                method = "dlf"
                artifact = "libfn.so"
                """, dir);
        fixture = ControllerFixture.start(initial, b -> b.healthPollInterval(Duration.ofMillis(50)));
        reader = new ApiClient(initial);
    }

    @Test
    void levelsAreListedAndServedOneByOne() {
        ApiClient.Answer levels = reader.get("/levels");

        assertThat(levels.status()).isEqualTo(200);
        assertThat(DeploymentJson.MAPPER.convertValue(levels.json(), QosLevel[].class))
                .containsExactlyElementsOf(initial.levels().values());
        assertThat(DeploymentJson.MAPPER.convertValue(reader.get("/levels/strict").json(), QosLevel.class))
                .isEqualTo(initial.levels().get("strict"));
        ApiClient.Answer gold = reader.get("/levels/gold");
        assertThat(gold.status()).isEqualTo(404);
        assertThat(gold.error()).contains("no level named 'gold'; GET /levels lists them");
        assertThat(reader.post("/levels", "{}").status()).isEqualTo(405);
    }

    @Test
    void componentsShowRoleAddressHealthAndWhatTheyRun() {
        Instant before = Instant.now();
        await().atMost(Duration.ofSeconds(10)).until(() -> reader.get("/components").json().findValues("healthy")
                .stream().allMatch(JsonNode::asBoolean));

        JsonNode components = reader.get("/components").json();
        assertThat(components).extracting(c -> c.path("id").asText()).containsExactly("edge", "mom", "gate");
        JsonNode edge = components.get(0);
        assertThat(edge.path("role").asText()).isEqualTo("invoker");
        assertThat(edge.path("address").asText()).isEqualTo("127.0.0.1:" + initial.invokers().get("edge").managementPort());
        assertThat(edge.path("state").asText()).isEqualTo("up");
        assertThat(edge.path("configured").asBoolean()).isTrue();
        assertThat(Instant.parse(edge.path("last-seen").asText())).isAfterOrEqualTo(before.minusSeconds(1));
        assertThat(edge.path("runs").path("workflows").toString()).isEqualTo("[\"door\",\"camera\",\"report\"]");
        assertThat(components.get(1).path("runs").path("topics").toString()).isEqualTo("[\"sq\",\"bq\"]");
        assertThat(components.get(2).path("runs").path("broker").asText()).isEqualTo("mom");
        assertThat(reader.get("/components/gate").json().path("role").asText()).isEqualTo("trigger");
        assertThat(reader.get("/components/nope").error()).contains("no component named 'nope'; components: [edge, mom, gate]");
    }

    @Test
    void aComponentThatStopsAnsweringIsUnhealthyWithTheReason() {
        fixture.standIns().stop("gate");

        await().atMost(Duration.ofSeconds(10)).until(() -> !reader.get("/components/gate").json().path("healthy").asBoolean());
        JsonNode gate = reader.get("/components/gate").json();
        assertThat(gate.path("state").asText()).isEqualTo("down");
        assertThat(gate.path("last-error").asText()).contains("connection refused");
        JsonNode status = reader.get("/status").json();
        assertThat(status.path("components").path("unhealthy").asInt()).isEqualTo(1);
        assertThat(status.path("components").path("unhealthy-components").path("gate").asText()).contains("connection refused");
        assertThat(status.path("stats-unavailable").path("gate").asText()).contains("connection refused");
    }

    @Test
    void statusCountsWorkflowsPerLevelAndSumsEventsFromEveryComponent() {
        fixture.standIns().get("gate").reportStats(List.of(snapshot("door", 100, 0, Map.of("malformed", 2L))));
        fixture.standIns().get("mom").reportStats(List.of(snapshot("door", 98, 0, Map.of("queue-full", 3L))));
        fixture.standIns().get("edge").reportStats(List.of(snapshot("door", 95, 94, Map.of("function-failed", 1L)),
                snapshot("camera", 7, 7, Map.of())));
        await().atMost(Duration.ofSeconds(10)).until(() -> reader.get("/status").json().path("components").path("healthy").asInt() == 3);

        JsonNode status = reader.get("/status").json();

        assertThat(status.path("deployment").asText()).isEqualTo("test");
        assertThat(status.path("workflows").toString()).isEqualTo("{\"total\":3,\"per-level\":{\"strict\":1,\"best-effort\":2}}");
        assertThat(status.path("topics").asInt()).isEqualTo(2);
        assertThat(status.path("components").path("total").asInt()).isEqualTo(3);
        assertThat(status.path("components").path("unhealthy").asInt()).isZero();
        JsonNode door = status.path("events").path("door");
        assertThat(door.path("received").asLong()).isEqualTo(100);
        assertThat(door.path("completed").asLong()).isEqualTo(94);
        assertThat(door.path("dropped").asLong()).isEqualTo(6);
        assertThat(door.path("dropped-by-reason").toString()).isEqualTo("{\"function-failed\":1,\"malformed\":2,\"queue-full\":3}");
        assertThat(status.path("events").path("camera").path("completed").asLong()).isEqualTo(7);
        assertThat(status.path("events").path("report").path("received").asLong()).isZero();
        assertThat(status.path("stats-unavailable").isEmpty()).isTrue();
    }

    private static WorkflowSnapshot snapshot(String workflow, long received, long completed, Map<String, Long> dropped) {
        return new WorkflowSnapshot(workflow, received, received, completed, dropped, Map.of());
    }
}
