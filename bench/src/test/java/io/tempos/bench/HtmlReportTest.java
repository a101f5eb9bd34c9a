package io.tempos.bench;

import io.tempos.core.stats.Percentiles;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The chart of a case: bars per flow, reference lines, text escaped. */
class HtmlReportTest {

    private static final DeliveryResults.Baseline BASELINE = new DeliveryResults.Baseline(40, 90, 200, 300, 1000, 1540, 1000, 1000);

    @Test
    void chartHasTwoBarsPerFlowTheRelayLinesAndThePaperBound() {
        DeliveryResults.Case c = new DeliveryResults.Case("1sq-1bq", "1 strict <&> 1 best-effort", List.of(
                flow("sq", "strict", 60, 95), flow("bq-1", "best-effort", 50, 4_000)));

        String svg = HtmlReport.chart(c, BASELINE, DeliveryResults.Paper.FIG_4);

        assertThat(svg).startsWith("<svg").endsWith("</svg>\n");
        assertThat(svg.split("<rect", -1)).hasSize(2 * 2 + 2 + 1); // 2 bars per flow, 2 legend boxes
        assertThat(svg).contains("relay p50 40 µs").contains("relay p99 90 µs").contains("paper SQ bound 600 µs")
                .doesNotContain("paper SQ mean alone");
        assertThat(svg).contains(">1 ms<").contains(">10 µs<");
    }

    @Test
    void pageEscapesTextAndListsTheTargets() {
        DeliveryResults.Case c = new DeliveryResults.Case("alone-strict", "a <b>flow</b> & more", List.of(flow("sq", "strict", 60, 95)));
        DeliveryResults.Report report = new DeliveryResults.Report("delivery", "2025-01-01T00:00:00Z",
                new DeliveryResults.Machine(2, "Linux", "6", "jdk"), 1, 0, 1000, 1540, BASELINE, List.of(c),
                Targets.of(BASELINE, List.of(c)), DeliveryResults.Paper.FIG_4);

        String html = HtmlReport.html(report);

        assertThat(html).contains("a &lt;b&gt;flow&lt;/b&gt; &amp; more").doesNotContain("<b>flow");
        assertThat(html).contains("paper SQ mean alone 501 µs").contains("strict p50 alone / raw two-hop relay p50")
                .contains("not measured");
    }

    private static DeliveryResults.Flow flow(String name, String qos, double p50, double p99) {
        return new DeliveryResults.Flow(name, qos, 1000, false, 100, 100, Map.of(), 0,
                new Percentiles(100, p50, p99, p99, p99, p50));
    }
}
