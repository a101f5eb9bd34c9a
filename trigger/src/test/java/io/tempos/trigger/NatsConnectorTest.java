package io.tempos.trigger;

import io.tempos.core.stats.DropReason;
import io.tempos.core.testing.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The NATS connector's mapping from a subscription's message to an event, and its retries while
 * no server answers. No NATS server can run on this machine (Debian 12 has no nats-server and
 * nothing else may be downloaded), so the path from a real server through the client's
 * dispatcher is not exercised here: messages are handed to the connector's handler directly.
 */
class NatsConnectorTest {

    @TempDir
    Path dir;

    private static String connector(int port) {
        return """
                [triggers.gate.nats]
                url = "nats://127.0.0.1:%d"
                retry-max-ms = 200
                subscriptions = [ { subject = "hotel.doors.*", workflow = "door" },
                                  { subject = "hotel.cameras.>", workflow = "camera", queue = "tempos" } ]
                """.formatted(port);
    }

    @Test
    void aMessageOfASubscriptionBecomesAnEventOfItsWorkflowOnTheWorkflowsLevel() throws Exception {
        try (BridgeFixture fixture = new BridgeFixture(dir, "max-payload-bytes = 100", connector(FreePorts.next()))) {
            NatsConnector nats = fixture.trigger.nats();
            nats.onMessage("door", "hotel.doors.101", "{\"card\":101}".getBytes(StandardCharsets.UTF_8), System.nanoTime());
            nats.onMessage("camera", "hotel.cameras.lobby.2", "frame".getBytes(StandardCharsets.UTF_8), System.nanoTime());
            nats.onMessage("camera", "hotel.cameras.lobby.2", null, System.nanoTime());
            nats.onMessage("door", "hotel.doors.102", "x".repeat(101).getBytes(StandardCharsets.UTF_8), System.nanoTime());

            BridgeFixture.Frame door = fixture.next("strict");
            assertThat(door.workflow()).isEqualTo("door");
            assertThat(door.level()).isEqualTo("strict");
            assertThat(door.payload()).isEqualTo("{\"card\":101}");
            BridgeFixture.Frame camera = fixture.next("best-effort");
            assertThat(camera.workflow()).isEqualTo("camera");
            assertThat(camera.payload()).isEqualTo("frame");
            assertThat(fixture.next("best-effort").payload()).as("a message without data").isEmpty();
            assertThat(fixture.dropped("door", DropReason.OVERSIZED)).isEqualTo(1);
            assertThat(fixture.nothingWaiting("strict")).isTrue();
        }
    }

    @Test
    void withNoServerTheConnectorKeepsRetryingAndTheTriggerKeepsServing() throws Exception {
        try (BridgeFixture fixture = new BridgeFixture(dir, "", connector(FreePorts.next()))) {
            NatsConnector nats = fixture.trigger.nats();
            await().atMost(Duration.ofSeconds(30)).until(() -> nats.attempts() >= 3);
            assertThat(nats.connected()).isFalse();
            try (var source = java.nio.channels.DatagramChannel.open()) {
                source.send(ByteBuffer.wrap("door\nstill serving".getBytes()),
                        new InetSocketAddress("127.0.0.1", fixture.udpPort("strict")));
            }
            assertThat(fixture.next("strict").payload()).isEqualTo("still serving");
        }
    }
}
