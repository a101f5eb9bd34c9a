package io.tempos.cli;

import io.tempos.bench.LocalDeployment;
import io.tempos.bench.WorkflowTally;
import io.tempos.core.config.Deployment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Synchronous HTTP invocation end to end: trigger → broker → invoker → function, and the result
 * back invoker → broker → trigger → HTTP response, over real loopback sockets in one JVM.
 */
@Timeout(120)
class SyncInvocationEndToEndTest {

    private static final int BEST_EFFORT_WORKERS = 4;
    private static Deployment deployment;
    private static LocalDeployment local;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        String toml = HotelFixture.toml().replace("[levels.best-effort]\nqueue-capacity = 64",
                "[levels.best-effort]\nqueue-capacity = 64\nworkers = " + BEST_EFFORT_WORKERS) + """
                [workflows.echo]
                level = "best-effort"
                topic = "bq"
                method = "fspawn"
                artifact = "/bin/cat"
                [workflows.slow]
                level = "best-effort"
                topic = "bq"
                method = "fspawn"
                artifact = "/bin/sleep"
                args = ["2"]
                """;
        assertThat(toml).contains("workers = " + BEST_EFFORT_WORKERS);
        deployment = HotelFixture.deployment(toml);
        local = LocalDeployment.start(deployment, controller -> controller.token("sync-token"));
    }

    @AfterAll
    static void stop() {
        local.close();
    }

    @Test
    void syncRequestAnswersWithTheFunctionsOutputBytes() throws Exception {
        HttpResponse<byte[]> response = post("strict", "door", "?sync=true", HotelFixture.SMALL_EVENT);

        String body = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(response.statusCode()).as(body).isEqualTo(200);
        assertThat(body).matches("\\{\"occurrences\":\\d+,\"result\":-?[0-9.eE+-]+}");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.headers().firstValue("Tempos-Event-Id")).isPresent();
        await().atMost(Duration.ofSeconds(10)).until(() -> tally("door").delivered() >= 1);
    }

    @Test
    void echoedBytesComeBackExactlyAsOctetStream() throws Exception {
        byte[] payload = {0, 1, 2, (byte) 0xFF, 'x'};
        HttpResponse<byte[]> response = post("best-effort", "echo", "?sync=1", payload);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).containsExactly(payload);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
    }

    @Test
    void failingFunctionAnswers502NamingTheFailure() throws Exception {
        HttpResponse<byte[]> response = post("strict", "door", "?sync=true", "not json".getBytes(StandardCharsets.UTF_8));

        String body = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(response.statusCode()).as(body).isEqualTo(502);
        assertThat(body).contains("function of workflow 'door' failed").contains("event-id");
    }

    @Test
    void functionSlowerThanTheWaitAnswers504() throws Exception {
        HttpResponse<byte[]> response = post("best-effort", "slow", "?sync=true&timeout-ms=300", new byte[]{'z'});

        String body = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(response.statusCode()).as(body).isEqualTo(504);
        assertThat(body).contains("no result for event").contains("within 300 ms");
    }

    @Test
    void asyncRequestStillAnswers202() throws Exception {
        HttpResponse<byte[]> response = post("strict", "door", "", HotelFixture.SMALL_EVENT);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("\"event-id\"");
    }

    @Test
    void badSyncQueryIsRefusedWith400() throws Exception {
        HttpResponse<byte[]> response = post("strict", "door", "?sync=true&timeout-ms=0", HotelFixture.SMALL_EVENT);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("timeout-ms='0'").contains("1..60000");
    }

    @Test
    void concurrentSyncRequestsEachGetTheirOwnResult() throws Exception {
        int perClient = 10;
        ExecutorService clients = Executors.newFixedThreadPool(BEST_EFFORT_WORKERS);
        try {
            List<Future<List<String>>> futures = new ArrayList<>();
            for (int c = 0; c < BEST_EFFORT_WORKERS; c++) {
                int client = c;
                futures.add(clients.submit(() -> {
                    List<String> mismatches = new ArrayList<>();
                    for (int i = 0; i < perClient; i++) {
                        String payload = "client " + client + " request " + i;
                        HttpResponse<byte[]> response = post("best-effort", "echo", "?sync=true", payload.getBytes(StandardCharsets.UTF_8));
                        String body = new String(response.body(), StandardCharsets.UTF_8);
                        if (response.statusCode() != 200 || !body.equals(payload)) {
                            mismatches.add(payload + " -> " + response.statusCode() + " " + body);
                        }
                    }
                    return mismatches;
                }));
            }
            for (Future<List<String>> future : futures) {
                assertThat(future.get()).isEmpty();
            }
        } finally {
            clients.shutdownNow();
        }
    }

    private static HttpResponse<byte[]> post(String level, String workflow, String query, byte[] body) throws Exception {
        int port = deployment.triggers().get("gate").httpPorts().get(level);
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/workflows/" + workflow + query))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static WorkflowTally tally(String workflow) {
        return WorkflowTally.of(deployment.workflows().get(workflow), 0, deployment, local.snapshots());
    }
}
