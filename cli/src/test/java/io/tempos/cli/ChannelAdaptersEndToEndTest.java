package io.tempos.cli;

import io.tempos.bench.LocalDeployment;
import io.tempos.bench.WorkflowTally;
import io.tempos.core.component.Component;
import io.tempos.core.config.Deployment;
import io.tempos.core.stats.Gauge;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A whole deployment in one JVM (controller, broker, trigger, invoker) with both levels on each
 * built-in channel adapter: events cross trigger → broker → invoker over the adapter, the
 * functions run, synchronous requests get their results back invoker → broker → trigger over the
 * same channel, acknowledgements of a least-outstanding group travel back too, and every event is
 * accounted for (delivered, no drop, nothing missing).
 */
@Timeout(120)
class ChannelAdaptersEndToEndTest {

    private static final int EVENTS = 50;
    private static final int SYNC_REQUESTS = 3;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir
    Path sockets;

    @ParameterizedTest(name = "channel {0}")
    @ValueSource(strings = {"udp", "tcp", "uds", "tsn", "tsn-windows"})
    void eventsCrossEveryHopOnTheChannelAndComeBackAsResults(String variant) throws Exception {
        String channel = variant.startsWith("tsn") ? "tsn" : variant;
        if (variant.equals("tsn-windows")) {
            assumeTrue(kernelAcceptsTxTime(), "this kernel refuses SO_TXTIME: a tsn level cannot carry launch times here");
        }
        Deployment deployment = HotelFixture.deployment(ChannelToml.of(variant, sockets));
        assertThat(deployment.levels().values()).allSatisfy(level -> assertThat(level.channel()).isEqualTo(channel));
        try (LocalDeployment local = LocalDeployment.start(deployment, controller -> controller.token("channels"))) {
            HotelFixture.send(deployment, "door", HotelFixture.SMALL_EVENT, EVENTS);
            HotelFixture.send(deployment, "camera", HotelFixture.SMALL_EVENT, EVENTS);
            for (int i = 0; i < SYNC_REQUESTS; i++) {
                for (String[] workflow : List.of(new String[]{"door", "strict"}, new String[]{"camera", "best-effort"})) {
                    HttpResponse<String> response = syncPost(deployment, workflow[1], workflow[0]);
                    assertThat(response.statusCode()).as(channel + " " + workflow[0] + ": " + response.body()).isEqualTo(200);
                    assertThat(response.body()).matches("\\{\"occurrences\":\\d+,\"result\":-?[0-9.eE+-]+}");
                }
            }

            long sent = EVENTS + SYNC_REQUESTS;
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (String workflow : List.of("door", "camera")) {
                    WorkflowTally tally = WorkflowTally.of(deployment.workflows().get(workflow), sent, deployment, local.snapshots());
                    assertThat(tally.delivered()).as(channel + " " + workflow + ": " + tally).isEqualTo(sent);
                    assertThat(tally.dropped()).as(channel + " " + workflow + " drops").isEmpty();
                    assertThat(tally.unaccounted()).isZero();
                }
            });
            List<Gauge> connections = local.components().stream().map(Component::gauges).flatMap(List::stream)
                    .filter(g -> g.name().equals("tempos_channel_connected")).toList();
            assertThat(connections).as("trigger → broker and broker → invoker senders").hasSizeGreaterThanOrEqualTo(4)
                    .allSatisfy(g -> {
                        assertThat(g.labels()).containsEntry("channel", channel);
                        assertThat(g.value()).as(g.toString()).isEqualTo(1.0);
                    });
        }
    }

    private static boolean kernelAcceptsTxTime() throws IOException {
        try (java.nio.channels.DatagramChannel socket = java.nio.channels.DatagramChannel.open(StandardProtocolFamily.INET)) {
            int fd = io.tempos.core.net.UdpSockets.descriptor(socket);
            return fd >= 0 && io.tempos.core.sys.Linux.setTxTime(fd, io.tempos.core.sys.Linux.CLOCK_TAI, 0) == 0;
        }
    }

    private static HttpResponse<String> syncPost(Deployment d, String level, String workflow) throws Exception {
        int port = d.triggers().get("gate").httpPorts().get(level);
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/workflows/" + workflow + "?sync=true"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(HotelFixture.SMALL_EVENT)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
