package io.tempos.core.eventlog;

import io.tempos.core.event.EventFrame;
import io.tempos.core.event.Hop;
import io.tempos.core.stats.ComponentStats;
import io.tempos.core.stats.DropReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Records go through the ring to the file and read back as written; a full ring drops and counts. */
class EventLogTest {

    @TempDir
    Path dir;

    @Test
    void recordsRoundTripWithStampsOutcomeAndWorkflow() throws IOException {
        Path file = dir.resolve("gate.events");
        EventLog log = EventLogs.open(file, "gate", 1 << 16);
        log.record(EventPoint.TRIGGER_OUT, frame(7, "door-lock", 100, 110), null);
        log.record(EventPoint.BROKER_IN, frame(8, "camera", 200, 210, 220), DropReason.QUEUE_FULL);
        log.close();
        log.close(); // idempotent

        List<EventLogRecord> records = new ArrayList<>();
        EventLogReader.Summary summary = EventLogReader.read(file, records::add);

        assertThat(summary).isEqualTo(new EventLogReader.Summary("gate", 2, 0, true));
        assertThat(records).hasSize(2);
        EventLogRecord first = records.get(0);
        assertThat(first.point()).isEqualTo(EventPoint.TRIGGER_OUT);
        assertThat(first.dropped()).isNull();
        assertThat(first.eventId()).isEqualTo(7);
        assertThat(first.workflow()).isEqualTo("door-lock");
        assertThat(first.stamp(Hop.CREATED)).isEqualTo(100);
        assertThat(first.stamp(Hop.TRIGGER_OUT)).isEqualTo(110);
        assertThat(first.stamp(Hop.BROKER_IN)).isZero();
        EventLogRecord second = records.get(1);
        assertThat(second.point()).isEqualTo(EventPoint.BROKER_IN);
        assertThat(second.dropped()).isEqualTo(DropReason.QUEUE_FULL);
        assertThat(second.workflow()).isEqualTo("camera");
        assertThat(second.stamp(Hop.BROKER_IN)).isEqualTo(220);
        assertThat(log.recorded()).isEqualTo(2);
    }

    @Test
    void aFullRingDropsTheRecordCountsItAndNeverBlocks() throws Exception {
        Path file = dir.resolve("mom.events");
        EventLog log = EventLogs.open(file, "mom", 4_096);
        // Park the writer thread's drain by filling faster than it runs: 4 KiB hold ~50 records,
        // so 20,000 appended back to back cannot all fit however quick the writer is.
        EventFrame frame = frame(1, "w", 1, 2);
        int attempts = 20_000;
        for (int i = 0; i < attempts; i++) {
            log.record(EventPoint.BROKER_IN, frame, null);
        }
        long lost = log.lost();
        log.close();

        List<EventLogRecord> records = new ArrayList<>();
        EventLogReader.Summary summary = EventLogReader.read(file, records::add);

        assertThat(lost).isPositive();
        assertThat(log.recorded() + lost).isEqualTo(attempts);
        assertThat(summary.records()).isEqualTo(log.recorded());
        assertThat(summary.lost()).isEqualTo(lost);
    }

    @Test
    void manyThreadsAppendWithoutLosingARecordWhenTheRingHasRoom() throws Exception {
        Path file = dir.resolve("edge.events");
        EventLog log = EventLogs.open(file, "edge", 1 << 22);
        int threads = 4;
        int each = 5_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * each;
            writers.add(Thread.ofPlatform().start(() -> {
                EventFrame frame = frame(0, "w" + base, 1, 2);
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    frame.buffer().putLong(8, base + i);
                    log.record(EventPoint.INVOKER, frame, null);
                }
            }));
        }
        start.countDown();
        for (Thread writer : writers) {
            writer.join();
        }
        log.close();

        Set<Long> ids = new HashSet<>();
        EventLogReader.read(file, r -> ids.add(r.eventId()));
        assertThat(log.lost()).isZero();
        assertThat(ids).hasSize(threads * each);
    }

    @Test
    void componentStatsOpenTheLogOfTheDirectorySetAndWriteItOnClose() throws IOException {
        EventLogs.directory(dir);
        ComponentStats stats;
        try {
            stats = new ComponentStats("edge");
        } finally {
            EventLogs.directory(null);
        }
        assertThat(EventLogs.of("edge")).isSameAs(stats.eventLog());
        stats.of("door").completed(frame(42, "door", 1, 2, 3, 4, 5, 6, 9));
        stats.close();

        List<EventLogRecord> records = new ArrayList<>();
        EventLogReader.read(dir.resolve("edge.events"), records::add);
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.point()).isEqualTo(EventPoint.INVOKER);
            assertThat(r.eventId()).isEqualTo(42);
            assertThat(r.stamp(Hop.FUNCTION_END)).isEqualTo(9);
        });
        assertThat(stats.functionBusyNanos()).containsEntry("door", 3L);
        assertThat(EventLogs.of("edge")).isSameAs(EventLog.OFF);
        assertThat(new ComponentStats("off").eventLog()).isSameAs(EventLog.OFF);
    }

    @Test
    void theHotPathAllocatesNothing() throws IOException {
        EventLog log = EventLogs.open(dir.resolve("edge.events"), "edge", 1 << 22);
        io.tempos.core.stats.WorkflowStats stats = new io.tempos.core.stats.WorkflowStats("door", log);
        EventFrame frame = frame(1, "door", 1, 2, 3, 4, 5, 6, 9);
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        int events = 10_000;
        for (int i = 0; i < events; i++) { // warm-up: first-use allocations (adder cells, class init) happen here
            stats.received();
            stats.completed(frame);
            log.record(EventPoint.BROKER_IN, frame, null);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < events; i++) {
            stats.received();
            stats.completed(frame);               // counts, 8 histograms, busy time, the invoker's record
            log.record(EventPoint.BROKER_IN, frame, null);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        log.close();

        assertThat(allocated).as("bytes allocated by %d events", events).isLessThan(1_024);
    }

    @Test
    void aFileThatIsNotAnEventLogIsRefusedByName() throws IOException {
        Path file = Files.writeString(dir.resolve("x.events"), "hello, not a log");
        assertThatThrownBy(() -> EventLogReader.read(file, r -> { }))
                .isInstanceOf(IOException.class).hasMessageContaining("x.events: not a Tempos event log");
    }

    /** A frame of {@code workflow} whose first hops are stamped with {@code stamps}. */
    static EventFrame frame(long id, String workflow, long... stamps) {
        byte[] name = workflow.getBytes(StandardCharsets.UTF_8);
        byte[] level = "strict".getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(EventFrame.encodedLength(name, level, 4)).order(ByteOrder.LITTLE_ENDIAN);
        EventFrame.encode(buffer, id, name, level, new byte[4], 0, 4);
        EventFrame frame = new EventFrame().wrap(buffer, 0);
        for (int i = 0; i < stamps.length; i++) {
            frame.stamp(Hop.of(i), stamps[i]);
        }
        return frame;
    }
}
