package io.tempos.cli;

import io.tempos.core.testing.TestDeployments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** {@code tempos tsn plan} prints the paper's schedule; {@code tempos tsn apply} reports the kernel's answer. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TsnCommandTest {

    @TempDir
    Path dir;

    private Path config(String networkInterface) throws Exception {
        Path file = dir.resolve("tsn.toml");
        Files.writeString(file, TestDeployments.baseToml()
                .replace("[levels.strict]\n", "[levels.strict]\ntsn-slot = { offset-us = 0, length-us = 500 }\n")
                .replace("[levels.best-effort]\n", "[levels.best-effort]\ntsn-slot = { offset-us = 500, length-us = 500 }\n") + """
                [tsn]
                interface = "%s"
                cycle-us = 1000
                etf-level = "strict"
                """.formatted(networkInterface));
        return file;
    }

    @Test
    void planPrintsTheTcCommands() throws Exception {
        StringWriter out = new StringWriter();
        int exit = Main.commandLine().setOut(new PrintWriter(out)).execute("tsn", "plan", "--config", config("eth0").toString());

        assertThat(exit).isZero();
        assertThat(out.toString()).contains(
                "tc qdisc replace dev eth0 parent root handle 100 taprio num_tc 2 map 1 1 1 1 1 1 0 1 1 1 1 1 1 1 1 1 queues 1@0 1@1 "
                        + "base-time 0 sched-entry S 01 500000 sched-entry S 02 500000 cycle-time 1000000 clockid CLOCK_TAI\n",
                "tc qdisc replace dev eth0 parent 100:1 etf clockid CLOCK_TAI delta 200000\n");
    }

    @Test
    void planWithoutTsnIsAUsageError() throws Exception {
        Path file = dir.resolve("plain.toml");
        Files.writeString(file, TestDeployments.baseToml());
        StringWriter err = new StringWriter();
        int exit = Main.commandLine().setErr(new PrintWriter(err)).execute("tsn", "plan", "--config", file.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("no [tsn] table");
    }

    @Test
    void applyStopsAtTheFirstRefusalWithTheKernelsAnswer() throws Exception {
        assumeThat(System.getProperty("user.name")).as("changing qdiscs needs root").isEqualTo("root");
        // A veth of its own, so that nothing else's qdisc changes, whatever this kernel has.
        String veth = "vt" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
        assertThat(TsnCommand.run(List.of("ip", "link", "add", veth, "type", "veth", "peer", "name", veth + "p")).exit()).isZero();
        try {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int exit = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                    .execute("tsn", "apply", "--config", config(veth).toString());

            // A veth has one transmit queue, two traffic classes need two: no kernel takes this.
            assertThat(exit).isEqualTo(1);
            assertThat(err.toString()).startsWith("tsn apply: `tc qdisc replace dev " + veth + " parent root handle 100 taprio ")
                    .contains("` failed (exit ");
            if (err.toString().contains("Specified qdisc kind is unknown")) {
                assertThat(err.toString()).contains("this kernel has no taprio qdisc (CONFIG_NET_SCH_TAPRIO)");
            }
            assertThat(out.toString()).doesNotContain("applied:");
        } finally {
            TsnCommand.run(List.of("ip", "link", "del", veth));
        }
    }
}
