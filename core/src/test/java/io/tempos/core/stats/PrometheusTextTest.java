package io.tempos.core.stats;

import io.tempos.core.event.EventFrame;
import io.tempos.core.event.Hop;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusTextTest {

    @Test
    void gaugesAreWrittenOnePerNameWithTheComponentAndTheirLabels() throws Exception {
        ComponentStats stats = new ComponentStats("edge");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusText.write(stats.snapshot(), Map.of(), List.of(
                new Gauge("tempos_worker_utilisation_ratio", "Busy share.", Map.of("level", "strict"), 0.25),
                new Gauge("tempos_worker_utilisation_ratio", "Busy share.", Map.of("level", "best-effort"), 1.0),
                new Gauge("tempos_workers", "Workers.", Map.of("level", "strict"), 2)), out);
        String text = out.toString(StandardCharsets.UTF_8);

        assertThat(text).containsOnlyOnce("# TYPE tempos_worker_utilisation_ratio gauge")
                .contains("tempos_worker_utilisation_ratio{component=\"edge\",level=\"strict\"} 0.25")
                .contains("tempos_worker_utilisation_ratio{component=\"edge\",level=\"best-effort\"} 1.0")
                .contains("tempos_workers{component=\"edge\",level=\"strict\"} 2.0");
    }

    @Test
    void countersDropsLatencyAndQueueDepthsAreWrittenWithTheirLabels() throws Exception {
        ComponentStats stats = new ComponentStats("edge");
        WorkflowStats door = stats.of("door");
        door.received();
        door.received();
        door.dropped(DropReason.QUEUE_FULL);
        door.completed(frameTaking(40_000));
        stats.unattributed().dropped(DropReason.MALFORMED);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusText.write(stats.snapshot(), Map.of("strict", 3), out);
        String text = out.toString(StandardCharsets.UTF_8);

        assertThat(text)
                .contains("tempos_events_received_total{component=\"edge\",workflow=\"door\"} 2")
                .contains("tempos_events_completed_total{component=\"edge\",workflow=\"door\"} 1")
                .contains("tempos_events_dropped_total{component=\"edge\",reason=\"queue-full\",workflow=\"door\"} 1")
                .contains("tempos_events_dropped_total{component=\"edge\",reason=\"malformed\",workflow=\"(unattributed)\"} 1")
                .contains("tempos_latency_seconds{component=\"edge\",span=\"end-to-end\",workflow=\"door\",quantile=\"0.99\"} 4.0")
                .contains("tempos_latency_seconds_count{component=\"edge\",span=\"end-to-end\",workflow=\"door\"} 1")
                .contains("tempos_queue_depth_events{component=\"edge\",level=\"strict\"} 3")
                .contains("# TYPE tempos_latency_seconds summary");
    }

    private static EventFrame frameTaking(long nanos) {
        ByteBuffer buffer = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);
        EventFrame.encode(buffer, 1, "door".getBytes(StandardCharsets.UTF_8), "strict".getBytes(StandardCharsets.UTF_8), new byte[0], 0, 0);
        EventFrame frame = new EventFrame().wrap(buffer, 0);
        frame.stamp(Hop.CREATED, 1_000).stamp(Hop.FUNCTION_END, 1_000 + nanos);
        return frame;
    }
}
