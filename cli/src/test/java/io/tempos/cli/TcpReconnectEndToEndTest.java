package io.tempos.cli;

import io.tempos.broker.Broker;
import io.tempos.core.component.Component;
import io.tempos.core.config.Deployment;
import io.tempos.core.stats.DropReason;
import io.tempos.core.stats.Gauge;
import io.tempos.core.stats.WorkflowSnapshot;
import io.tempos.invoker.Invoker;
import io.tempos.trigger.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The tcp channel when its receiver goes away: the broker is stopped and started again while the
 * trigger keeps sending. The trigger's sender sees the connection break, counts what it sends
 * meanwhile as {@code send-failed} drops (and any frame cut by the break as a lost frame),
 * reconnects with backoff once the broker is back, and events flow again — every event
 * delivered, dropped with a reason, or counted lost.
 */
@Timeout(120)
class TcpReconnectEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aRestartedBrokerIsReconnectedAndEveryEventIsAccounted() throws Exception {
        Deployment d = HotelFixture.deployment(ChannelToml.of("tcp", null));
        Invoker invoker = Invoker.start(d, "edge");
        Broker broker = Broker.start(d, "mom");
        Trigger trigger = Trigger.start(d, "gate");
        try {
            HotelFixture.send(d, "door", HotelFixture.SMALL_EVENT, 20);
            await().atMost(WAIT).until(() -> completed(invoker) == 20);

            broker.close();
            await().atMost(WAIT).alias("the trigger sees its connection broken").until(() -> connected(trigger) == 0);
            HotelFixture.send(d, "door", HotelFixture.SMALL_EVENT, 10);
            await().atMost(WAIT).until(() -> droppedAtTrigger(trigger) + lostAtTrigger(trigger) == 10);

            broker = Broker.start(d, "mom");
            await().atMost(WAIT).alias("reconnected with backoff").until(() -> connected(trigger) == 1);
            HotelFixture.send(d, "door", HotelFixture.SMALL_EVENT, 20);
            await().atMost(WAIT).until(() -> completed(invoker) == 40);

            WorkflowSnapshot atTrigger = trigger.stats().workflow("door").orElseThrow();
            assertThat(atTrigger.dropped()).as("only send-failed during the outage").containsOnlyKeys(DropReason.SEND_FAILED.label());
            assertThat(completed(invoker) + droppedAtTrigger(trigger) + lostAtTrigger(trigger)).as("every event accounted").isEqualTo(50);
            assertThat(broker.stats().workflow("door").orElseThrow().forwarded()).isEqualTo(20);
        } finally {
            trigger.close();
            broker.close();
            invoker.close();
        }
    }

    private static long completed(Invoker invoker) {
        return invoker.stats().workflow("door").map(WorkflowSnapshot::completed).orElse(0L);
    }

    private static long droppedAtTrigger(Trigger trigger) {
        return trigger.stats().workflow("door").map(WorkflowSnapshot::droppedTotal).orElse(0L);
    }

    private static long lostAtTrigger(Trigger trigger) {
        return (long) gauge(trigger, "tempos_channel_lost_frames");
    }

    private static double connected(Trigger trigger) {
        return gauge(trigger, "tempos_channel_connected");
    }

    private static double gauge(Component component, String name) {
        return component.gauges().stream().filter(g -> g.name().equals(name) && g.labels().get("level").equals("strict"))
                .mapToDouble(Gauge::value).findFirst().orElseThrow();
    }
}
