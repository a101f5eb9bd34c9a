package io.tempos.cli.testbed;

import io.tempos.cli.testbed.ClassCounters.ClassCount;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClassCountersTest {

    /** Output of iproute2 6.1's {@code tc -s class show dev eth0} for an htb with three leaves. */
    private static final String TC_OUTPUT = """
            class htb 1:1 root rate 20Mbit ceil 20Mbit burst 1600b cburst 1600b\s
             Sent 215168 bytes 256 pkt (dropped 0, overlimits 44 requeues 0)\s
             backlog 0b 0p requeues 0
             lended: 42 borrowed: 0 giants: 0
             tokens: 9437 ctokens: 9437

            class htb 1:10 parent 1:1 leaf 110: prio 0 rate 20Mbit ceil 20Mbit burst 1597b cburst 1600b\s
             Sent 207600 bytes 200 pkt (dropped 3, overlimits 155 requeues 0)\s
             backlog 0b 0p requeues 0

            class htb 1:20 parent 1:1 leaf 120: prio 1 rate 2Mbit ceil 20Mbit burst 1600b cburst 1600b\s
             Sent 7100 bytes 50 pkt (dropped 0, overlimits 0 requeues 0)\s

            class htb 1:30 parent 1:1 leaf 130: prio 1 rate 2Mbit ceil 20Mbit burst 1600b cburst 1600b\s
             Sent 468 bytes 6 pkt (dropped 0, overlimits 0 requeues 0)\s
            """;

    @Test
    void readsPacketsBytesAndDropsOfEveryClass() {
        assertThat(ClassCounters.parse(TC_OUTPUT)).containsExactly(
                new ClassCount("1:1", 256, 215_168, 0),
                new ClassCount("1:10", 200, 207_600, 3),
                new ClassCount("1:20", 50, 7_100, 0),
                new ClassCount("1:30", 6, 468, 0));
    }

    @Test
    void noClassesIsAnEmptyList() {
        assertThat(ClassCounters.parse("")).isEmpty();
    }
}
