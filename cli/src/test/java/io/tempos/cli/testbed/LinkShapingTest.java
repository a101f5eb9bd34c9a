package io.tempos.cli.testbed;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LinkShapingTest {

    @ParameterizedTest(name = "{0} = {1} bit/s")
    @CsvSource({"20mbit, 20000000", "512kbit, 512000", "1gbit, 1000000000", "9000bit, 9000", "20MBit, 20000000"})
    void ratesReadAsTcReadsThem(String text, long bits) {
        assertThat(LinkShaping.parseRate(text)).isEqualTo(bits);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"20", "20mbps", "fast", "-5mbit", "20 mbit"})
    void anUnreadableRateNamesTheForm(String text) {
        assertThatThrownBy(() -> LinkShaping.parseRate(text))
                .hasMessage("link rate '" + text + "' is not <number>bit|kbit|mbit|gbit, e.g. 20mbit");
    }

    @Test
    void aRateOutsideTheRangeIsRefused() {
        assertThatThrownBy(() -> new LinkShaping(100, true)).hasMessage("link rate 100 bit/s outside 8kbit..100gbit");
    }

    @Test
    void classIdsAreWhatHtbSelectsBySocketPriority() {
        assertThat(LinkShaping.handle(LinkShaping.STRICT_CLASS)).isEqualTo("1:10");
        assertThat(LinkShaping.handle(LinkShaping.BEST_EFFORT_CLASS)).isEqualTo("1:20");
        assertThat(LinkShaping.classOf("strict")).isEqualTo(0x10010);
        assertThat(LinkShaping.classOf("best-effort")).isEqualTo(0x10020);
        assertThat(LinkShaping.classOf("video")).as("every other level rides best-effort").isEqualTo(0x10020);
    }

    @Test
    void withClassesStrictIsServedFirstAndOthersFallIntoTheDefaultClass() {
        List<String> tc = new LinkShaping(20_000_000, true).commands("eth0").stream().map(c -> String.join(" ", c)).toList();

        assertThat(tc).containsExactly(
                "qdisc add dev eth0 root handle 1: htb default 30",
                "class add dev eth0 parent 1: classid 1:1 htb rate 20000000bit ceil 20000000bit prio 0 quantum 1514",
                "class add dev eth0 parent 1:1 classid 1:10 htb rate 20000000bit ceil 20000000bit prio 0 quantum 1514",
                "class add dev eth0 parent 1:1 classid 1:20 htb rate 2000000bit ceil 20000000bit prio 1 quantum 1514",
                "class add dev eth0 parent 1:1 classid 1:30 htb rate 2000000bit ceil 20000000bit prio 1 quantum 1514",
                "qdisc add dev eth0 parent 1:10 handle 110: pfifo limit 100000",
                "qdisc add dev eth0 parent 1:20 handle 120: pfifo limit 100000",
                "qdisc add dev eth0 parent 1:30 handle 130: pfifo limit 100000");
    }

    @Test
    void withoutClassesEveryPacketSharesOneFifo() {
        List<String> tc = new LinkShaping(20_000_000, false).commands("eth0").stream().map(c -> String.join(" ", c)).toList();

        assertThat(tc).containsExactly(
                "qdisc add dev eth0 root handle 1: htb default 1",
                "class add dev eth0 parent 1: classid 1:1 htb rate 20000000bit ceil 20000000bit prio 0 quantum 1514",
                "qdisc add dev eth0 parent 1:1 handle 101: pfifo limit 100000");
    }
}
