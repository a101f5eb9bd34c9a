package io.tempos.trigger;

import io.tempos.core.stats.ComponentStats;
import io.tempos.core.stats.DropReason;
import io.tempos.core.stats.WorkflowStats;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What every way into a trigger shares: an outside event (a workflow name and a payload) is
 * checked — known workflow, right level, size, rate — and forwarded to the broker, or dropped
 * with a counted reason. One intake per endpoint (or bridge); it owns that endpoint's forwarders,
 * so endpoints of different levels never share a socket. Safe for the endpoint's threads.
 */
final class Intake {

    private final String endpointLevel;
    private final Map<String, EventForwarder> forwarders;
    private final Map<String, RateLimits> limits;
    private final Supplier<WorkflowDirectory> directory;
    private final ComponentStats stats;
    private final int maxPayloadBytes;

    /**
     * @param endpointLevel the level of the endpoint, whose events must be of that level; null for
     *                      a bridge, whose events travel on their workflow's level
     * @param forwarders    the forwarder of each level this intake sends on
     * @param limits        the rate limits of each level (absent: none)
     */
    Intake(String endpointLevel, Map<String, EventForwarder> forwarders, Map<String, RateLimits> limits,
           Supplier<WorkflowDirectory> directory, ComponentStats stats, int maxPayloadBytes) {
        this.endpointLevel = endpointLevel;
        this.forwarders = Map.copyOf(forwarders);
        this.limits = Map.copyOf(limits);
        this.directory = directory;
        this.stats = stats;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    int maxPayloadBytes() {
        return maxPayloadBytes;
    }

    /** Whether the level of this endpoint limits per source (so callers need to name the source). */
    boolean limitsSources() {
        return endpointLevel == null || limits.getOrDefault(endpointLevel, RateLimits.NONE).limitsSources();
    }

    /**
     * Accepts one outside event.
     *
     * @param source    who sent it, for the per-source rate limit (an address, a connection, a topic), or null
     * @param nowNanos  when it arrived (the {@code created} stamp)
     * @return the event id (&ge; 0), or {@code -1 - reason.ordinal()} of the {@link DropReason}, already counted
     */
    long accept(String workflowName, ByteBuffer payload, int payloadLength, Object source, long nowNanos) {
        return accept(workflowName, payload, payloadLength, source, nowNanos, false);
    }

    /**
     * Like {@link #accept(String, ByteBuffer, int, Object, long)}; with {@code reply} the event asks
     * for its function's result, which {@link #replies} of the workflow then waits for.
     */
    long accept(String workflowName, ByteBuffer payload, int payloadLength, Object source, long nowNanos, boolean reply) {
        return admit(directory.get().get(workflowName), payload, payloadLength, source, nowNanos, reply);
    }

    /**
     * Like {@link #accept(String, ByteBuffer, int, Object, long)} with the workflow named by the
     * {@code nameLength} UTF-8 bytes of {@code name} at {@code nameAt}: the datagram path, which
     * must not turn every event's name into a {@code String}.
     */
    long accept(ByteBuffer name, int nameAt, int nameLength, ByteBuffer payload, int payloadLength, Object source, long nowNanos) {
        return admit(directory.get().find(name, nameAt, nameLength), payload, payloadLength, source, nowNanos, false);
    }

    private long admit(WorkflowDirectory.Entry workflow, ByteBuffer payload, int payloadLength, Object source, long nowNanos, boolean reply) {
        if (workflow == null) {
            stats.unattributed().dropped(DropReason.UNKNOWN_WORKFLOW);
            return -1 - DropReason.UNKNOWN_WORKFLOW.ordinal();
        }
        WorkflowStats counts = stats.of(workflow.workflow());
        counts.received();
        EventForwarder forwarder = forwarders.get(workflow.level());
        DropReason refused = endpointLevel != null && !workflow.level().equals(endpointLevel) || forwarder == null ? DropReason.WRONG_LEVEL
                : payloadLength > maxPayloadBytes ? DropReason.OVERSIZED
                : !limits.getOrDefault(workflow.level(), RateLimits.NONE).admit(source, nowNanos) ? DropReason.RATE_LIMITED
                : null;
        if (refused != null) {
            counts.dropped(refused);
            return -1 - refused.ordinal();
        }
        long result = forwarder.forward(workflow, payload, payloadLength, nowNanos, reply);
        if (result >= 0) {
            counts.forwarded();
        } else {
            counts.dropped(EventForwarder.reasonOf(result));
        }
        return result;
    }

    /** Where the results of {@code workflowName}'s synchronous events arrive, or null when it is unknown here. */
    PendingReplies replies(String workflowName) {
        WorkflowDirectory.Entry workflow = directory.get().get(workflowName);
        EventForwarder forwarder = workflow == null ? null : forwarders.get(workflow.level());
        return forwarder == null ? null : forwarder.replies();
    }

    /** The function timeout of {@code workflowName} in milliseconds, or -1 when it is unknown. */
    long timeoutMsOf(String workflowName) {
        WorkflowDirectory.Entry workflow = directory.get().get(workflowName);
        return workflow == null ? -1 : workflow.timeoutMs();
    }

    /** The level of {@code workflowName}, or null when it is unknown. */
    String levelOf(String workflowName) {
        WorkflowDirectory.Entry workflow = directory.get().get(workflowName);
        return workflow == null ? null : workflow.level();
    }

    /** Counts an outside event that could not be read (no workflow can be named). */
    void malformed() {
        stats.unattributed().dropped(DropReason.MALFORMED);
    }

    /** Counts a bridged message that no subscription maps to a workflow. */
    void unmatched() {
        stats.unattributed().dropped(DropReason.UNKNOWN_WORKFLOW);
    }

    /**
     * Counts an outside event too large to read: against {@code workflowName} when the request
     * named a known workflow outside its body (the HTTP path), else unattributed.
     */
    void oversized(String workflowName) {
        WorkflowDirectory.Entry workflow = workflowName == null ? null : directory.get().get(workflowName);
        if (workflow == null) {
            stats.unattributed().dropped(DropReason.OVERSIZED);
            return;
        }
        WorkflowStats counts = stats.of(workflow.workflow());
        counts.received();
        counts.dropped(DropReason.OVERSIZED);
    }

    /** Says why {@link #accept} refused an event of {@code workflowName}, for the sender. */
    String describe(long result, String workflowName, int payloadLength) {
        DropReason reason = EventForwarder.reasonOf(result);
        WorkflowDirectory.Entry workflow = directory.get().get(workflowName);
        return switch (reason) {
            case UNKNOWN_WORKFLOW -> "no workflow '" + workflowName + "'; workflows: " + directory.get().names();
            case WRONG_LEVEL -> workflow == null ? "workflow '" + workflowName + "' changed level"
                    : endpointLevel != null ? "workflow '" + workflowName + "' has level '" + workflow.level()
                      + "'; this endpoint serves level '" + endpointLevel + "'"
                    : "workflow '" + workflowName + "' has level '" + workflow.level() + "', which the trigger's broker has no port for";
            case OVERSIZED -> "payload " + payloadLength + " bytes > max-payload-bytes " + maxPayloadBytes;
            case RATE_LIMITED -> "rate limit of level '" + (workflow == null ? endpointLevel : workflow.level())
                    + "' reached; slow down and retry";
            default -> "event not forwarded: " + reason.label();
        };
    }
}
