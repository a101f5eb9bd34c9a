package io.tempos.core.stats;

import io.tempos.core.event.Hop;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The labels are the keys of {@code GET /stats} and of the CLI's tables: they are an interface. */
class StatsLabelsTest {

    @Test
    void dropReasonsAreLabelledInKebabCase() {
        assertThat(DropReason.values()).extracting(DropReason::label).containsExactly(
                "malformed", "oversized", "unknown-workflow", "wrong-level", "rate-limited", "no-subscriber", "queue-full",
                "evicted", "rejected", "send-failed", "function-failed", "timeout");
        assertThat(DropReason.count()).isEqualTo(DropReason.values().length);
        for (DropReason reason : DropReason.values()) {
            assertThat(DropReason.of(reason.ordinal())).isSameAs(reason);
        }
    }

    @Test
    void spansAreEndToEndThenDeliveryThenHopByHop() {
        assertThat(LatencySpan.RECORDED).first().isEqualTo(LatencySpan.END_TO_END);
        assertThat(LatencySpan.END_TO_END.label()).isEqualTo("end-to-end");
        assertThat(LatencySpan.RECORDED.get(1)).isEqualTo(LatencySpan.DELIVERY);
        assertThat(LatencySpan.DELIVERY.label()).isEqualTo("delivery");
        assertThat(new LatencySpan(Hop.BROKER_IN, Hop.BROKER_OUT).label()).isEqualTo("broker-in..broker-out");
        List<LatencySpan> hopByHop = LatencySpan.RECORDED.subList(2, LatencySpan.RECORDED.size());
        assertThat(hopByHop).hasSize(Hop.count() - 1);
        for (int i = 0; i < hopByHop.size(); i++) {
            assertThat(hopByHop.get(i)).isEqualTo(new LatencySpan(Hop.of(i), Hop.of(i + 1)));
        }
    }

    @Test
    void anEmptyHistogramSummarisesAsEmpty() {
        assertThat(Percentiles.ofNanos(new org.HdrHistogram.Histogram(3))).isEqualTo(Percentiles.EMPTY);
    }
}
