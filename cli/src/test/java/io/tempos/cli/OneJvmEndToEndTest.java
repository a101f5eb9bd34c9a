package io.tempos.cli;

import io.tempos.bench.LocalDeployment;
import io.tempos.bench.WorkflowTally;
import io.tempos.core.config.Deployment;
import io.tempos.core.stats.ComponentSnapshot;
import io.tempos.core.stats.LatencySpan;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Events travel trigger → broker → invoker → function inside one JVM, over real loopback sockets. */
class OneJvmEndToEndTest {

    private static final String TOKEN = "end-to-end-token";

    private Deployment deployment;
    private LocalDeployment local;

    @BeforeEach
    void start() throws Exception {
        deployment = HotelFixture.deployment(HotelFixture.toml());
        local = LocalDeployment.start(deployment, controller -> controller.token(TOKEN));
    }

    @AfterEach
    void stop() {
        local.close();
    }

    @Test
    void udpEventsOfBothLevelsRunTheirFunctionsWithEveryHopStamped() throws Exception {
        HotelFixture.send(deployment, "door", HotelFixture.SMALL_EVENT, 50);
        HotelFixture.send(deployment, "camera", HotelFixture.SMALL_EVENT, 50);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(tally("door").delivered()).isEqualTo(50);
            assertThat(tally("camera").delivered()).isEqualTo(50);
        });
        for (String workflow : List.of("door", "camera")) {
            WorkflowTally tally = tally(workflow);
            assertThat(tally.dropped()).as(workflow + " drops").isEmpty();
            assertThat(tally.latencyUs().keySet()).as(workflow + " spans")
                    .containsAll(LatencySpan.RECORDED.stream().map(LatencySpan::label).toList());
            assertThat(tally.endToEnd().count()).isEqualTo(50);
        }
    }

    @Test
    void httpEventIsAcceptedWithItsIdAndDelivered() throws Exception {
        int port = deployment.triggers().get("gate").httpPorts().get("strict");
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/workflows/door"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(HotelFixture.SMALL_EVENT)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.body()).contains("\"event-id\"");
        await().atMost(Duration.ofSeconds(10)).until(() -> tally("door").delivered() == 1);
    }

    @Test
    void workflowAddedThroughTheControllerReceivesEventsWithoutRestart() throws Exception {
        String body = """
                {"name":"door-cold","level":"strict","topic":"sq","method":"dlf","artifact":"%s","mode":"cold"}
                """.formatted(HotelFixture.LIBRARY);
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + deployment.controller().port() + "/workflows"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);

        Deployment current = local.controller().deployment();
        HotelFixture.send(current, "door-cold", HotelFixture.SMALL_EVENT, 20);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(WorkflowTally.of(current.workflows().get("door-cold"), 20, current, local.snapshots()).delivered()).isEqualTo(20));
    }

    @Test
    void strictEventsAllPassWhileBestEffortFloodsAndEveryEventIsAccounted() throws Exception {
        int flood = 20_000;
        Thread flooder = Thread.ofPlatform().start(() -> {
            try {
                HotelFixture.send(deployment, "camera", HotelFixture.LARGE_EVENT, flood);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        HotelFixture.send(deployment, "door", HotelFixture.SMALL_EVENT, 200);
        flooder.join();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            WorkflowTally door = tally("door", 200);
            WorkflowTally camera = tally("camera", flood);
            assertThat(door.delivered()).as("strict delivered: " + door + " " + local.snapshots()).isEqualTo(200);
            assertThat(camera.unaccounted()).as("best-effort neither delivered nor dropped: " + camera).isZero();
        });
    }

    private WorkflowTally tally(String workflow) {
        return tally(workflow, 0);
    }

    private WorkflowTally tally(String workflow, long sent) {
        List<ComponentSnapshot> snapshots = local.snapshots();
        return WorkflowTally.of(deployment.workflows().get(workflow), sent, deployment, snapshots);
    }
}
