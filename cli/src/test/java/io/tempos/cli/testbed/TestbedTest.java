package io.tempos.cli.testbed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine;
import io.tempos.core.testing.TestDeployments;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The testbed for real, as root: namespaces, veth links through a bridge, htb classes, and every
 * component in its own process in its own host. Checks functional facts only (no timing).
 */
class TestbedTest {

    private static final Path TEMPLATE = TestDeployments.repositoryRoot().resolve("examples/hotel/tempos.toml");

    @TempDir
    Path dir;

    @BeforeEach
    void requireRootAndNetns() {
        RootNetns.assume();
    }

    /**
     * Topology: producers → trigger (10.77.0.2) ──veth──▶ bridge ◀──veth── broker + controller
     * (10.77.0.3) ──▶ bridge ──▶ invoker (10.77.0.4). Each level's socket priority is its htb
     * class id, so the class counters of every link show which level each packet belonged to.
     */
    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void eventsCrossHostsEveryEventIsAccountedAndEachLevelRidesItsOwnClass() throws Exception {
        Path json = dir.resolve("results.json");
        int exit = new CommandLine(new TestbedCommand()).execute("run", "--config", TEMPLATE.toString(), "--classes", "on",
                "--duration", "3", "--link-rate", "100mbit", "--strict-rate", "200", "--best-effort-rate", "100",
                "--work-dir", dir.resolve("work").toString(), "--json", json.toString());

        assertThat(exit).as("exit code; logs in " + dir).isZero();
        JsonNode run = new ObjectMapper().readTree(json.toFile()).path("runs").path(0);
        assertThat(run.path("classes").asText()).isEqualTo("on");
        JsonNode strict = workflow(run, "door-lock");
        JsonNode bestEffort = workflow(run, "camera-analytics");
        for (JsonNode w : List.of(strict, bestEffort)) {
            assertThat(w.path("delivered").asLong()).as(w.path("workflow") + " delivered across hosts").isPositive();
            assertThat(w.path("sent").asLong()).as(w.path("workflow") + ": sent = delivered + dropped")
                    .isEqualTo(w.path("delivered").asLong() + w.path("dropped").asLong());
            assertThat(w.path("latency_us").path("count").asLong()).isEqualTo(w.path("delivered").asLong());
        }
        for (String host : List.of("trigger", "broker")) {
            JsonNode strictClass = qdiscClass(run, host, "1:10");
            JsonNode bestEffortClass = qdiscClass(run, host, "1:20");
            assertThat(strictClass.path("packets").asLong()).as(host + " link: strict class packets >= strict events delivered through it")
                    .isGreaterThanOrEqualTo(strict.path("delivered").asLong());
            assertThat(bestEffortClass.path("packets").asLong()).as(host + " link: best-effort class packets >= best-effort events delivered")
                    .isGreaterThanOrEqualTo(bestEffort.path("delivered").asLong());
            // A strict event is ~1.6 KB on the wire; one 16 KB best-effort event in the strict class would break this bound.
            assertThat(strictClass.path("bytes").asLong()).as(host + " link: no best-effort bytes in the strict class")
                    .isLessThan(strict.path("sent").asLong() * 2_000);
        }
        assertThat(RootNetns.namespaces(Topology.NAME_PREFIX + ProcessHandle.current().pid() + "-")).as("namespaces left behind").isEmpty();
    }

    /** A Ctrl-C (SIGTERM) of {@code testbed up} stops the components and removes the namespaces, links and qdiscs. */
    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void anInterruptedUpRemovesItsNamespacesAndProcesses() throws Exception {
        Path log = dir.resolve("up.log");
        Process up = new ProcessBuilder(JavaCommand.tempos("testbed", "up", "--config", TEMPLATE.toString(), "--work-dir", dir.resolve("work").toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        String prefix = Topology.NAME_PREFIX + up.pid() + "-";
        List<Long> components = new ArrayList<>();
        try {
            await("testbed up").atMost(Duration.ofSeconds(100)).pollInterval(Duration.ofMillis(250))
                    .until(() -> !up.isAlive() || Files.readString(log).contains("testbed up:"));
            assertThat(up.isAlive()).as("testbed up still running; its output: " + Files.readString(log)).isTrue();
            assertThat(RootNetns.namespaces(prefix)).hasSize(4);
            for (String namespace : RootNetns.namespaces(prefix)) {
                for (String pid : Iproute.ip("netns", "pids", namespace).split("\\s+")) {
                    if (!pid.isBlank()) {
                        components.add(Long.parseLong(pid));
                    }
                }
            }
            assertThat(components).as("controller, broker, invoker, trigger").hasSize(4);

            up.destroy();

            assertThat(up.waitFor(60, TimeUnit.SECONDS)).as("testbed up exits on SIGTERM").isTrue();
            assertThat(RootNetns.namespaces(prefix)).as("namespaces left behind").isEmpty();
            assertThat(components).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .as("component " + pid + " still running").isFalse());
        } finally {
            up.destroyForcibly();
            components.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            for (String namespace : RootNetns.namespaces(prefix)) {
                Iproute.ip("netns", "del", namespace);
            }
        }
    }

    /** After a run was killed (no hook ran), {@code testbed down} finds its namespaces by the dead owner's pid and removes them with what runs inside. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void downRemovesTheLeftoversOfAKilledRunWithTheProcessesInside() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String namespace = Topology.NAME_PREFIX + gone.pid() + "-broker";
        Iproute.ip("netns", "add", namespace);
        Process orphan = null;
        try {
            orphan = new ProcessBuilder("ip", "netns", "exec", namespace, "sleep", "600").start();
            Process started = orphan;
            await().atMost(Duration.ofSeconds(10)).until(() -> Iproute.ip("netns", "pids", namespace).contains(Long.toString(started.pid())));
            StringWriter out = new StringWriter();
            CommandLine cli = new CommandLine(new TestbedCommand());
            cli.setOut(new PrintWriter(out));

            assertThat(cli.execute("down")).isZero();

            assertThat(RootNetns.namespaces(namespace)).isEmpty();
            assertThat(orphan.waitFor(20, TimeUnit.SECONDS)).as("the process inside was stopped").isTrue();
        } finally {
            if (orphan != null) {
                orphan.destroyForcibly();
            }
            if (!RootNetns.namespaces(namespace).isEmpty()) {
                Iproute.ip("netns", "del", namespace);
            }
        }
    }

    private static JsonNode workflow(JsonNode run, String name) {
        for (JsonNode w : run.path("workflows")) {
            if (w.path("workflow").asText().equals(name)) {
                return w;
            }
        }
        throw new AssertionError("no workflow " + name + " in " + run);
    }

    private static JsonNode qdiscClass(JsonNode run, String host, String handle) {
        for (JsonNode c : run.path("qdisc").path(host)) {
            if (c.path("class").asText().equals(handle)) {
                return c;
            }
        }
        throw new AssertionError("no class " + handle + " on " + host + " in " + run.path("qdisc"));
    }
}
