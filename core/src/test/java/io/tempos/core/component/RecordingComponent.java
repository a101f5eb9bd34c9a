package io.tempos.core.component;

import io.tempos.core.config.Deployment;
import io.tempos.core.stats.ComponentSnapshot;
import io.tempos.core.stats.ComponentStats;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A component that records every configuration it applies and refuses one with a workflow named {@value #POISON}. */
final class RecordingComponent implements Component {

    static final String POISON = "poison";

    private final String id;
    private final ComponentStats stats;
    private final List<Deployment> applied = new CopyOnWriteArrayList<>();
    private volatile Deployment configuration;

    RecordingComponent(String id) {
        this.id = id;
        this.stats = new ComponentStats(id);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void configure(Deployment deployment) {
        if (deployment.workflows().containsKey(POISON)) {
            throw new IllegalArgumentException("workflow " + POISON + ": its function does not load");
        }
        configuration = deployment;
        applied.add(deployment);
    }

    @Override
    public Deployment configuration() {
        return configuration;
    }

    List<Deployment> applied() {
        return List.copyOf(applied);
    }

    @Override
    public ComponentSnapshot stats() {
        return stats.snapshot();
    }

    @Override
    public void close() {
        stats.close();
    }
}
