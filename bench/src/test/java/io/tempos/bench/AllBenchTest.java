package io.tempos.bench;

import io.tempos.core.qos.WaitStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code bench all}: what each profile runs, and the one report drawn from a saved run's JSON. */
class AllBenchTest {

    private static final Path FUNCTION = BenchOutputs.FUNCTION;
    private static final Path EVENT = BenchOutputs.EVENT;

    @TempDir
    Path dir;

    @Test
    void theQuickProfileRunsEverythingShortlyParkedAndThePaperProfileFiveMinutesPerCaseComparingTheWaitsOnTwo() {
        AllBench.Options quick = new AllBench.Options(AllBench.Profile.named("quick"), FUNCTION, EVENT, null, null);
        assertThat(quick.delivery().durationS()).isEqualTo(3);
        assertThat(quick.delivery().cases()).isEqualTo(DeliveryBench.CASES);
        assertThat(quick.fullStack().stepS()).isEqualTo(2);
        assertThat(quick.fullStack().rates()).containsExactly(10, 50, 100, 250, 500, 750, 1000);
        assertThat(quick.fullStack().phases()).containsExactly("strict-alone", "best-effort-alone", "concurrent", "flood");
        // 5 cases + relay, 22 steps + 7 relays, each with its warm-up: well under the 5 minutes the profile promises
        double measuredS = 6 * (3 + 0.5) + 29 * (2 + 0.5);
        assertThat(measuredS).isLessThan(150);

        assertThat(quick.delivery().plan()).extracting(DeliveryBench.Run::strictWait).containsOnly(WaitStrategy.PARK).hasSize(5);

        AllBench.Options paper = new AllBench.Options(AllBench.Profile.named("paper"), FUNCTION, EVENT, null, null);
        assertThat(paper.delivery().durationS()).isEqualTo(300);
        assertThat(paper.delivery().plan()).extracting(r -> r.deliveryCase().name() + "@" + Waits.label(r.strictWait())).containsExactly(
                "alone-strict@park", "alone-strict@yield", "alone-strict@spin", "alone-best-effort@park", "1sq-1bq@park",
                "1sq-3bq@park", "1sq-3bq@yield", "1sq-3bq@spin", "1sq-3bq-flood@park");
        assertThat(paper.fullStack().stepS() * paper.fullStack().rates().size()).isBetween(295, 305);
    }

    @Test
    void anUnknownProfileIsNamedWithTheValidOnes() {
        assertThatThrownBy(() -> AllBench.Profile.named("slow"))
                .hasMessage("--profile slow: no such profile; profiles: [quick, paper]");
    }

    @Test
    void theReportOfASavedRunDrawsFig4Fig7aAndFig7bWithThePapersValuesAndTheFloors() throws Exception {
        Path html = dir.resolve("report.html");
        AllBench.report(Path.of(getClass().getResource("/all-canned.json").toURI()), html);

        String page = Files.readString(html);
        assertThat(page).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
        assertThat(page).contains("<h2>Delivery (Fig. 4)</h2>").contains("<h2>Full stack (Fig. 7)</h2>")
                .contains("no `tempos bench processing` in this build");
        assertThat(page).contains("paper SQ mean alone 501 µs").contains("paper SQ bound 600 µs").contains("relay p50");
        assertThat(page).contains("paper SQ isolated 3.34 ms").contains("paper BQ isolated 3.96 ms").contains("paper SQ concurrent 3.10 ms")
                .contains("plain C call p50");
        assertThat(page).contains("Fig. 7b: mean per hop at 100 events/s").contains("created..trigger-out");
        assertThat(page.split("<svg", -1)).hasSize(2 + 2 + 1); // one chart per delivery case (2), Fig. 7a and 7b
        assertThat(page).doesNotContain("<script").doesNotContain("<link").doesNotContain(" src=").doesNotContain("href="); // nothing fetched
    }
}
