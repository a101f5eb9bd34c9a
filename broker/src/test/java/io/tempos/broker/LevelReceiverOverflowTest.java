package io.tempos.broker;

import io.tempos.core.testing.Workflows;

import io.tempos.core.config.Deployment;
import io.tempos.core.event.EventFrame;
import io.tempos.core.event.Hop;
import io.tempos.core.net.UdpSockets;
import io.tempos.core.qos.OverflowPolicy;
import io.tempos.core.stats.ComponentStats;
import io.tempos.core.stats.DropReason;
import io.tempos.core.stats.WorkflowSnapshot;
import io.tempos.core.testing.FreePorts;
import io.tempos.core.testing.TestDeployments;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.LongStream;

import static io.tempos.core.testing.Workflows.BEST_EFFORT;
import static io.tempos.core.testing.Workflows.STRICT;
import static io.tempos.core.testing.Workflows.workflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The overflow policies of a level, at the unit level: a real {@link LevelReceiver} on a real
 * loopback socket, with its queue and slot pool, but no queue processor — nothing drains the
 * queue, so it fills deterministically and every further event meets the level's policy.
 *
 * <p>Two states of a full queue are covered: the processor holds no slot (it is stalled between
 * two events, or starved of CPU: the spare slot sits in the free pool) and the processor holds
 * one (it is sending: the free pool is empty). The policy must be the same in both.
 */
class LevelReceiverOverflowTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** How many events more than the queue holds each overflow test sends. */
    private static final int OVERFLOW = 7;

    @TempDir
    Path dir;
    private Supplier<RoutingTable> routes;
    private ComponentStats stats;

    @BeforeEach
    void routes() {
        Workflows.createArtifact(dir);
        Deployment deployment = TestDeployments.parse(TestDeployments.baseToml()
                + workflow("bulk", BEST_EFFORT) + workflow("lock", STRICT), dir);
        stats = new ComponentStats("mom");
        RoutingTable table = RoutingTable.of(deployment, Map.of(STRICT, "", BEST_EFFORT, ""), stats);
        routes = () -> table;
    }

    @ParameterizedTest(name = "capacity {0}, processor holds a slot: {1}")
    @CsvSource({"5, false", "5, true", "64, false", "64, true", "1, false", "1, true"})
    void dropNewestKeepsTheFirstEventsAndCountsTheRestQueueFull(int capacity, boolean processorHoldsSlot) throws Exception {
        List<Long> queued = overflowOnce(OverflowPolicy.DROP_NEWEST, DropReason.QUEUE_FULL, capacity, processorHoldsSlot);

        assertThat(queued).containsExactlyElementsOf(ids(0, capacity));
    }

    @ParameterizedTest(name = "capacity {0}, processor holds a slot: {1}")
    @CsvSource({"5, false", "5, true", "64, false", "64, true", "1, false", "1, true"})
    void dropOldestEvictsTheOldestAndKeepsTheNewest(int capacity, boolean processorHoldsSlot) throws Exception {
        List<Long> queued = overflowOnce(OverflowPolicy.DROP_OLDEST, DropReason.EVICTED, capacity, processorHoldsSlot);

        // The evicted are the oldest: what stays queued is the newest `capacity`, in order.
        assertThat(queued).containsExactlyElementsOf(ids(OVERFLOW, capacity));
    }

    @ParameterizedTest(name = "capacity {0}, processor holds a slot: {1}")
    @CsvSource({"5, false", "5, true", "64, false", "64, true"})
    void rejectKeepsTheFirstEventsAndCountsTheRestRejected(int capacity, boolean processorHoldsSlot) throws Exception {
        List<Long> queued = overflowOnce(OverflowPolicy.REJECT, DropReason.REJECTED, capacity, processorHoldsSlot);

        assertThat(queued).containsExactlyElementsOf(ids(0, capacity));
    }

    /** After overflowing, draining and overflowing again, the pool still holds every slot. */
    @Test
    void repeatedOverflowNeverLeaksASlot() throws Exception {
        int capacity = 8;
        try (Lane lane = new Lane(BEST_EFFORT, OverflowPolicy.DROP_OLDEST, capacity)) {
            long next = 0;
            for (int round = 1; round <= 5; round++) {
                lane.sendBulk(next, 3 * capacity);
                next += 3 * capacity;
                lane.awaitSettled("bulk", next, DropReason.EVICTED, round * 2L * capacity);
                assertThat(lane.drain()).containsExactlyElementsOf(ids(next - capacity, capacity));
                lane.assertNoSlotLost(null);
            }
        }
    }

    /**
     * The lanes share nothing but the routing table and the counters: while the best-effort
     * queue is full (and stays full: nothing drains it), a strict event is still queued on the
     * strict lane, and the strict workflow counts no drop.
     */
    @Test
    void strictEventIsQueuedWhileBestEffortQueueIsFull() throws Exception {
        try (Lane bestEffort = new Lane(BEST_EFFORT, OverflowPolicy.DROP_OLDEST, 4);
             Lane strict = new Lane(STRICT, OverflowPolicy.DROP_NEWEST, 4)) {
            bestEffort.sendBulk(0, 50);
            bestEffort.awaitSettled("bulk", 50, DropReason.EVICTED, 46);
            assertThat(bestEffort.queue.size()).isEqualTo(4);

            strict.send(Frames.frame(1_000, "lock", STRICT));
            await().atMost(WAIT).until(() -> strict.queue.size() == 1);
            assertThat(bestEffort.queue.size()).as("best-effort queue still full").isEqualTo(4);
            assertThat(strict.drain()).containsExactly(1_000L);
            assertThat(stats.snapshot().workflow("lock").orElseThrow().dropped()).isEmpty();
        }
    }

    /**
     * Sends {@code capacity + OVERFLOW} events of {@code bulk} to a best-effort lane of
     * {@code capacity} under {@code policy}, with the processor holding a slot or not; checks
     * that {@link #OVERFLOW} of them, and only they, were dropped as {@code reason} and that no
     * slot was lost; returns the ids that stayed queued, in order.
     */
    private List<Long> overflowOnce(OverflowPolicy policy, DropReason reason, int capacity, boolean processorHoldsSlot)
            throws IOException {
        try (Lane lane = new Lane(BEST_EFFORT, policy, capacity)) {
            FrameSlot held = processorHoldsSlot ? lane.free.poll() : null;
            lane.sendBulk(0, capacity + OVERFLOW);

            lane.awaitSettled("bulk", capacity + OVERFLOW, reason, OVERFLOW);
            List<Long> queued = lane.drain();
            assertOnlyDrops("bulk", reason, OVERFLOW);
            lane.assertNoSlotLost(held);
            return queued;
        }
    }

    private void assertOnlyDrops(String workflow, DropReason reason, long count) {
        WorkflowSnapshot snapshot = stats.snapshot().workflow(workflow).orElseThrow();
        assertThat(snapshot.dropped()).containsExactly(Map.entry(reason.label(), count));
    }

    private static List<Long> ids(long first, int count) {
        return LongStream.range(first, first + count).boxed().toList();
    }

    /** One level's receiver, queue and slot pool, without a processor. */
    private final class Lane implements AutoCloseable {
        final BoundedQueue<FrameSlot> queue;
        final BoundedQueue<FrameSlot> free;
        private final int capacity;
        private final String level;
        private final io.tempos.core.channel.ReceiveChannel ingress;
        private final DatagramChannel sender;
        private final InetSocketAddress address;
        private final Thread thread;

        Lane(String level, OverflowPolicy overflow, int capacity) throws IOException {
            this.level = level;
            this.capacity = capacity;
            this.queue = new BoundedQueue<>(capacity);
            this.free = new BoundedQueue<>(capacity + 1);
            for (int i = 0; i <= capacity; i++) {
                free.offer(new FrameSlot());
            }
            int port = FreePorts.next();
            this.address = new InetSocketAddress("127.0.0.1", port);
            this.ingress = new io.tempos.core.channel.DatagramReceiveChannel(UdpSockets.bind("127.0.0.1", port, 0), "127.0.0.1");
            this.sender = DatagramChannel.open();
            this.thread = Thread.ofPlatform().name("test-" + level + "-receiver").daemon(true)
                    .start(new LevelReceiver(level, overflow, ingress, new ResultRelay(level, ingress, 16), queue, free,
                            new WakeSignal(), routes, stats, new LaneProgress()));
        }

        void send(byte[] datagram) throws IOException {
            sender.send(ByteBuffer.wrap(datagram), address);
        }

        /** Sends the events {@code first}, {@code first+1}, … of workflow {@code bulk}, in order. */
        void sendBulk(long first, int count) throws IOException {
            for (long id = first; id < first + count; id++) {
                send(Frames.frame(id, "bulk", level));
            }
        }

        /** Waits until {@code received} events arrived and {@code dropped} of them met the policy. */
        void awaitSettled(String workflow, long received, DropReason reason, long dropped) {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(5)).untilAsserted(() -> {
                WorkflowSnapshot snapshot = stats.snapshot().workflow(workflow).orElseThrow();
                assertThat(snapshot.received()).isEqualTo(received);
                assertThat(snapshot.droppedTotal()).as("drops %s", snapshot.dropped()).isEqualTo(dropped);
                assertThat(snapshot.dropped().getOrDefault(reason.label(), 0L)).as("drops %s", snapshot.dropped()).isEqualTo(dropped);
                assertThat(queue.size()).isEqualTo(capacity);
            });
        }

        /** Takes every queued event as a processor would (slot back to the pool); their ids in order. */
        List<Long> drain() {
            List<Long> ids = new ArrayList<>();
            EventFrame view = new EventFrame();
            for (FrameSlot slot = queue.poll(); slot != null; slot = queue.poll()) {
                view.wrap(slot.frame(), 0);
                assertThat(view.check(slot.frame().limit(), EventFrame.MAX_DATAGRAM_BYTES)).isPositive();
                assertThat(view.timestamp(Hop.BROKER_IN)).as("broker-in stamped").isNotZero();
                assertThat(slot.route().workflow()).isEqualTo(view.workflow());
                ids.add(view.eventId());
                assertThat(free.offer(slot)).isTrue();
            }
            return ids;
        }

        /** With the queue drained and a held slot returned, the pool holds all capacity + 1 slots. */
        void assertNoSlotLost(FrameSlot held) {
            if (held != null) {
                assertThat(free.offer(held)).isTrue();
            }
            assertThat(queue.size()).isZero();
            assertThat(free.size()).isEqualTo(capacity + 1);
        }

        @Override
        public void close() throws IOException {
            ingress.close();
            sender.close();
            try {
                thread.join(WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            assertThat(thread.isAlive()).as("receiver stops when its socket closes").isFalse();
        }
    }
}
