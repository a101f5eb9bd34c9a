package io.tempos.core.stats;

import io.tempos.core.event.Hop;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.tempos.core.stats.StampedFrames.everyHop;
import static io.tempos.core.stats.StampedFrames.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class WorkflowStatsTest {

    /** HdrHistogram with 3 significant digits: a recorded value reads back within 0.1 %. */
    private static final double HISTOGRAM_PRECISION = 0.001;

    private final WorkflowStats stats = new WorkflowStats("w");

    @Test
    void aNewWorkflowHasNothing() {
        WorkflowSnapshot snapshot = stats.snapshot();

        assertThat(snapshot).isEqualTo(new WorkflowSnapshot("w", 0, 0, 0, Map.of(), Map.of()));
        assertThat(snapshot.droppedTotal()).isZero();
    }

    @Test
    void countsReceivedForwardedAndCompleted() {
        for (int i = 0; i < 5; i++) {
            stats.received();
        }
        for (int i = 0; i < 3; i++) {
            stats.forwarded();
        }
        stats.completed(frame(Map.of()));

        WorkflowSnapshot snapshot = stats.snapshot();
        assertThat(snapshot.received()).isEqualTo(5);
        assertThat(snapshot.forwarded()).isEqualTo(3);
        assertThat(snapshot.completed()).isEqualTo(1);
    }

    @Test
    void dropsAreCountedByReasonLabelAndOnlyReasonsThatOccurred() {
        stats.dropped(DropReason.QUEUE_FULL);
        stats.dropped(DropReason.QUEUE_FULL);
        stats.dropped(DropReason.UNKNOWN_WORKFLOW);

        WorkflowSnapshot snapshot = stats.snapshot();
        assertThat(snapshot.dropped()).containsExactly(Map.entry("unknown-workflow", 1L), Map.entry("queue-full", 2L));
        assertThat(snapshot.droppedTotal()).isEqualTo(3);
    }

    @Test
    void aCompletedEventWithEveryHopStampedRecordsEverySpan() {
        stats.completed(everyHop(1_000_000_000L, 10_000));   // 10 µs per hop, 60 µs end to end

        Map<String, Percentiles> latency = stats.snapshot().latencyUs();
        assertThat(latency.keySet()).containsExactly("end-to-end", "delivery", "created..trigger-out", "trigger-out..broker-in",
                "broker-in..broker-out", "broker-out..invoker-in", "invoker-in..function-start", "function-start..function-end");
        assertThat(latency.get("end-to-end").count()).isEqualTo(1);
        assertThat(latency.get("end-to-end").p50()).isCloseTo(60.0, within(60.0 * HISTOGRAM_PRECISION));
        assertThat(latency.get("broker-in..broker-out").max()).isCloseTo(10.0, within(10.0 * HISTOGRAM_PRECISION));
    }

    @Test
    void unstampedHopsAreSkipped() {
        stats.completed(frame(Map.of(Hop.BROKER_IN, 5_000L, Hop.BROKER_OUT, 7_000L)));
        stats.completed(frame(Map.of(Hop.CREATED, 1_000L, Hop.FUNCTION_END, 101_000L)));
        stats.completed(frame(Map.of(Hop.CREATED, 1_000L)));

        WorkflowSnapshot snapshot = stats.snapshot();
        assertThat(snapshot.completed()).isEqualTo(3);
        assertThat(snapshot.latencyUs()).containsOnlyKeys("end-to-end", "broker-in..broker-out");
        assertThat(snapshot.latencyUs().get("end-to-end").count()).isEqualTo(1);
        assertThat(snapshot.latencyUs().get("end-to-end").p50()).isCloseTo(100.0, within(0.1));
        assertThat(snapshot.latencyUs().get("broker-in..broker-out").p50()).isCloseTo(2.0, within(0.01));
    }

    /** Clocks of different machines (or a stamp from a later hop first) must not make a negative latency. */
    @Test
    void aSpanThatRunsBackwardsCountsAsZero() {
        stats.completed(frame(Map.of(Hop.CREATED, 50_000L, Hop.FUNCTION_END, 20_000L)));

        Percentiles endToEnd = stats.snapshot().latencyUs().get("end-to-end");
        assertThat(endToEnd.count()).isEqualTo(1);
        assertThat(endToEnd.max()).isZero();
    }

    @Test
    void percentilesOfManyEvents() {
        for (int micros = 1; micros <= 1000; micros++) {
            stats.completed(frame(Map.of(Hop.CREATED, 1L, Hop.FUNCTION_END, 1L + micros * 1_000L)));
        }

        Percentiles p = stats.snapshot().latencyUs().get("end-to-end");
        assertThat(p.count()).isEqualTo(1000);
        assertThat(p.p50()).isCloseTo(500.0, within(500 * HISTOGRAM_PRECISION + 0.1));
        assertThat(p.p99()).isCloseTo(990.0, within(990 * HISTOGRAM_PRECISION + 0.1));
        assertThat(p.p999()).isCloseTo(999.0, within(999 * HISTOGRAM_PRECISION + 0.1));
        assertThat(p.max()).isCloseTo(1000.0, within(1000 * HISTOGRAM_PRECISION + 0.1));
        assertThat(p.mean()).isCloseTo(500.5, within(500.5 * HISTOGRAM_PRECISION));
    }

    @Test
    void snapshotsAreCumulative() {
        stats.completed(everyHop(1, 1_000));
        stats.received();
        WorkflowSnapshot first = stats.snapshot();

        stats.completed(everyHop(1, 3_000));
        stats.received();
        WorkflowSnapshot second = stats.snapshot();

        assertThat(first.latencyUs().get("end-to-end").count()).isEqualTo(1);
        assertThat(second.latencyUs().get("end-to-end").count()).isEqualTo(2);
        assertThat(second.latencyUs().get("end-to-end").max()).isCloseTo(18.0, within(0.1));
        assertThat(second.received()).isEqualTo(2);
        assertThat(stats.snapshot()).as("a snapshot changes nothing").isEqualTo(second);
    }

    @Test
    void aFailedInvocationIsADropAndRecordsOnlyItsEndToEndLatency() {
        stats.failed(DropReason.TIMEOUT, everyHop(1, 10_000));
        stats.failed(DropReason.FUNCTION_FAILED, frame(Map.of(Hop.CREATED, 1L)));

        WorkflowSnapshot snapshot = stats.snapshot();
        assertThat(snapshot.completed()).isZero();
        assertThat(snapshot.dropped()).containsExactly(Map.entry("function-failed", 1L), Map.entry("timeout", 1L));
        assertThat(snapshot.latencyUs()).containsOnlyKeys("end-to-end");
        assertThat(snapshot.latencyUs().get("end-to-end").count()).isEqualTo(1);
        assertThat(snapshot.latencyUs().get("end-to-end").p50()).isCloseTo(60.0, within(0.1));
    }

    @Test
    void aLatencyBeyondTheHistogramRangeIsClampedNotLost() {
        stats.completed(frame(Map.of(Hop.CREATED, 1L, Hop.FUNCTION_END, 1L + 3_600_000_000_000L)));   // an hour

        Percentiles endToEnd = stats.snapshot().latencyUs().get("end-to-end");
        assertThat(endToEnd.count()).isEqualTo(1);
        assertThat(endToEnd.max()).isCloseTo(60_000_000.0, within(60_000_000.0 * HISTOGRAM_PRECISION));
    }
}
