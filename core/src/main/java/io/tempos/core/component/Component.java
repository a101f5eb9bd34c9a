package io.tempos.core.component;

import io.tempos.core.config.Deployment;
import io.tempos.core.stats.ComponentSnapshot;
import io.tempos.core.stats.Gauge;

import java.util.List;
import java.util.Map;

/**
 * A running Tempos component (broker, trigger or invoker), as the controller and the
 * management endpoint see it. Implementations own their hot threads; {@link #configure} and
 * {@link #stats} are called from management threads and never block the hot path.
 */
public interface Component extends AutoCloseable {

    /** The component's name in the deployment. */
    String id();

    /**
     * Applies the deployment's current model (workflows, topics) to this component.
     *
     * @throws IllegalArgumentException with the reason when the component cannot honour it;
     *                                  the previous configuration stays in force
     */
    void configure(Deployment deployment);

    /** The deployment last applied, or null before the first {@link #configure}. */
    Deployment configuration();

    ComponentSnapshot stats();

    /** Events waiting in each level's queue now; empty for a component without queues. */
    default Map<String, Integer> queueDepths() {
        return Map.of();
    }

    /**
     * The component's other values now (e.g. the invoker's worker utilisation per level), served
     * as Prometheus gauges on {@code GET /metrics}; none by default.
     */
    default List<Gauge> gauges() {
        return List.of();
    }

    /** Stops the component's threads and closes its sockets. Idempotent. */
    @Override
    void close();
}
