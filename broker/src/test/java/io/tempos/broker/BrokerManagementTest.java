package io.tempos.broker;

import com.fasterxml.jackson.databind.JsonNode;
import io.tempos.core.config.Deployment;
import io.tempos.core.config.DeploymentJson;
import io.tempos.core.stats.ComponentSnapshot;
import io.tempos.core.stats.ComponentStats;
import io.tempos.core.stats.DropReason;
import io.tempos.core.testing.TestDeployments;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static io.tempos.core.testing.Workflows.BEST_EFFORT;
import static io.tempos.core.testing.Workflows.LOCK_AND_BULK;
import static io.tempos.core.testing.Workflows.STRICT;
import static io.tempos.core.testing.Workflows.workflow;
import static org.assertj.core.api.Assertions.assertThat;

/** The broker's management endpoint over real HTTP: health, statistics, configuration push. */
class BrokerManagementTest {

    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private Deployment first;
    private Deployment second;
    @AutoClose
    private BrokerFixture fixture;
    @AutoClose
    private HttpClient http;

    @BeforeEach
    void start() throws Exception {
        String base = TestDeployments.baseToml();
        first = BrokerFixture.deployment(dir, base + workflow("lock", STRICT));
        second = BrokerFixture.deployment(dir, base + LOCK_AND_BULK);
        fixture = BrokerFixture.start(first, "mom");
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(HTTP_TIMEOUT).build();
    }

    @Test
    void healthNamesTheBrokerAndSaysItIsConfigured() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/health")).GET());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode health = DeploymentJson.MAPPER.readTree(response.body());
        assertThat(health.get("id").asText()).isEqualTo("mom");
        assertThat(health.get("status").asText()).isEqualTo("up");
        assertThat(health.get("configured").asBoolean()).isTrue();
    }

    @Test
    void statsServesTheSnapshotAsJson() throws Exception {
        fixture.assertStillForwards("lock", STRICT);
        fixture.sendEvent("ghost", STRICT);
        fixture.awaitDropped(ComponentStats.UNATTRIBUTED, DropReason.UNKNOWN_WORKFLOW, 1);

        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/stats")).GET());
        assertThat(response.statusCode()).isEqualTo(200);
        ComponentSnapshot stats = DeploymentJson.read(response.body(), ComponentSnapshot.class);
        assertThat(stats.component()).isEqualTo("mom");
        assertThat(stats.workflow("lock").orElseThrow().forwarded()).isEqualTo(1);
        assertThat(stats.workflow(ComponentStats.UNATTRIBUTED).orElseThrow().dropped())
                .containsEntry(DropReason.UNKNOWN_WORKFLOW.label(), 1L);
        assertThat(stats.socketDrops()).containsKeys(STRICT, BEST_EFFORT);
    }

    @Test
    void putConfigAppliesAValidDeployment() throws Exception {
        HttpResponse<String> response = putConfig(DeploymentJson.write(second));
        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(fixture.broker.configuration().workflows()).containsKeys("lock", "bulk");
        fixture.assertStillForwards("bulk", BEST_EFFORT);
    }

    /** Bodies that are no deployment: 400 with an error, the old configuration untouched. */
    @ParameterizedTest
    @ValueSource(strings = {"not json at all", "{\"name\": ", "{}", "[]", "{\"workflows\": 5}", "null", ""})
    void putConfigRefusesWhatIsNotADeployment(String body) throws Exception {
        HttpResponse<String> response = putConfig(body);
        assertThat(response.statusCode()).as("answer to %s: %s", body, response.body()).isEqualTo(400);
        assertThat(DeploymentJson.MAPPER.readTree(response.body()).get("error").asText()).contains("mom");
        assertThat(fixture.broker.configuration()).isSameAs(first);
        fixture.assertStillForwards("lock", STRICT);
    }

    @Test
    void putConfigRefusesADeploymentTheBrokerCannotServe() throws Exception {
        String json = DeploymentJson.write(second).replace("\"level\":\"best-effort\",\"subscribers\"", "\"level\":\"bulk\",\"subscribers\"");
        assertThat(json).as("topic bq moved to an unknown level").contains("\"level\":\"bulk\"");

        HttpResponse<String> response = putConfig(json);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(DeploymentJson.MAPPER.readTree(response.body()).get("error").asText()).contains("level 'bulk'");
        assertThat(fixture.broker.configuration()).isSameAs(first);
    }

    @Test
    void putConfigRefusesAWorkflowOfAnUnknownTopic() throws Exception {
        String json = DeploymentJson.write(second).replace("\"topic\":\"bq\"", "\"topic\":\"nowhere\"");
        assertThat(json).contains("\"topic\":\"nowhere\"");

        HttpResponse<String> response = putConfig(json);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(DeploymentJson.MAPPER.readTree(response.body()).get("error").asText()).contains("'nowhere'");
        assertThat(fixture.broker.configuration()).isSameAs(first);
    }

    @Test
    void wrongMethodsAreRefused() throws Exception {
        assertThat(send(HttpRequest.newBuilder(uri("/config")).GET()).statusCode()).isEqualTo(405);
        assertThat(send(HttpRequest.newBuilder(uri("/stats")).POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(405);
    }

    private HttpResponse<String> putConfig(String body) throws Exception {
        return send(HttpRequest.newBuilder(uri("/config")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(HTTP_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + fixture.managementPort() + path);
    }
}
