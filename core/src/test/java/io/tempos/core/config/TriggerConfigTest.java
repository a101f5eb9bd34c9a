package io.tempos.core.config;

import io.tempos.core.testing.TestDeployments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The trigger's keys for Unix domain sockets, rate limits, placement and its MQTT and NATS bridges. */
class TriggerConfigTest {

    @TempDir
    Path dir;

    @org.junit.jupiter.api.BeforeEach
    void artifact() throws IOException {
        Files.write(dir.resolve("door.jar"), new byte[0]);
    }

    /** A workflow {@code door} on the strict topic, so that subscriptions have something to name. */
    private static String withDoor(String triggerKeys) {
        return TestDeployments.baseToml().replace("[triggers.gate]\n", "[triggers.gate]\n" + triggerKeys + "\n") + """
                [workflows.door]
                level = "strict"
                topic = "sq"
                method = "jvm"
                artifact = "door.jar"
                entry = "Door"
                """;
    }

    @Test
    void bridgeKeysAreReadWithTheirDefaults() {
        Deployment d = TestDeployments.parse(withDoor("""
                uds-paths = { strict = "/run/tempos/strict.sock" }
                rate-limit-per-s = 500
                source-rate-limit-per-s = 50
                placement = "in-broker"
                mqtt = { url = "tcp://127.0.0.1:1883", subscriptions = [ { topic = "hotel/doors/+", workflow = "door" } ] }
                nats = { url = "nats://127.0.0.1:4222", subscriptions = [ { subject = "hotel.doors.>", workflow = "door", queue = "tempos" } ] }
                """), dir);

        TriggerSpec gate = d.triggers().get("gate");
        assertThat(gate.udsPaths()).containsExactly(Map.entry("strict", "/run/tempos/strict.sock"));
        assertThat(gate.rateLimitPerS()).isEqualTo(500);
        assertThat(gate.sourceRateLimitPerS()).isEqualTo(50);
        assertThat(gate.placement()).isEqualTo(TriggerPlacement.IN_BROKER);
        assertThat(gate.mqtt()).isEqualTo(new MqttBridgeSpec("tcp://127.0.0.1:1883", "tempos-gate", 5_000,
                List.of(new MqttBridgeSpec.Subscription("hotel/doors/+", "door", 1))));
        assertThat(gate.nats()).isEqualTo(new NatsBridgeSpec("nats://127.0.0.1:4222", 5_000,
                List.of(new NatsBridgeSpec.Subscription("hotel.doors.>", "door", "tempos"))));
        // The controller pushes the model as JSON: the bridges survive the round trip.
        assertThat(DeploymentJson.read(DeploymentJson.write(d), Deployment.class).triggers().get("gate")).isEqualTo(gate);
    }

    @Test
    void aTriggerWithoutTheNewKeysIsAStandaloneGatewayWithoutLimits() {
        TriggerSpec gate = TestDeployments.parse(TestDeployments.baseToml(), dir).triggers().get("gate");

        assertThat(gate.placement()).isEqualTo(TriggerPlacement.STANDALONE);
        assertThat(gate.udsPaths()).isEmpty();
        assertThat(gate.rateLimitPerS()).isZero();
        assertThat(gate.sourceRateLimitPerS()).isZero();
        assertThat(gate.mqtt()).isNull();
        assertThat(gate.nats()).isNull();
    }

    @Test
    void everyBridgeProblemIsReportedWithItsKeyPath() {
        List<String> problems = ConfigProblems.of(withDoor("""
                uds-paths = { strict = "relative.sock", gold = "/run/gold.sock" }
                placement = "somewhere"
                rate-limit-per-s = -1
                [triggers.gate.mqtt]
                url = "http://127.0.0.1:1883"
                subscriptions = [ { topic = "hotel/#/doors", workflow = "door" },
                                  { topic = "hotel/do+rs", workflow = "window", qos = 3 } ]
                [triggers.gate.nats]
                url = "nats://127.0.0.1"
                subscriptions = [ { subject = "hotel..doors", workflow = "door" }, { subject = "a.>.b", workflow = "nope" } ]
                """), dir);

        assertThat(problems).contains(
                "triggers.gate.uds-paths.strict: 'relative.sock' must be an absolute path, e.g. /run/tempos/strict.sock",
                "triggers.gate.uds-paths.gold: no level named 'gold'; levels: [strict, best-effort]",
                "triggers.gate.placement: 'somewhere' is not one of standalone, in-broker",
                "triggers.gate.rate-limit-per-s: must be an integer in 0..10000000, got number -1",
                "triggers.gate.mqtt.url: 'http://127.0.0.1:1883' is not scheme://host:port with a scheme of [tcp, ssl]",
                "triggers.gate.mqtt.subscriptions[0].topic: 'hotel/#/doors' '#' must be a whole level and the last one, e.g. hotel/#",
                "triggers.gate.mqtt.subscriptions[1].topic: 'hotel/do+rs' '+' must be a whole level, e.g. hotel/+/door",
                "triggers.gate.mqtt.subscriptions[1].qos: must be an integer in 0..2, got number 3",
                "triggers.gate.mqtt.subscriptions[1].workflow: no workflow named 'window'; workflows: [door]",
                "triggers.gate.nats.url: 'nats://127.0.0.1' is not scheme://host:port with a scheme of [nats, tls]",
                "triggers.gate.nats.subscriptions[0].subject: 'hotel..doors' has an empty token; tokens are separated by single dots, e.g. hotel.doors.*",
                "triggers.gate.nats.subscriptions[1].subject: 'a.>.b' '>' must be a whole token and the last one, e.g. hotel.>",
                "triggers.gate.nats.subscriptions[1].workflow: no workflow named 'nope'; workflows: [door]");
    }

    @Test
    void aBridgeNeedsAtLeastOneSubscriptionAndTwoTriggersCannotShareASocket() {
        String toml = withDoor("""
                uds-paths = { strict = "/tmp/tempos-shared.sock" }
                mqtt = { url = "tcp://127.0.0.1:1883" }
                """) + """
                [triggers.other]
                broker = "mom"
                management-port = 1
                uds-paths = { best-effort = "/tmp/tempos-shared.sock" }
                """;

        assertThat(ConfigProblems.of(toml, dir)).contains(
                "triggers.gate.mqtt.subscriptions: at least one subscription is required, e.g. "
                        + "subscriptions = [ { topic = \"hotel/doors/+\", workflow = \"door-lock\", qos = 1 } ]",
                "triggers.other.uds-paths.best-effort: socket /tmp/tempos-shared.sock is already used by triggers.gate.uds-paths.strict");
    }
}
