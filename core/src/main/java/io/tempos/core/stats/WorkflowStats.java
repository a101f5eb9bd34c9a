package io.tempos.core.stats;

import io.tempos.core.event.EventFrame;
import io.tempos.core.event.Hop;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one component saw of one workflow: events received, passed on and completed, drops by
 * reason, and (at the invoker) latency per span. Writers are the component's hot threads and
 * never block: counters are {@link LongAdder}s and latencies go to wait-free {@link Recorder}s.
 * {@link #snapshot()} may run on any thread.
 */
public final class WorkflowStats {

    private static final long HIGHEST_NANOS = 60_000_000_000L;

    private final String workflow;
    private final LongAdder received = new LongAdder();
    private final LongAdder forwarded = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private final LongAdder rejectedByBroker = new LongAdder();
    private final LongAdder[] drops = new LongAdder[DropReason.count()];
    private final Recorder[] recorders = new Recorder[LatencySpan.RECORDED.size()];
    private final Histogram[] totals = new Histogram[LatencySpan.RECORDED.size()];

    public WorkflowStats(String workflow) {
        this.workflow = workflow;
        for (int i = 0; i < drops.length; i++) {
            drops[i] = new LongAdder();
        }
        for (int i = 0; i < recorders.length; i++) {
            recorders[i] = new Recorder(HIGHEST_NANOS, 3);
            totals[i] = new Histogram(HIGHEST_NANOS, 3);
        }
    }

    public String workflow() {
        return workflow;
    }

    public void received() {
        received.increment();
    }

    public void forwarded() {
        forwarded.increment();
    }

    /** The broker answered an event forwarded by this component with a rejection. */
    public void rejectedByBroker() {
        rejectedByBroker.increment();
    }

    public void dropped(DropReason reason) {
        drops[reason.ordinal()].increment();
    }

    /** Counts a completed event and records every span whose two hops were stamped. */
    public void completed(EventFrame frame) {
        completed.increment();
        for (int i = 0; i < recorders.length; i++) {
            LatencySpan span = LatencySpan.RECORDED.get(i);
            long from = frame.timestamp(span.from());
            long to = frame.timestamp(span.to());
            if (from != 0 && to != 0) {
                recorders[i].recordValue(Math.min(Math.max(0, to - from), HIGHEST_NANOS));
            }
        }
    }

    /** Counts a failed invocation and records its end-to-end latency (the caller waited too). */
    public void failed(DropReason reason, EventFrame frame) {
        dropped(reason);
        long from = frame.timestamp(Hop.CREATED);
        long to = frame.timestamp(Hop.FUNCTION_END);
        if (from != 0 && to != 0) {
            recorders[0].recordValue(Math.min(Math.max(0, to - from), HIGHEST_NANOS));
        }
    }

    public synchronized WorkflowSnapshot snapshot() {
        Map<String, Long> dropped = new LinkedHashMap<>();
        for (DropReason reason : DropReason.values()) {
            long n = drops[reason.ordinal()].sum();
            if (n > 0) {
                dropped.put(reason.label(), n);
            }
        }
        Map<String, Percentiles> latency = new LinkedHashMap<>();
        for (int i = 0; i < recorders.length; i++) {
            totals[i].add(recorders[i].getIntervalHistogram());
            if (totals[i].getTotalCount() > 0) {
                latency.put(LatencySpan.RECORDED.get(i).label(), Percentiles.ofNanos(totals[i]));
            }
        }
        return new WorkflowSnapshot(workflow, received.sum(), forwarded.sum(), completed.sum(), dropped, latency,
                rejectedByBroker.sum());
    }
}
