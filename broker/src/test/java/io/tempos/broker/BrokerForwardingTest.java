package io.tempos.broker;

import io.tempos.core.testing.UdpStub;

import io.tempos.core.config.Deployment;
import io.tempos.core.config.InvokerSpec;
import io.tempos.core.event.EventFrame;
import io.tempos.core.event.Hop;
import io.tempos.core.stats.WorkflowSnapshot;
import io.tempos.core.testing.FreePorts;
import io.tempos.core.testing.TestDeployments;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static io.tempos.broker.BrokerFixture.POLL;
import static io.tempos.broker.BrokerFixture.WAIT;
import static io.tempos.core.testing.Workflows.BEST_EFFORT;
import static io.tempos.core.testing.Workflows.LOCK_AND_BULK;
import static io.tempos.core.testing.Workflows.STRICT;
import static io.tempos.core.testing.Workflows.workflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Well-formed events through a real broker over loopback UDP: the test sends frames as the
 * trigger does and receives them where the invoker {@code edge} listens.
 */
class BrokerForwardingTest {

    @TempDir
    Path dir;
    @AutoClose
    private BrokerFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = BrokerFixture.start(dir, LOCK_AND_BULK);
    }

    /** The broker stamps broker-in and broker-out and changes no other byte of the frame. */
    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({"lock, strict", "bulk, best-effort"})
    void forwardsEventToSubscriberStampedAndOtherwiseIntact(String workflow, String level) throws Exception {
        byte[] payload = "{\"door\":\"12\",\"action\":\"open\"}".getBytes(StandardCharsets.UTF_8);
        byte[] sent = Frames.frame(7, workflow, level, payload);
        long sentAt = System.nanoTime();
        fixture.send(level, sent);

        byte[] received = fixture.awaitEvent(level, 7);
        long receivedAt = System.nanoTime();
        EventFrame frame = Frames.checked(received);
        assertThat(frame.workflow()).isEqualTo(workflow);
        assertThat(frame.level()).isEqualTo(level);
        assertThat(frame.payload()).isEqualTo(payload);

        long in = frame.timestamp(Hop.BROKER_IN);
        long out = frame.timestamp(Hop.BROKER_OUT);
        assertThat(in).as("broker-in after the send began").isGreaterThanOrEqualTo(sentAt);
        assertThat(out).as("broker-out").isGreaterThanOrEqualTo(in).isLessThanOrEqualTo(receivedAt);
        for (Hop later : List.of(Hop.INVOKER_IN, Hop.FUNCTION_START, Hop.FUNCTION_END)) {
            assertThat(frame.timestamp(later)).as(later.label()).isZero();
        }

        byte[] unstamped = received.clone();
        Frames.putLong(unstamped, Frames.timestampOffset(Hop.BROKER_IN), 0);
        Frames.putLong(unstamped, Frames.timestampOffset(Hop.BROKER_OUT), 0);
        assertThat(unstamped).as("every byte but the broker's two stamps as sent").isEqualTo(sent);
    }

    /**
     * Per level, events leave in the order they came, and each is counted received and forwarded
     * once. Sent in batches smaller than the queues (64): a burst beyond a queue's capacity
     * would rightly meet its overflow policy instead.
     */
    @Test
    void forwardsEveryEventOnceInOrderAndCountsIt() throws Exception {
        int events = 200;
        int batch = 20;
        for (int first = 0; first < events; first += batch) {
            for (int i = first; i < first + batch; i++) {
                fixture.send(STRICT, Frames.frame(i, "lock", STRICT));
                fixture.send(BEST_EFFORT, Frames.frame(10_000 + i, "bulk", BEST_EFFORT));
            }
            assertThat(receiveIds(STRICT, batch)).isEqualTo(range(first, batch));
            assertThat(receiveIds(BEST_EFFORT, batch)).isEqualTo(range(10_000 + first, batch));
        }

        await().atMost(WAIT).pollInterval(POLL).untilAsserted(() -> {
            for (String workflow : List.of("lock", "bulk")) {
                WorkflowSnapshot counts = fixture.workflow(workflow);
                assertThat(counts.received()).as(workflow).isEqualTo(events);
                assertThat(counts.forwarded()).as(workflow).isEqualTo(events);
                assertThat(counts.dropped()).as(workflow).isEmpty();
            }
        });
        assertThat(fixture.broker.queueDepths()).containsEntry(STRICT, 0).containsEntry(BEST_EFFORT, 0);
        assertThat(fixture.broker.stats().workflows()).extracting(WorkflowSnapshot::workflow).containsExactlyInAnyOrder("bulk", "lock");
    }

    /** A frame of the largest UDP datagram passes whole (the queue's slot grows to hold it). */
    @Test
    void forwardsTheLargestFrameWhole() throws Exception {
        int payloadLength = EventFrame.MAX_DATAGRAM_BYTES - EventFrame.HEADER_BYTES - "bulk".length() - BEST_EFFORT.length();
        byte[] payload = new byte[payloadLength];
        new Random(42).nextBytes(payload);
        byte[] sent = Frames.frame(99, "bulk", BEST_EFFORT, payload);
        assertThat(sent).hasSize(EventFrame.MAX_DATAGRAM_BYTES);

        fixture.send(BEST_EFFORT, sent);
        byte[] received = fixture.awaitEvent(BEST_EFFORT, 99);
        assertThat(received).hasSize(EventFrame.MAX_DATAGRAM_BYTES);
        assertThat(Frames.checked(received).payload()).isEqualTo(payload);

        // And small frames after it still come out with their own length, not the big one's.
        byte[] small = Frames.frame(100, "bulk", BEST_EFFORT);
        fixture.send(BEST_EFFORT, small);
        assertThat(fixture.awaitEvent(BEST_EFFORT, 100)).hasSize(small.length);
    }

    /** An empty payload is a valid event. */
    @Test
    void forwardsEventWithEmptyPayload() throws Exception {
        fixture.send(STRICT, Frames.frame(5, "lock", STRICT, new byte[0]));
        assertThat(Frames.checked(fixture.awaitEvent(STRICT, 5)).payloadLength()).isZero();
    }

    /** A topic with two subscribers: every event goes to both, counted forwarded once per subscriber. */
    @Test
    void forwardsToEverySubscriberOfTheTopic() throws Exception {
        String toml = TestDeployments.baseToml().replace("subscribers = [\"edge\"]\n[topics.bq]", "subscribers = [\"edge\", \"edge2\"]\n[topics.bq]")
                + "[invokers.edge2]\nmanagement-port = %d\nports = { strict = %d }\n".formatted(FreePorts.next(), FreePorts.next())
                + workflow("lock", STRICT);
        Deployment deployment = BrokerFixture.deployment(dir, toml);
        assertThat(deployment.topics().get("sq").subscribers()).containsExactly("edge", "edge2");
        fixture.close();
        fixture = BrokerFixture.start(deployment, "mom");
        InvokerSpec edge2 = deployment.invokers().get("edge2");
        try (UdpStub second = new UdpStub(edge2.host(), edge2.ports())) {
            for (int id = 0; id < 20; id++) {
                fixture.send(STRICT, Frames.frame(id, "lock", STRICT));
            }
            assertThat(receiveIds(STRICT, 20)).isEqualTo(range(0, 20));
            List<Long> atSecond = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                byte[] bytes = second.receive(STRICT, WAIT);
                assertThat(bytes).as("event %d at the second subscriber", i).isNotNull();
                atSecond.add(Frames.checked(bytes).eventId());
            }
            assertThat(atSecond).isEqualTo(range(0, 20));
            await().atMost(WAIT).pollInterval(POLL).untilAsserted(() -> {
                assertThat(fixture.workflow("lock").received()).isEqualTo(20);
                assertThat(fixture.workflow("lock").forwarded()).isEqualTo(40);
            });
        }
    }

    private List<Long> receiveIds(String level, int count) throws Exception {
        List<Long> ids = new ArrayList<>();
        while (ids.size() < count) {
            byte[] bytes = fixture.invoker.receive(level, WAIT);
            assertThat(bytes).as("event %d of %d on %s; broker stats %s", ids.size() + 1, count, level, fixture.broker.stats()).isNotNull();
            ids.add(Frames.checked(bytes).eventId());
        }
        return ids;
    }

    private static List<Long> range(long first, int count) {
        Long[] ids = new Long[count];
        Arrays.setAll(ids, i -> first + i);
        return List.of(ids);
    }
}
