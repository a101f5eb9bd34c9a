package io.tempos.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import io.tempos.core.component.ConfigGate;
import io.tempos.core.component.ManagementServer;
import io.tempos.core.config.BrokerSpec;
import io.tempos.core.config.Deployment;
import io.tempos.core.config.DeploymentJson;
import io.tempos.core.testing.FreePorts;
import io.tempos.core.testing.TestDeployments;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /topics/{name}} adds {@code effective}: each broker serving the topic's level is asked
 * over real HTTP what the topic gives there; one that cannot answer is said so in the field,
 * never by failing the read. Brokers here are stand-ins (core's real management endpoint); the
 * broker's own report is tested in the broker module. A second broker {@code mom-2} serves both
 * levels too (every broker serves every topic's level).
 */
@Timeout(30)
class TopicEffectiveQosTest {

    @TempDir
    Path dir;

    private Deployment deployment;
    private StandIns standIns;
    private Controller controller;
    private ApiClient api;
    private final List<ManagementServer> servers = new ArrayList<>();
    private final List<String> asked = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        deployment = TestDeployments.parse(TestDeployments.baseToml() + """
                [brokers.mom-2]
                management-port = %d
                ports = { strict = %d, best-effort = %d }
                """.formatted(FreePorts.next(), FreePorts.next(), FreePorts.next()), dir);
        standIns = StandIns.startAll(deployment);
        controller = Controller.builder(deployment).token(ApiClient.TOKEN).start();
        controller.awaitPushed(Duration.ofSeconds(10));
        api = new ApiClient(deployment, ApiClient.TOKEN);
    }

    @AfterEach
    void stop() {
        api.close();
        controller.close();
        servers.forEach(ManagementServer::close);
        standIns.close();
    }

    @Test
    void aBrokerThatServesTopicsHasItsReportRelayedAsItCame() throws Exception {
        String report = """
                {"topic":"sq","level":"strict","broker":"mom","effective":{"reliable":false,"realTime":true,\
                "membersConnected":1,"members":1,"degraded":["channel udp is not reliable"]}}""";
        serveTopics("mom", exchange -> answer(exchange, exchange.getRequestURI().getPath().equals("/topics/sq") ? 200 : 404,
                exchange.getRequestURI().getPath().equals("/topics/sq") ? report : "{\"error\":\"no topic\"}"));

        ApiClient.Answer answer = api.get("/topics/sq");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("name").asText()).isEqualTo("sq");
        assertThat(answer.json().path("level").asText()).isEqualTo("strict");
        assertThat(answer.json().path("subscribers").toString()).isEqualTo("[\"edge\"]");
        JsonNode effective = answer.json().path("effective");
        assertThat(effective.properties()).extracting(Map.Entry::getKey).as("every broker serving strict").containsExactly("mom", "mom-2");
        assertThat(effective.path("mom")).isEqualTo(DeploymentJson.MAPPER.readTree(report));
        assertThat(effective.path("mom-2").path("unavailable").asText()).as("a stand-in without /topics").contains("HTTP 404");
        assertThat(asked).containsExactly("GET /topics/sq");
    }

    @Test
    void aStandInThatServesNoTopicsIsSaidUnknownAndTheReadStillAnswers() {
        ApiClient.Answer answer = api.get("/topics/bq");

        assertThat(answer.status()).isEqualTo(200);
        JsonNode effective = answer.json().path("effective");
        assertThat(effective.properties()).extracting(Map.Entry::getKey).containsExactly("mom", "mom-2");
        BrokerSpec mom = deployment.brokers().get("mom");
        assertThat(effective.path("mom").path("unavailable").asText())
                .startsWith("broker mom at " + mom.host() + ":" + mom.managementPort() + ": answered HTTP 404 to GET /topics/bq");
        assertThat(effective.path("mom-2").path("unavailable").asText()).startsWith("broker mom-2 at ");
    }

    @Test
    void aBrokerThatIsDownIsSaidUnreachable() {
        standIns.stop("mom");

        ApiClient.Answer answer = api.get("/topics/sq");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("effective").path("mom").path("unavailable").asText())
                .startsWith("broker mom at ").contains("connection refused");
    }

    /** Hostile: a broker answering what is no report; an unknown topic. */
    @Test
    void garbageFromABrokerIsSaidUnreadableAndAnUnknownTopicIs404() throws Exception {
        serveTopics("mom", exchange -> answer(exchange, 200, "<html>not json</html>"));

        ApiClient.Answer answer = api.get("/topics/sq");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("effective").path("mom").path("unavailable").asText())
                .isEqualTo(ComponentClient.describe(deployment.brokers().get("mom"))
                        + " answered GET /topics/sq with what this controller cannot read");

        ApiClient.Answer missing = api.get("/topics/unknown");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.error()).contains("no topic named 'unknown'");
        assertThat(asked).as("an unknown topic asks no broker").containsExactly("GET /topics/sq");
    }

    private interface TopicsAnswer {
        void handle(HttpExchange exchange) throws IOException;
    }

    /** Replaces the stand-in of broker {@code id} by one that also serves {@code /topics}, recording what it is asked. */
    private void serveTopics(String id, TopicsAnswer topics) throws IOException {
        standIns.stop(id);
        BrokerSpec spec = deployment.brokers().get(id);
        StandInComponent broker = new StandInComponent(id);
        servers.add(ManagementServer.start(spec.host(), spec.managementPort(), broker, new ConfigGate(broker),
                Map.of("/topics", exchange -> {
                    try (exchange) {
                        asked.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
                        topics.handle(exchange);
                    }
                })));
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
