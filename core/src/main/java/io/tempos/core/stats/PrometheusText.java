package io.tempos.core.stats;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot.SummaryDataPointSnapshot;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Writes a component's statistics in the Prometheus text format, as served on
 * {@code GET /metrics} by every component: event counters and drops by reason per workflow,
 * the kernel's socket drops, latency quantiles per span, and queue depths.
 */
public final class PrometheusText {

    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;
    private static final double MICROS_PER_SECOND = 1_000_000.0;

    private PrometheusText() {
    }

    /**
     * @param queueDepths events waiting per level now (empty for components without queues)
     */
    public static void write(ComponentSnapshot snapshot, Map<String, Integer> queueDepths, OutputStream out) throws IOException {
        write(snapshot, queueDepths, List.of(), out);
    }

    /**
     * @param queueDepths events waiting per level now (empty for components without queues)
     * @param gauges      the component's other values ({@link io.tempos.core.component.Component#gauges()}),
     *                    one metric per name, labelled with the component and the gauge's labels
     */
    public static void write(ComponentSnapshot snapshot, Map<String, Integer> queueDepths, List<Gauge> gauges,
                             OutputStream out) throws IOException {
        List<io.prometheus.metrics.model.snapshots.MetricSnapshot> metrics = new ArrayList<>();
        String component = snapshot.component();
        metrics.add(counter("tempos_events_received", "Events that reached the component.", snapshot, component, WorkflowSnapshot::received));
        metrics.add(counter("tempos_events_forwarded", "Events the component passed on (per subscriber at the broker).", snapshot, component, WorkflowSnapshot::forwarded));
        metrics.add(counter("tempos_events_completed", "Events whose function returned a result.", snapshot, component, WorkflowSnapshot::completed));

        CounterSnapshot.Builder dropped = CounterSnapshot.builder().name("tempos_events_dropped").help("Events dropped, by reason.");
        snapshot.workflows().forEach(w -> w.dropped().forEach((reason, n) -> dropped.dataPoint(CounterDataPointSnapshot.builder()
                .labels(Labels.of("component", component, "workflow", w.workflow(), "reason", reason)).value(n).build())));
        metrics.add(dropped.build());

        CounterSnapshot.Builder socketDrops = CounterSnapshot.builder().name("tempos_socket_drops")
                .help("Datagrams the kernel dropped on a full socket receive buffer.");
        snapshot.socketDrops().forEach((socket, n) -> socketDrops.dataPoint(CounterDataPointSnapshot.builder()
                .labels(Labels.of("component", component, "socket", socket)).value(n).build()));
        metrics.add(socketDrops.build());

        SummarySnapshot.Builder latency = SummarySnapshot.builder().name("tempos_latency_seconds")
                .help("Latency of completed events per span of their path.");
        snapshot.workflows().forEach(w -> w.latencyUs().forEach((span, p) -> latency.dataPoint(SummaryDataPointSnapshot.builder()
                .labels(Labels.of("component", component, "workflow", w.workflow(), "span", span))
                .quantiles(Quantiles.of(new Quantile(0.5, p.p50() / MICROS_PER_SECOND), new Quantile(0.99, p.p99() / MICROS_PER_SECOND),
                        new Quantile(0.999, p.p999() / MICROS_PER_SECOND), new Quantile(1.0, p.max() / MICROS_PER_SECOND)))
                .count(p.count()).sum(p.mean() * p.count() / MICROS_PER_SECOND).build())));
        metrics.add(latency.build());

        GaugeSnapshot.Builder depth = GaugeSnapshot.builder().name("tempos_queue_depth_events").help("Events waiting in a level's queue.");
        queueDepths.forEach((level, n) -> depth.dataPoint(GaugeDataPointSnapshot.builder()
                .labels(Labels.of("component", component, "level", level)).value(n).build()));
        metrics.add(depth.build());

        Map<String, GaugeSnapshot.Builder> byName = new LinkedHashMap<>();
        for (Gauge gauge : gauges) {
            Labels.Builder labels = Labels.builder().label("component", component);
            gauge.labels().forEach(labels::label);
            byName.computeIfAbsent(gauge.name(), name -> GaugeSnapshot.builder().name(name).help(gauge.help()))
                    .dataPoint(GaugeDataPointSnapshot.builder().labels(labels.build()).value(gauge.value()).build());
        }
        byName.values().forEach(builder -> metrics.add(builder.build()));

        PrometheusTextFormatWriter.create().write(out, new MetricSnapshots(metrics));
    }

    private static CounterSnapshot counter(String name, String help, ComponentSnapshot snapshot, String component,
                                           ToLongFunction<WorkflowSnapshot> value) {
        CounterSnapshot.Builder builder = CounterSnapshot.builder().name(name).help(help);
        snapshot.workflows().forEach(w -> builder.dataPoint(CounterDataPointSnapshot.builder()
                .labels(Labels.of("component", component, "workflow", w.workflow())).value(value.applyAsLong(w)).build()));
        return builder.build();
    }
}
