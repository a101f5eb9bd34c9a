package io.tempos.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import io.tempos.core.config.Deployment;
import io.tempos.core.config.DeploymentJson;
import io.tempos.core.stats.ComponentSnapshot;
import io.tempos.core.stats.ComponentStats;
import io.tempos.core.stats.DropReason;
import io.tempos.core.sys.TaskScheduling;
import io.tempos.core.testing.FreePorts;
import io.tempos.core.testing.KernelThreads;
import io.tempos.core.testing.TestDeployments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static io.tempos.trigger.TriggerFixture.POLL;
import static io.tempos.trigger.TriggerFixture.WAIT;
import static io.tempos.trigger.TriggerFixture.checked;
import static io.tempos.trigger.TriggerFixture.datagram;
import static io.tempos.core.testing.Workflows.BEST_EFFORT;
import static io.tempos.core.testing.Workflows.LOCK_AND_BULK;
import static io.tempos.core.testing.Workflows.STRICT;
import static io.tempos.core.testing.Workflows.workflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/** The trigger's start, run-time configuration, management endpoint and thread scheduling. */
class TriggerLifecycleTest {

    @TempDir
    Path dir;

    @Test
    void configureAddsAndRemovesWorkflowsWithoutRestart() throws Exception {
        String base = TestDeployments.baseToml();
        Deployment first = TriggerFixture.deployment(dir, base + workflow("lock", STRICT));
        Deployment second = TriggerFixture.deployment(dir, base + LOCK_AND_BULK);
        try (TriggerFixture fixture = TriggerFixture.start(first)) {
            assertThat(fixture.post(BEST_EFFORT, "/workflows/bulk", new byte[]{1}).statusCode()).isEqualTo(404);

            fixture.trigger.configure(second);
            assertThat(fixture.trigger.configuration()).isSameAs(second);
            fixture.assertStillForwards("bulk", BEST_EFFORT);

            fixture.trigger.configure(first);
            fixture.sendUdp(BEST_EFFORT, datagram("bulk", new byte[]{1}));
            fixture.awaitDropped(ComponentStats.UNATTRIBUTED, DropReason.UNKNOWN_WORKFLOW, 2);
            fixture.assertStillForwards("lock", STRICT);
        }
    }

    @Test
    void managementEndpointServesHealthStatsAndTakesConfiguration() throws Exception {
        String base = TestDeployments.baseToml();
        Deployment first = TriggerFixture.deployment(dir, base + workflow("lock", STRICT));
        Deployment second = TriggerFixture.deployment(dir, base + LOCK_AND_BULK);
        try (TriggerFixture fixture = TriggerFixture.start(first)) {
            HttpResponse<String> health = fixture.management("/health", HttpRequest.newBuilder().GET());
            assertThat(health.statusCode()).isEqualTo(200);
            JsonNode status = DeploymentJson.MAPPER.readTree(health.body());
            assertThat(status.get("id").asText()).isEqualTo("gate");
            assertThat(status.get("configured").asBoolean()).isTrue();

            fixture.assertStillForwards("lock", STRICT);
            HttpResponse<String> stats = fixture.management("/stats", HttpRequest.newBuilder().GET());
            assertThat(stats.statusCode()).isEqualTo(200);
            ComponentSnapshot snapshot = DeploymentJson.read(stats.body(), ComponentSnapshot.class);
            assertThat(snapshot.component()).isEqualTo("gate");
            assertThat(snapshot.workflow("lock").orElseThrow().forwarded()).isEqualTo(2);
            assertThat(snapshot.socketDrops()).containsKeys("udp " + STRICT, "udp " + BEST_EFFORT);

            HttpResponse<String> applied = fixture.management("/config", HttpRequest.newBuilder()
                    .PUT(HttpRequest.BodyPublishers.ofString(DeploymentJson.write(second))));
            assertThat(applied.statusCode()).isEqualTo(204);
            fixture.assertStillForwards("bulk", BEST_EFFORT);
        }
    }

