package io.tempos.bench;

import io.tempos.core.stats.Percentiles;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The chart of a case: bars per flow, reference lines, text escaped; the wait strategies' chart and table when a run compared them. */
class HtmlReportTest {

    private static final DeliveryResults.Baseline BASELINE = new DeliveryResults.Baseline(40, 90, 200, 300, 1000, 1540, 1000, 1000, 12.5);

    @Test
    void chartHasTwoBarsPerFlowTheRelayLinesAndThePaperBound() {
        DeliveryResults.Case c = new DeliveryResults.Case("1sq-1bq", "1 strict <&> 1 best-effort", "park", 30.0, List.of(
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
        DeliveryResults.Case c = new DeliveryResults.Case("alone-strict", "a <b>flow</b> & more", "park", 30.0, List.of(flow("sq", "strict", 60, 95)));
        DeliveryResults.Report report = new DeliveryResults.Report("delivery", "2025-01-01T00:00:00Z",
                new DeliveryResults.Machine(2, "Linux", "6", "jdk"), 1, 0, 1000, 1540, BASELINE, List.of(c),
                Targets.of(BASELINE, List.of(c)), DeliveryResults.Paper.FIG_4);

        String html = HtmlReport.html(report);

        assertThat(html).contains("a &lt;b&gt;flow&lt;/b&gt; &amp; more").doesNotContain("<b>flow");
        assertThat(html).contains("paper SQ mean alone 501 µs").contains("strict p50 alone / raw two-hop relay p50")
                .contains("not measured");
    }

    @Test
    void aParkedRunShowsNoWaitSectionAsBefore() {
        DeliveryResults.Report report = report(List.of(strictAlone("park", 30.0, 60, 95)));

        assertThat(HtmlReport.html(report)).doesNotContain("Wait strategies").doesNotContain("strict wait").doesNotContain("CPU used");
        assertThat(table(report)).doesNotContain("Wait strategies").doesNotContain("park").contains("p99/alone");
    }

    @Test
    void aRunComparingWaitsDrawsTheCpuForLatencyChartAndTableWithRatiosToTheRelayAndToParking() {
        DeliveryResults.Report report = report(List.of(strictAlone("park", 20.0, 80, 160), strictAlone("yield", 110.0, 60, 120),
                strictAlone("spin", 115.0, 40, 90),
                new DeliveryResults.Case("alone-best-effort", "bq", "park", 25.0, List.of(flow("bq-1", "best-effort", 70, 140)))));

        String html = HtmlReport.html(report);
        assertThat(html).contains("<h3>alone-strict, strict wait spin</h3>").contains("CPU used by the process: 115.0 % of one CPU")
                .contains("Wait strategies of the strict queue processor").contains("the raw relay used 12.5 %");
        String chart = html.substring(html.indexOf("<title>strict delivery latency against the CPU used"));
        assertThat(chart.substring(0, chart.indexOf("</svg>")).split("<circle", -1)).hasSize(2 * 3 + 1); // p50 and p99 per wait
        assertThat(html).contains("<td>alone-strict</td><td>spin</td><td>40 µs</td><td>90 µs</td><td>1.00&times;</td><td>1.00&times;</td>"
                + "<td>0.56&times;</td><td>115.0 %</td><td>5.75&times;</td>");
        assertThat(html).doesNotContain("<td>alone-best-effort</td><td>park</td><td>-"); // only the cases compared

        String table = table(report);
        assertThat(table).contains("Wait strategies of the strict queue processor (best-effort parks)")
                .contains("at most 200 %").contains("the raw relay used 12.5 %")
                .containsPattern("alone-strict +spin +40 µs +90 µs +1.00x +1.00x +0.56x +115.0 % +5.75x")
                .containsPattern("alone-strict +park +sq "); // the flow table gains a wait column
        assertThat(report.targets()).extracting(DeliveryResults.Target::name)
                .contains("strict p50 alone / raw two-hop relay p50 (wait park)", "strict p50 alone / raw two-hop relay p50 (wait spin)")
                .doesNotContain("strict p99 under the best-effort flood / strict p99 alone (wait spin)");
    }

    @Test
    void waitsAndCpuAreJsonFieldsAndARunSavedWithoutThemReadsAsParked() throws Exception {
        DeliveryResults.Case spin = strictAlone("spin", 115.0, 40, 90);
        String json = DeliveryResults.JSON.writeValueAsString(spin);
        assertThat(DeliveryResults.JSON.readTree(json).path("wait").asText()).isEqualTo("spin");
        assertThat(DeliveryResults.JSON.readTree(json).path("cpu_percent").asDouble()).isEqualTo(115.0);
        assertThat(DeliveryResults.JSON.readTree(json).has("strict_wait")).isFalse();
        assertThat(DeliveryResults.JSON.readValue(json, DeliveryResults.Case.class)).isEqualTo(spin);

        DeliveryResults.Case old = DeliveryResults.JSON.readValue("{\"name\": \"alone-strict\", \"description\": \"d\", \"flows\": []}",
                DeliveryResults.Case.class);
        assertThat(old.strictWait()).isEqualTo("park");
        assertThat(old.cpuPercent()).isNull();
    }

    private static DeliveryResults.Case strictAlone(String wait, Double cpuPercent, double p50, double p99) {
        return new DeliveryResults.Case("alone-strict", "sq", wait, cpuPercent, List.of(flow("sq", "strict", p50, p99)));
    }

    private static DeliveryResults.Report report(List<DeliveryResults.Case> cases) {
        List<String> waits = cases.stream().map(DeliveryResults.Case::strictWait).distinct().toList();
        return new DeliveryResults.Report("delivery", "2025-01-01T00:00:00Z", new DeliveryResults.Machine(2, "Linux", "6", "jdk"), 1, 0,
                1000, 1540, BASELINE, cases, Targets.of(BASELINE, cases, waits), DeliveryResults.Paper.FIG_4);
    }

    private static String table(DeliveryResults.Report report) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DeliveryTable.print(report, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static DeliveryResults.Flow flow(String name, String qos, double p50, double p99) {
        return new DeliveryResults.Flow(name, qos, 1000, false, 100, 100, Map.of(), 0,
                new Percentiles(100, p50, p99, p99, p99, p50));
    }
}
