package io.tempos.bench;

import io.tempos.core.config.Deployment;
import io.tempos.core.eventlog.EventLogs;
import io.tempos.core.qos.QosLevel;
import io.tempos.core.testing.TestDeployments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * 50 strict events through a real in-process deployment with event logs on: the trigger, the
 * broker and the invoker each write their log, and the analysis joins the three by event id.
 * The invoker's metrics carry its worker utilisation and its event log's counts.
 */
class EventLogAnalysisTest {

    private static final Path ROOT = TestDeployments.repositoryRoot();

    @TempDir
    Path dir;

    @Test
    void joinsTheThreeComponentsLogsByEventId() throws Exception {
        BenchLoad load = new BenchLoad("log", "50 strict events", List.of(new BenchLoad.Flow("sq", QosLevel.STRICT, 200)));
        Deployment deployment = BenchDeployment.of(load, ROOT.resolve("functions/algorithm1-c/target/libalgorithm1.so"));
        byte[] event = Files.readAllBytes(ROOT.resolve("functions/testdata/event-1k5-100.json"));
        EventLogs.directory(dir);
        LocalDeployment local;
        try {
            local = LocalDeployment.start(deployment);
        } finally {
            EventLogs.directory(null);
        }
        try (local) {
            var trigger = deployment.triggers().get(BenchDeployment.TRIGGER);
            var endpoint = new InetSocketAddress(trigger.host(), trigger.udpPorts().get(QosLevel.STRICT));
            try (PacedSender sender = new PacedSender("sq", event, 200, deployment.levels().get(QosLevel.STRICT), endpoint,
                    Duration.ofMillis(250).toNanos() - 1)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> sender.sent() >= 50);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> local.snapshots().stream()
                    .flatMap(c -> c.workflow("sq").stream()).mapToLong(w -> w.completed()).sum() >= 50);
            var invoker = deployment.invokers().get("edge");
            String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            URI.create("http://" + invoker.host() + ":" + invoker.managementPort() + "/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("tempos_worker_utilisation_ratio{component=\"edge\",level=\"strict\"}")
                    .contains("tempos_worker_busy_seconds{component=\"edge\",level=\"strict\"}")
                    .contains("tempos_event_log_records{component=\"edge\"}").contains("tempos_event_log_lost{component=\"edge\"} 0");
        }

        EventLogAnalysis.Result result = EventLogAnalysis.analyze(dir);

        assertThat(result.logs()).extracting(EventLogAnalysis.LogFile::component).containsExactlyInAnyOrder("edge", "gate", "mom");
        assertThat(result.logs()).allSatisfy(log -> {
            assertThat(log.closed()).as(log.toString()).isTrue();
            assertThat(log.lost()).as(log.toString()).isZero();
        });
        EventLogAnalysis.Workflow sq = result.workflows().getFirst();
        assertThat(result.workflows()).hasSize(1);
        assertThat(sq.workflow()).isEqualTo("sq");
        long events = sq.events();
        assertThat(events).isBetween(50L, 51L);
        assertThat(sq.seen()).containsExactly(Map.entry("trigger-out", events), Map.entry("broker-in", events),
                Map.entry("broker-out", events), Map.entry("invoker", events));
        assertThat(sq.missing()).containsOnlyKeys("trigger-out -> broker-in", "broker-in -> broker-out", "broker-out -> invoker")
                .allSatisfy((transition, n) -> assertThat(n).as(transition).isZero());
        assertThat(sq.outcomes()).containsExactly(Map.entry("completed", events));
        assertThat(sq.latencyUs().get("end-to-end").count()).isEqualTo(events);
        assertThat(sq.latencyUs()).containsKeys("created..trigger-out", "trigger-out..broker-in", "broker-in..broker-out",
                "broker-out..invoker-in", "invoker-in..function-start", "function-start..function-end");
        assertThat(sq.latencyUs().get("broker-in..broker-out").p50()).isPositive();

        ByteArrayOutputStream text = new ByteArrayOutputStream();
        EventLogAnalysis.print(result, new PrintStream(text, true, StandardCharsets.UTF_8));
        assertThat(text.toString(StandardCharsets.UTF_8)).contains("workflow sq: " + events + " events")
                .contains("missing:  trigger-out -> broker-in 0").contains("end-to-end");
    }

    @Test
    void aDirectoryWithoutLogsIsNamed() {
        assertThatThrownBy(() -> EventLogAnalysis.analyze(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining(dir + ": no event log (*.events) here");
    }
}