    /** Bodies that are no deployment: 400 with an error, the configuration untouched. */
    @ParameterizedTest
    @ValueSource(strings = {"not json", "{}", "null", "[]", ""})
    void managementRefusesWhatIsNotADeployment(String body) throws Exception {
        Deployment first = TriggerFixture.deployment(dir, TestDeployments.baseToml() + workflow("lock", STRICT));
        try (TriggerFixture fixture = TriggerFixture.start(first)) {
            HttpResponse<String> response = fixture.management("/config", HttpRequest.newBuilder()
                    .PUT(HttpRequest.BodyPublishers.ofString(body)));
            assertThat(response.statusCode()).as("answer to '%s': %s", body, response.body()).isEqualTo(400);
            assertThat(DeploymentJson.MAPPER.readTree(response.body()).get("error").asText()).contains("gate");
            assertThat(fixture.trigger.configuration()).isSameAs(first);
            fixture.assertStillForwards("lock", STRICT);
        }
    }

    @Test
    void startRefusesAnUnknownTriggerId() {
        Deployment deployment = TriggerFixture.deployment(dir, TestDeployments.baseToml());
        assertThatThrownBy(() -> Trigger.start(deployment, "nobody"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nobody")
                .hasMessageContaining("gate");
    }

    /**
     * An endpoint for a level the broker has no port for is refused at start, naming both; and
     * what the failed start had bound is released (the endpoints bind again right after).
     */
    @Test
    void startRefusesAnEndpointLevelTheBrokerLacksAndReleasesEverything() throws Exception {
        String base = TestDeployments.baseToml();
        String withBulk = base.replace("udp-ports = { ", "udp-ports = { bulk = " + FreePorts.next() + ", ")
                + "[levels.bulk]\nqueue-capacity = 16\n";
        Deployment unservable = TriggerFixture.deployment(dir, withBulk + workflow("lock", STRICT));
        assertThatThrownBy(() -> Trigger.start(unservable, "gate"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'bulk'")
                .hasMessageContaining("mom");

        try (TriggerFixture fixture = TriggerFixture.start(TriggerFixture.deployment(dir, base + workflow("lock", STRICT)))) {
            fixture.assertStillForwards("lock", STRICT);
        }
    }

    @Test
    void startFailsCleanlyWhenAnEndpointPortIsTaken() throws Exception {
        Deployment deployment = TriggerFixture.deployment(dir, TestDeployments.baseToml() + workflow("lock", STRICT));
        int port = deployment.triggers().get("gate").udpPorts().get(BEST_EFFORT);
        try (DatagramSocket squatter = new DatagramSocket(port, InetAddress.getByName("127.0.0.1"))) {
            assertThat(squatter.getLocalPort()).isEqualTo(port);
            assertThatThrownBy(() -> Trigger.start(deployment, "gate"))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining(Integer.toString(port));
        }
        try (TriggerFixture fixture = TriggerFixture.start(deployment)) {
            fixture.assertStillForwards("lock", STRICT);
        }
    }

    /**
     * The strict endpoints' threads run SCHED_FIFO at the ingress stage's priority (three steps
     * under the level's 99: downstream stages preempt them), the best-effort ones normally (needs root).
     */
    @Test
    void strictEndpointThreadsRunSchedFifoAtTheIngressStage() throws Exception {
        assumeThat(System.getProperty("user.name")).as("SCHED_FIFO needs root").isEqualTo("root");
        Deployment deployment = TriggerFixture.deployment(dir, TestDeployments.baseToml() + LOCK_AND_BULK);
        try (TriggerFixture fixture = TriggerFixture.start(deployment)) {
            // HTTP threads are made on the first request.
            fixture.assertStillForwardsOnBothLevels();
            for (String thread : List.of("gate-strict-udp", "gate-strict-http")) {
                await().atMost(WAIT).pollInterval(POLL).untilAsserted(() -> {
                    List<Integer> tids = KernelThreads.named(thread);
                    assertThat(tids).as(thread).isNotEmpty();
                    assertThat(tids).allSatisfy(tid -> {
                        assertThat(TaskScheduling.of(tid).policy()).as("%s policy", thread).isEqualTo("SCHED_FIFO");
                        assertThat(TaskScheduling.of(tid).priority()).as("%s priority", thread).isEqualTo(96);
                    });
                });
            }
            // "gate-best-effort-udp" and "-http" share the truncated name "gate-best-effor".
            assertThat(KernelThreads.named("gate-best-effort")).isNotEmpty().allSatisfy(tid ->
                    assertThat(TaskScheduling.of(tid).policy()).isEqualTo("SCHED_OTHER"));
            byte[] payload = "after".getBytes(StandardCharsets.UTF_8);
            fixture.sendUdp(STRICT, datagram("lock", payload));
            assertThat(checked(fixture.awaitFrameWithPayload(STRICT, payload)).workflow()).isEqualTo("lock");
        }
    }
}
