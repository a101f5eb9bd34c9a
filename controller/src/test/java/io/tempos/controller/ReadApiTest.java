package io.tempos.controller;

import com.fasterxml.jackson.databind.JsonNode;
import io.tempos.core.config.Deployment;
import io.tempos.core.config.DeploymentJson;
import io.tempos.core.qos.QosLevel;
import io.tempos.core.stats.WorkflowSnapshot;
import io.tempos.core.testing.TestDeployments;
import org.junit.jupiter.api.AfterEach;
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
    private StandIns standIns;
    private Controller controller;
    private ApiClient api;

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
        standIns = StandIns.startAll(initial);
        controller = Controller.builder(initial).token(ApiClient.TOKEN).healthPollInterval(Duration.ofMillis(50)).start();
        controller.awaitPushed(Duration.ofSeconds(10));
        api = new ApiClient(initial);
    }

    @AfterEach
    void stop() {
        api.close();
        controller.close();
        standIns.close();
    }

    @Test
    void levelsAreListedAndServedOneByOne() {
        ApiClient.Answer levels = api.get("/levels");

        assertThat(levels.status()).isEqualTo(200);
        assertThat(DeploymentJson.MAPPER.convertValue(levels.json(), QosLevel[].class))
                .containsExactlyElementsOf(initial.levels().values());
        assertThat(DeploymentJson.MAPPER.convertValue(api.get("/levels/strict").json(), QosLevel.class))
                .isEqualTo(initial.levels().get("strict"));
        ApiClient.Answer gold = api.get("/levels/gold");
        assertThat(gold.status()).isEqualTo(404);
        assertThat(gold.error()).contains("no level named 'gold'; GET /levels lists them");
        assertThat(api.post("/levels", "{}").status()).isEqualTo(405);
    }

    @Test
    void componentsShowRoleAddressHealthAndWhatTheyRun() {
        Instant before = Instant.now();
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/components").json().findValues("healthy")
                .stream().allMatch(JsonNode::asBoolean));

        JsonNode components = api.get("/components").json();
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
        assertThat(api.get("/components/gate").json().path("role").asText()).isEqualTo("trigger");
        assertThat(api.get("/components/nope").error()).contains("no component named 'nope'; components: [edge, mom, gate]");
    }

    @Test
    void aComponentThatStopsAnsweringIsUnhealthyWithTheReason() {
        standIns.stop("gate");

        await().atMost(Duration.ofSeconds(10)).until(() -> !api.get("/components/gate").json().path("healthy").asBoolean());
        JsonNode gate = api.get("/components/gate").json();
        assertThat(gate.path("state").asText()).isEqualTo("down");
        assertThat(gate.path("last-error").asText()).contains("connection refused");
        JsonNode status = api.get("/status").json();
        assertThat(status.path("components").path("unhealthy").asInt()).isEqualTo(1);
        assertThat(status.path("components").path("unhealthy-components").path("gate").asText()).contains("connection refused");
        assertThat(status.path("stats-unavailable").path("gate").asText()).contains("connection refused");
    }

    @Test
    void statusCountsWorkflowsPerLevelAndSumsEventsFromEveryComponent() {
        standIns.get("gate").reportStats(List.of(snapshot("door", 100, 0, Map.of("malformed", 2L))));
        standIns.get("mom").reportStats(List.of(snapshot("door", 98, 0, Map.of("queue-full", 3L))));
        standIns.get("edge").reportStats(List.of(snapshot("door", 95, 94, Map.of("function-failed", 1L)),
                snapshot("camera", 7, 7, Map.of())));
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/status").json().path("components").path("healthy").asInt() == 3);

        JsonNode status = api.get("/status").json();

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
