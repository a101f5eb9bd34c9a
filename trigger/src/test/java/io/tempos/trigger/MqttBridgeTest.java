package io.tempos.trigger;

import io.tempos.core.stats.ComponentStats;
import io.tempos.core.stats.DropReason;
import io.tempos.core.testing.FreePorts;
import io.tempos.core.testing.Mosquitto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The MQTT bridge against a real Mosquitto started by the test: messages published with
 * {@code mosquitto_pub} reach the fake broker's port of their workflow's level.
 */
class MqttBridgeTest {

    @TempDir
    Path dir;

    private static String bridge(int port) {
        return """
                [triggers.gate.mqtt]
                url = "tcp://127.0.0.1:%d"
                client-id = "tempos-test-%d"
                retry-max-ms = 300
                subscriptions = [ { topic = "hotel/doors/+", workflow = "door", qos = 1 },
                                  { topic = "hotel/cameras/#", workflow = "camera", qos = 0 },
                                  { topic = "hotel/ghost", workflow = "door", qos = 0 } ]
                """.formatted(port, port);
    }

    @Test
    void eachTopicFilterSendsItsMessagesToItsWorkflowOnTheWorkflowsLevel() throws Exception {
        int port = FreePorts.next();
        try (Mosquitto mosquitto = Mosquitto.start(port, dir);
             BridgeFixture fixture = new BridgeFixture(dir, "", bridge(port))) {
            MqttBridge bridge = fixture.trigger.mqtt();
            await().atMost(Duration.ofSeconds(20)).until(bridge::connected);

            mosquitto.publish("hotel/doors/101", "{\"card\":101}", 1);
            BridgeFixture.Frame door = fixture.next("strict");
            assertThat(door.workflow()).isEqualTo("door");
            assertThat(door.level()).isEqualTo("strict");
            assertThat(door.payload()).isEqualTo("{\"card\":101}");

            mosquitto.publish("hotel/cameras/lobby/2", "frame", 0);
            BridgeFixture.Frame camera = fixture.next("best-effort");
            assertThat(camera.workflow()).isEqualTo("camera");
            assertThat(camera.level()).isEqualTo("best-effort");
            assertThat(camera.payload()).isEqualTo("frame");

            // The frame can reach the broker's socket before the bridge thread counts it: await the count.
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(fixture.stats("door").forwarded()).isEqualTo(1);
                assertThat(fixture.stats("camera").forwarded()).isEqualTo(1);
            });
            assertThat(fixture.nothingWaiting("strict")).isTrue();
        }
    }

    @Test
    void aBrokerDownAtStartIsRetriedWithClearLogsUntilItComesUp() throws Exception {
        int port = FreePorts.next();
        List<String> logged = new CopyOnWriteArrayList<>();
        Logger logger = Logger.getLogger(MqttBridge.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record.getLevel() + " " + record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(capture);
        try (BridgeFixture fixture = new BridgeFixture(dir, "", bridge(port))) {
            MqttBridge bridge = fixture.trigger.mqtt();
            await().atMost(Duration.ofSeconds(20)).until(() -> bridge.attempts() >= 3);
            assertThat(bridge.connected()).isFalse();
            assertThat(logged).anySatisfy(line -> assertThat(line)
                    .startsWith("WARNING trigger gate: MQTT bridge to tcp://127.0.0.1:" + port + ": cannot connect and subscribe (")
                    .contains("attempt 2; retrying in "));

            try (Mosquitto mosquitto = Mosquitto.start(port, dir)) {
                await().atMost(Duration.ofSeconds(20)).until(bridge::connected);
                assertThat(logged).anySatisfy(line -> assertThat(line).startsWith("INFO trigger gate: MQTT bridge to tcp://127.0.0.1:"
                        + port + ": connected as 'tempos-test-" + port + "'").contains("hotel/doors/+ -> door (QoS 1)"));
                mosquitto.publish("hotel/doors/7", "late", 1);
                assertThat(fixture.next("strict").payload()).isEqualTo("late");
            }

            // The broker went away and comes back on the same port: the bridge reconnects and subscribes again.
            await().atMost(Duration.ofSeconds(20)).until(() -> !bridge.connected());
            try (Mosquitto again = Mosquitto.start(port, dir)) {
                await().atMost(Duration.ofSeconds(20)).until(bridge::connected);
                again.publish("hotel/doors/8", "after restart", 1);
                assertThat(fixture.next("strict").payload()).isEqualTo("after restart");
            }
        } finally {
            logger.removeHandler(capture);
        }
    }

    @Test
    void aMessageOfAnUnknownOrMisconfiguredWorkflowIsCountedNotForwarded() throws Exception {
        int port = FreePorts.next();
        try (BridgeFixture fixture = new BridgeFixture(dir, "max-payload-bytes = 10", bridge(port))) {
            MqttBridge bridge = fixture.trigger.mqtt();
            bridge.onMessage("hotel/doors/1", "x".repeat(11).getBytes(StandardCharsets.UTF_8), System.nanoTime());
            bridge.onMessage("elsewhere", "x".getBytes(StandardCharsets.UTF_8), System.nanoTime());

            assertThat(fixture.dropped("door", DropReason.OVERSIZED)).isEqualTo(1);
            assertThat(fixture.dropped(ComponentStats.UNATTRIBUTED, DropReason.UNKNOWN_WORKFLOW)).isEqualTo(1);
            assertThat(fixture.nothingWaiting("strict")).isTrue();
        }
    }
}
