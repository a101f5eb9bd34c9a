package io.tempos.cli;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.tempos.core.component.Component;
import io.tempos.core.config.Deployment;
import io.tempos.core.stats.WorkflowSnapshot;
import io.tempos.core.testing.FreePorts;
import io.tempos.core.testing.NatsServer;
import io.tempos.core.testing.TestDeployments;
import io.tempos.invoker.Invoker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Placement C with NATS: a real {@code nats-server} started by the test, the trigger's NATS
 * connector inside the broker's process, a real invoker running the C Algorithm 1. Messages
 * published with the NATS Java client run the mapped function; a message too large for an
 * event and one the function cannot read are each counted with their reason.
 */
@Timeout(90)
class NatsConnectorEndToEndTest {

    private static final int MAX_PAYLOAD_BYTES = 4096;

    @TempDir
    Path dir;

    private String toml(int natsPort) {
        return TestDeployments.baseToml().replace("[triggers.gate]\n", """
                [triggers.gate]
                placement = "in-broker"
                max-payload-bytes = %d
                nats = { url = "nats://127.0.0.1:%d", retry-max-ms = 300, subscriptions = [
                         { subject = "hotel.doors.*", workflow = "door" },
                         { subject = "hotel.probe", workflow = "probe" } ] }
                """.formatted(MAX_PAYLOAD_BYTES, natsPort)) + """
                [workflows.door]
                level = "strict"
                topic = "sq"
                method = "dlf"
                artifact = "%s"
                [workflows.probe]
                level = "best-effort"
                topic = "bq"
                method = "dlf"
                artifact = "%s"
                """.formatted(HotelFixture.LIBRARY, HotelFixture.LIBRARY);
    }

    @Test
    void messagesPublishedToNatsRunTheMappedFunctionAndBadOnesAreCounted() throws Exception {
        int natsPort = FreePorts.next();
        Deployment deployment = TestDeployments.parse(toml(natsPort), dir);
        try (NatsServer server = NatsServer.start(natsPort, dir);
             Invoker invoker = Invoker.start(deployment, "edge");
             Connection nats = Nats.connect(server.url())) {
            List<Component> brokerProcess = Role.BROKER.startProcess(deployment, "mom");
            try {
                assertThat(brokerProcess).extracting(Component::id).containsExactly("mom", "gate");
                Component trigger = brokerProcess.get(1);
                // The connector may still be connecting, and NATS drops messages nobody subscribes to yet:
                // probe on a workflow of its own until one runs, so that the door counts below are exact.
                await("the connector subscribed").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                    if (completed(invoker, "probe") == 0) {
                        nats.publish("hotel.probe", HotelFixture.SMALL_EVENT);
                        nats.flush(Duration.ofSeconds(2));
                    }
                    assertThat(completed(invoker, "probe")).isPositive();
                });

                for (int i = 0; i < 20; i++) {
                    nats.publish("hotel.doors." + (100 + i), HotelFixture.SMALL_EVENT);
                }
                nats.publish("hotel.doors.garbage", "not the JSON Algorithm 1 reads".getBytes(StandardCharsets.UTF_8));
                byte[] tooLarge = new byte[MAX_PAYLOAD_BYTES + 1];
                Arrays.fill(tooLarge, (byte) 'x');
                nats.publish("hotel.doors.flood", tooLarge);
                nats.flush(Duration.ofSeconds(5));

                await("every door message accounted for").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    WorkflowSnapshot ran = invoker.stats().workflow("door").orElseThrow();
                    assertThat(ran.completed()).as("door events the function ran").isEqualTo(20);
                    assertThat(ran.dropped()).as("dropped at the invoker").containsEntry("function-failed", 1L);
                    WorkflowSnapshot bridged = trigger.stats().workflow("door").orElseThrow();
                    assertThat(bridged.dropped()).as("dropped at the connector").containsEntry("oversized", 1L);
                    assertThat(bridged.forwarded()).as("forwarded by the connector").isEqualTo(21);
                });
                assertThat(brokerProcess.getFirst().stats().workflow("door").map(WorkflowSnapshot::received)).contains(21L);
            } finally {
                brokerProcess.reversed().forEach(Component::close);
            }
        }
    }

    private static long completed(Component invoker, String workflow) {
        return invoker.stats().workflow(workflow).map(WorkflowSnapshot::completed).orElse(0L);
    }
}
