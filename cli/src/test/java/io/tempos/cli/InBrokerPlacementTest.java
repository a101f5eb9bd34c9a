package io.tempos.cli;

import io.tempos.core.component.Component;
import io.tempos.core.config.Deployment;
import io.tempos.core.stats.WorkflowSnapshot;
import io.tempos.core.testing.FreePorts;
import io.tempos.core.testing.Mosquitto;
import io.tempos.core.testing.TestDeployments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Placement C: a trigger with {@code placement = "in-broker"} runs inside its broker's process as
 * a connector to an outside event system (here a real Mosquitto), started by the broker's command.
 */
class InBrokerPlacementTest {

    @TempDir
    Path dir;

    private String toml(int mqttPort) throws Exception {
        Files.write(dir.resolve("fn.jar"), new byte[0]);
        return TestDeployments.baseToml().replace("[triggers.gate]\n", """
                [triggers.gate]
                placement = "in-broker"
                mqtt = { url = "tcp://127.0.0.1:%d", retry-max-ms = 300, subscriptions = [ { topic = "hotel/doors/+", workflow = "door" } ] }
                """.formatted(mqttPort)) + """
                [workflows.door]
                level = "strict"
                topic = "sq"
                method = "jvm"
                artifact = "fn.jar"
                entry = "Door"
                """;
    }

    @Test
    void theBrokersProcessRunsItsInBrokerTriggerWhoseMqttMessagesReachTheBroker() throws Exception {
        int mqttPort = FreePorts.next();
        Deployment deployment = TestDeployments.parse(toml(mqttPort), dir);
        try (Mosquitto mosquitto = Mosquitto.start(mqttPort, dir)) {
            List<Component> process = Role.BROKER.startProcess(deployment, "mom");
            try {
                assertThat(process).extracting(Component::id).containsExactly("mom", "gate");
                Component broker = process.getFirst();
                // The bridge may still be connecting: publish until the broker has seen one event.
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
                    if (broker.stats().workflow("door").map(WorkflowSnapshot::received).orElse(0L) == 0) {
                        mosquitto.publish("hotel/doors/12", "{\"card\":12}", 1);
                    }
                    assertThat(broker.stats().workflow("door").map(WorkflowSnapshot::received).orElse(0L)).isPositive();
                });
                assertThat(process.get(1).stats().workflow("door").map(WorkflowSnapshot::forwarded).orElse(0L)).isPositive();
            } finally {
                process.reversed().forEach(Component::close);
            }
        }
    }

    @Test
    void anInBrokerTriggerCannotBeStartedAsItsOwnProcess() throws Exception {
        Path file = dir.resolve("in-broker.toml");
        Files.writeString(file, toml(FreePorts.next()));
        StringWriter err = new StringWriter();
        int exit = Main.commandLine().setErr(new PrintWriter(err)).execute("trigger", "--config", file.toString(), "--id", "gate");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("trigger gate has placement in-broker: it runs inside its broker's process, "
                + "started by 'tempos broker --id mom'");
    }
}
