package io.tempos.core.stats;

import io.tempos.core.eventlog.EventLog;
import io.tempos.core.eventlog.EventLogs;
import io.tempos.core.net.SocketDrops;


import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The statistics of one component, per workflow. Events that cannot be attributed to a
 * workflow (garbage, truncated frames) are counted under {@link #UNATTRIBUTED}. Also holds the
 * component's {@link EventLog} (opened from {@link EventLogs} when created; off by default).
 */
public final class ComponentStats implements AutoCloseable {

    /** The pseudo-workflow of events whose workflow could not be read. */
    public static final String UNATTRIBUTED = "(unattributed)";

    private final String component;
    private final ConcurrentHashMap<String, WorkflowStats> workflows = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Integer> watchedSockets = new ConcurrentHashMap<>();

    private final EventLog eventLog;

    public ComponentStats(String component) {
        this(component, EventLogs.open(component));
    }

    public ComponentStats(String component, EventLog eventLog) {
        this.component = component;
        this.eventLog = eventLog;
    }

    /** The component's event log: hot threads append with {@link EventLog#record}. */
    public EventLog eventLog() {
        return eventLog;
    }

    /** Nanoseconds spent in functions so far, per workflow (an invoker's; empty elsewhere). */
    public Map<String, Long> functionBusyNanos() {
        Map<String, Long> busy = new TreeMap<>();
        workflows.values().forEach(w -> busy.put(w.workflow(), w.functionBusyNanos()));
        return busy;
    }

    /** Writes out and closes the event log; the counts stay readable. */
    @Override
    public void close() {
        eventLog.close();
    }

    /**
     * The stats of {@code workflow}, created on first use. Call it only with names of configured
     * workflows, never with a name read off the wire: count those on {@link #unattributed()}.
     */
    public WorkflowStats of(String workflow) {
        WorkflowStats stats = workflows.get(workflow);
        return stats != null ? stats : workflows.computeIfAbsent(workflow, name -> new WorkflowStats(name, eventLog));
    }

    public WorkflowStats unattributed() {
        return of(UNATTRIBUTED);
    }

    /**
     * Reports, with every snapshot, the datagrams the kernel dropped on the UDP socket bound to
     * {@code port} (its receive buffer overflowed), under {@code label}, e.g. {@code udp strict}.
     */
    public void watchSocket(String label, int port) {
        watchedSockets.put(label, port);
    }

    public ComponentSnapshot snapshot() {
        List<WorkflowSnapshot> snapshots = new ArrayList<>();
        workflows.values().forEach(w -> snapshots.add(w.snapshot()));
        snapshots.sort(Comparator.comparing(WorkflowSnapshot::workflow));
        Map<String, Long> socketDrops = new TreeMap<>();
        watchedSockets.forEach((label, port) -> socketDrops.put(label, SocketDrops.of(port)));
        return new ComponentSnapshot(component, snapshots, socketDrops);
    }
}
