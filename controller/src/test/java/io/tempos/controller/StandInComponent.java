package io.tempos.controller;

import io.tempos.core.component.Component;
import io.tempos.core.config.Deployment;
import io.tempos.core.stats.ComponentSnapshot;
import io.tempos.core.stats.WorkflowSnapshot;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A component that only takes configurations: it records every deployment it applies, and
 * refuses them all, as a real component refuses what it cannot honour, when told to.
 */
final class StandInComponent implements Component {

    private final String id;
    private final List<Deployment> applied = new CopyOnWriteArrayList<>();
    private volatile String refusal;
    private volatile List<WorkflowSnapshot> stats = List.of();
    private final AtomicInteger attempts = new AtomicInteger();

    StandInComponent(String id) {
        this.id = id;
    }

    /** From now on, refuse every configuration with {@code reason}; null to accept again. */
    void refuseWith(String reason) {
        this.refusal = reason;
    }

    /** From now on, report {@code workflows} on {@code GET /stats}. */
    void reportStats(List<WorkflowSnapshot> workflows) {
        this.stats = List.copyOf(workflows);
    }

    /** Every deployment applied, oldest first. */
    List<Deployment> applied() {
        return List.copyOf(applied);
    }

    @Override
    public String id() {
        return id;
    }

    /** How many configurations it was given, applied or refused. */
    int attempts() {
        return attempts.get();
    }

    @Override
    public void configure(Deployment deployment) {
        attempts.incrementAndGet();
        String reason = refusal;
        if (reason != null) {
            throw new IllegalArgumentException(reason);
        }
        applied.add(deployment);
    }

    @Override
    public Deployment configuration() {
        return applied.isEmpty() ? null : applied.getLast();
    }

    @Override
    public ComponentSnapshot stats() {
        return new ComponentSnapshot(id, stats);
    }

    @Override
    public void close() {
    }
}
