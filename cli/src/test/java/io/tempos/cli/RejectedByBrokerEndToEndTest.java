package io.tempos.cli;

import io.tempos.bench.LocalDeployment;

import io.tempos.core.config.Deployment;
import io.tempos.core.stats.ComponentSnapshot;
import io.tempos.core.stats.WorkflowSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code reject} overflow policy end to end: the broker counts each refused event once, as
 * {@code rejected}, and tells the trigger, which reports how many of its events the broker
 * rejected as an observation, not as a drop of its own.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RejectedByBrokerEndToEndTest {

    @Test
    void theTriggerHearsOfEveryRejectionTheBrokerCounts() throws Exception {
        String toml = HotelFixture.toml().replaceFirst("\\[levels.best-effort]\nqueue-capacity = 64\n",
                "[levels.best-effort]\nqueue-capacity = 2\noverflow = \"reject\"\n");
        assertThat(toml).contains("overflow = \"reject\"");
        Deployment deployment = HotelFixture.deployment(toml);
        try (LocalDeployment local = LocalDeployment.start(deployment)) {
            long sent = 0;
            while (snapshot(local, "mom").dropped().getOrDefault("rejected", 0L) == 0 && sent < 100_000) {
                HotelFixture.send(deployment, "camera", HotelFixture.SMALL_EVENT, 500);
                sent += 500;
            }

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                WorkflowSnapshot broker = snapshot(local, "mom");
                WorkflowSnapshot trigger = snapshot(local, "gate");
                assertThat(broker.dropped().get("rejected")).isPositive();
                assertThat(trigger.rejectedByBroker()).isEqualTo(broker.dropped().get("rejected"));
                assertThat(trigger.dropped()).as("the trigger counts no drop of its own for them").doesNotContainKey("rejected");
                assertThat(broker.forwarded() + broker.droppedTotal()).isEqualTo(broker.received());
            });
        }
    }

    private static WorkflowSnapshot snapshot(LocalDeployment local, String component) {
        List<ComponentSnapshot> snapshots = local.snapshots();
        return snapshots.stream().filter(s -> s.component().equals(component)).findFirst().orElseThrow()
                .workflows().stream().filter(w -> w.workflow().equals("camera")).findFirst()
                .orElse(new WorkflowSnapshot("camera", 0, 0, 0, Map.of(), Map.of()));
    }
}
