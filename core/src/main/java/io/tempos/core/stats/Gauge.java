package io.tempos.core.stats;

import java.util.Map;

/**
 * A value a component reports beside its counts, served as a Prometheus gauge, e.g. a level's
 * worker utilisation.
 *
 * @param name   the metric's name, e.g. {@code tempos_worker_utilisation_ratio}
 * @param labels label names to values, in order ({@code component} is added)
 */
public record Gauge(String name, String help, Map<String, String> labels, double value) {
}
