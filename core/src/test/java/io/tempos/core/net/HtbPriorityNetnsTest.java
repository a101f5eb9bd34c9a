package io.tempos.core.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * A level's socket priority reaches the qdisc: two network namespaces joined by a veth link,
 * an htb qdisc on the sending end with one class per level, and a sender process inside the
 * namespace that uses Tempos' sockets. htb puts a packet straight into class {@code 1:N} when
 * its socket priority is {@code 0x1000N} (major 1, minor N); {@code tc -s class show} then
 * counts each level's packets in its class. (This kernel has no cls_basic to match other
 * priorities, so the test uses the class-id form.)
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class HtbPriorityNetnsTest {

    private static final int STRICT_CLASS = 1;
    private static final int BEST_EFFORT_CLASS = 2;
    private static final int STRICT_PACKETS = 20;
    private static final int BEST_EFFORT_PACKETS = 30;

    @Test
    void eachLevelsPacketsAreCountedInItsHtbClass() throws Exception {
        assumeThat(System.getProperty("user.name")).as("network namespaces and qdiscs need root").isEqualTo("root");
        String tag = Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
        String sender = "tqs" + tag;
        String receiver = "tqr" + tag;
        String subnet = "10.213." + ThreadLocalRandom.current().nextInt(1, 250);
        try {
            run("ip", "netns", "add", sender);
            run("ip", "netns", "add", receiver);
            run("ip", "link", "add", "vs" + tag, "address", "02:00:00:00:aa:01", "type", "veth",
                    "peer", "name", "vr" + tag, "address", "02:00:00:00:aa:02");
            run("ip", "link", "set", "vs" + tag, "netns", sender);
            run("ip", "link", "set", "vr" + tag, "netns", receiver);
            run("ip", "-n", sender, "addr", "add", subnet + ".1/24", "dev", "vs" + tag);
            run("ip", "-n", receiver, "addr", "add", subnet + ".2/24", "dev", "vr" + tag);
            run("ip", "-n", sender, "link", "set", "vs" + tag, "up");
            run("ip", "-n", receiver, "link", "set", "vr" + tag, "up");
            // A permanent neighbour: no ARP round trip before the first datagram reaches the qdisc.
            run("ip", "-n", sender, "neigh", "replace", subnet + ".2", "lladdr", "02:00:00:00:aa:02", "dev", "vs" + tag, "nud", "permanent");
            run("ip", "netns", "exec", sender, "tc", "qdisc", "add", "dev", "vs" + tag, "root", "handle", "1:", "htb", "default", "3");
            for (int c = 1; c <= 3; c++) {
                run("ip", "netns", "exec", sender, "tc", "class", "add", "dev", "vs" + tag, "parent", "1:",
                        "classid", "1:" + c, "htb", "rate", "100mbit");
            }

            List<String> java = new ArrayList<>(List.of("ip", "netns", "exec", sender,
                    ProcessHandle.current().info().command().orElseThrow(),
                    "--enable-native-access=ALL-UNNAMED", "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
                    "-cp", System.getProperty("java.class.path"), PrioritySenderMain.class.getName(),
                    subnet + ".2", "9", classPriority(STRICT_CLASS) + ":" + STRICT_PACKETS,
                    classPriority(BEST_EFFORT_CLASS) + ":" + BEST_EFFORT_PACKETS));
            run(java.toArray(String[]::new));

            Map<String, Long> packets = packetsPerClass(run("ip", "netns", "exec", sender, "tc", "-s", "class", "show", "dev", "vs" + tag));
            assertThat(packets).containsEntry("1:" + STRICT_CLASS, (long) STRICT_PACKETS)
                    .containsEntry("1:" + BEST_EFFORT_CLASS, (long) BEST_EFFORT_PACKETS);
        } finally {
            quietly("ip", "netns", "del", sender);     // takes the veth pair with it
            quietly("ip", "netns", "del", receiver);
        }
    }

    /** The socket priority htb maps straight to class 1:{@code minor}. */
    private static String classPriority(int minor) {
        return "0x" + Integer.toHexString(1 << 16 | minor);
    }

    /** {@code class htb 1:1 … Sent 1234 bytes 20 pkt …} → {1:1=20}. */
    static Map<String, Long> packetsPerClass(String tcOutput) {
        Map<String, Long> packets = new TreeMap<>();
        Matcher m = Pattern.compile("class htb (\\d+:\\d+).*?Sent \\d+ bytes (\\d+) pkt", Pattern.DOTALL).matcher(tcOutput);
        while (m.find()) {
            packets.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return packets;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command) + " finished").isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
        return output;
    }

    private static void quietly(String... command) {
        try {
            new ProcessBuilder(command).redirectErrorStream(true).start().waitFor(30, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            // best effort: the namespace may never have been created
        }
    }
}
