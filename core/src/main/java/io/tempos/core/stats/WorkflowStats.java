package io.tempos.core.stats;

import io.tempos.core.event.EventFrame;
import io.tempos.core.event.Hop;
import io.tempos.core.eventlog.EventLog;
import io.tempos.core.eventlog.EventPoint;
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
 *
 * <p>At the invoker, {@link #completed} and {@link #failed} also add the function's run time to
 * the workflow's busy time and append the event to the component's {@link EventLog} (the
 * invoker's record; a no-op when event logs are off).
 */
public final class WorkflowStats {

    private static final long HIGHEST_NANOS = 60_000_000_000L;

    private final String workflow;
    private final LongAdder received = new LongAdder();
    private final LongAdder forwarded = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private final LongAdder rejectedByBroker = new LongAdder();
    private final LongAdder functionNanos = new LongAdder();
    private final EventLog eventLog;
    private final LongAdder[] drops = new LongAdder[DropReason.count()];
    private final Recorder[] recorders = new Recorder[LatencySpan.RECORDED.size()];
    private final Histogram[] totals = new Histogram[LatencySpan.RECORDED.size()];
    /** Each recorder's last interval histogram, handed back to it: a scrape then allocates no histogram. */
    private final Histogram[] intervals = new Histogram[LatencySpan.RECORDED.size()];

    public WorkflowStats(String workflow) {
        this(workflow, EventLog.OFF);
    }

    /** @param eventLog the component's event log, which the invoker's outcomes are appended to */
    public WorkflowStats(String workflow, EventLog eventLog) {
        this.workflow = workflow;
        this.eventLog = eventLog;
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

    /** The event log of the component these stats belong to. */
    public EventLog eventLog() {
        return eventLog;
    }

    /** Nanoseconds spent in this workflow's function so far (function-start to function-end, all invocations). */
    public long functionBusyNanos() {
        return functionNanos.sum();
    }

    /** Counts a completed event and records every span whose two hops were stamped. */
    public void completed(EventFrame frame) {
        completed.increment();
        ranFunction(frame, null);
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
        ranFunction(frame, reason);
        long from = frame.timestamp(Hop.CREATED);
        long to = frame.timestamp(Hop.FUNCTION_END);
        if (from != 0 && to != 0) {
            recorders[0].recordValue(Math.min(Math.max(0, to - from), HIGHEST_NANOS));
        }
    }

    private void ranFunction(EventFrame frame, DropReason failure) {
        long start = frame.timestamp(Hop.FUNCTION_START);
        long end = frame.timestamp(Hop.FUNCTION_END);
        if (start != 0 && end - start > 0) {
            functionNanos.add(end - start);
        }
        eventLog.record(EventPoint.INVOKER, frame, failure);
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
            intervals[i] = recorders[i].getIntervalHistogram(intervals[i]);
            totals[i].add(intervals[i]);
            if (totals[i].getTotalCount() > 0) {
                latency.put(LatencySpan.RECORDED.get(i).label(), Percentiles.ofNanos(totals[i]));
            }
        }
        return new WorkflowSnapshot(workflow, received.sum(), forwarded.sum(), completed.sum(), dropped, latency,
                rejectedByBroker.sum());
    }
}
