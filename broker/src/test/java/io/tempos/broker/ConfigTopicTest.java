package io.tempos.broker;

import io.tempos.core.component.ConfigDocument;
import io.tempos.core.component.ConfigRefusal;
import io.tempos.core.config.Deployment;
import io.tempos.core.config.DeploymentJson;
import io.tempos.core.testing.TestDeployments;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.tempos.core.testing.Workflows.LOCK_AND_BULK;
import static io.tempos.core.testing.Workflows.STRICT;
import static io.tempos.core.testing.Workflows.workflow;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker's {@code $config} topic over real HTTP: it retains the newest document, hands it to
 * subscribers at once or when it comes, refuses (and counts) what is stale, malformed, oversized
 * or of another deployment, and with a state dir keeps it — and runs it — across a restart.
 */
@Timeout(30)
class ConfigTopicTest {

    @TempDir
    Path dir;
    private String base;
    private Deployment fileDeployment;
    private Deployment withLock;
    private Deployment withBulk;
    @AutoClose
    private BrokerFixture fixture;
    @AutoClose
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() throws Exception {
        base = TestDeployments.baseToml().replace("[brokers.mom]\n", "[brokers.mom]\nstate-dir = \"broker-state\"\n");
        fileDeployment = BrokerFixture.deployment(dir, base);
        withLock = BrokerFixture.deployment(dir, base + workflow("lock", STRICT));
        withBulk = BrokerFixture.deployment(dir, base + LOCK_AND_BULK);
        fixture = BrokerFixture.start(fileDeployment, "mom");
    }

    @Test
    void retainsTheNewestDocumentAndServesItToWhoeverAsksForNewer() throws Exception {
        assertThat(publish(10, DeploymentJson.write(withLock)).statusCode()).isEqualTo(204);

        HttpResponse<String> first = get(0, 0);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue(ConfigDocument.VERSION_HEADER)).hasValue("10");
        assertThat(DeploymentJson.read(first.body(), Deployment.class)).isEqualTo(withLock);

        HttpResponse<String> nothingNewer = get(10, 0);
        assertThat(nothingNewer.statusCode()).isEqualTo(204);
        assertThat(nothingNewer.headers().firstValue(ConfigDocument.VERSION_HEADER)).hasValue("10");
    }

    @Test
    void aLongPollReturnsWhenANewerDocumentIsPublished() throws Exception {
        assertThat(publish(10, DeploymentJson.write(withLock)).statusCode()).isEqualTo(204);
        CompletableFuture<HttpResponse<String>> waiting = http.sendAsync(getRequest(10, 20_000), HttpResponse.BodyHandlers.ofString());

        assertThat(publish(11, DeploymentJson.write(withBulk)).statusCode()).isEqualTo(204);

        HttpResponse<String> answer = waiting.get();
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue(ConfigDocument.VERSION_HEADER)).hasValue("11");
        assertThat(DeploymentJson.read(answer.body(), Deployment.class)).isEqualTo(withBulk);
    }

    @Test
    void aStaleDocumentIsRefusedWithTheRetainedVersionAndARepeatIsAccepted() throws Exception {
        String lock = DeploymentJson.write(withLock);
        assertThat(publish(10, lock).statusCode()).isEqualTo(204);

        assertThat(publish(10, lock).statusCode()).as("the same publish again").isEqualTo(204);
        HttpResponse<String> older = publish(9, DeploymentJson.write(withBulk));
        HttpResponse<String> sameVersionOtherContent = publish(10, DeploymentJson.write(withBulk));

        for (HttpResponse<String> stale : List.of(older, sameVersionOtherContent)) {
            assertThat(stale.statusCode()).isEqualTo(409);
            assertThat(stale.headers().firstValue(ConfigDocument.VERSION_HEADER)).hasValue("10");
            assertThat(stale.body()).contains("stale: version", "is not newer than the retained version 10");
        }
        assertThat(fixture.broker.configTopic().refused(ConfigRefusal.STALE)).isEqualTo(2);
        assertThat(get(0, 0).body()).isEqualTo(lock);
    }

    @Test
    void hostileDocumentsAreRefusedCountedAndTheRetainedOneStays() throws Exception {
        String lock = DeploymentJson.write(withLock);
        assertThat(publish(10, lock).statusCode()).isEqualTo(204);
        Deployment other = new Deployment("another", withBulk.controller(), withBulk.levels(), withBulk.brokers(),
                withBulk.triggers(), withBulk.invokers(), withBulk.topics(), withBulk.workflows());

        HttpResponse<String> notJson = publish(11, "{\"name\": ");
        HttpResponse<String> notADeployment = publish(12, "{\"colour\": \"red\"}");
        HttpResponse<String> noVersion = send(HttpRequest.newBuilder(uri(ConfigDocument.PATH)).PUT(HttpRequest.BodyPublishers.ofString(lock)));
        HttpResponse<String> badVersion = send(HttpRequest.newBuilder(uri(ConfigDocument.PATH)).header(ConfigDocument.VERSION_HEADER, "soon")
                .PUT(HttpRequest.BodyPublishers.ofString(lock)));
        HttpResponse<String> foreign = publish(13, DeploymentJson.write(other));
        HttpResponse<String> oversized = publish(14, "x".repeat(ConfigDocument.MAX_BYTES + 1));

        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.body()).contains("malformed: invalid Deployment JSON");
        assertThat(notADeployment.statusCode()).isEqualTo(400);
        assertThat(noVersion.statusCode()).isEqualTo(400);
        assertThat(noVersion.body()).contains("malformed: no Tempos-Config-Version header");
        assertThat(badVersion.body()).contains("Tempos-Config-Version 'soon' is not an integer");
        assertThat(foreign.statusCode()).isEqualTo(400);
        assertThat(foreign.body()).contains("foreign: document of deployment 'another', this component belongs to 'test'");
        assertThat(oversized.statusCode()).isEqualTo(413);
        assertThat(oversized.body()).contains("oversized: document larger than " + ConfigDocument.MAX_BYTES + " bytes");
        ConfigTopic topic = fixture.broker.configTopic();
        assertThat(topic.refused(ConfigRefusal.MALFORMED)).isEqualTo(4);
        assertThat(topic.refused(ConfigRefusal.FOREIGN)).isEqualTo(1);
        assertThat(topic.refused(ConfigRefusal.OVERSIZED)).isEqualTo(1);
        assertThat(get(0, 0).headers().firstValue(ConfigDocument.VERSION_HEADER)).hasValue("10");
        assertThat(get(0, 0).body()).isEqualTo(lock);
        assertThat(send(HttpRequest.newBuilder(uri("/metrics")).GET()).body())
                .contains("tempos_config_topic_publishes{component=\"mom\",outcome=\"malformed\"} 4")
                .contains("tempos_config_topic_version{component=\"mom\"} 10");
        assertThat(send(HttpRequest.newBuilder(uri(ConfigDocument.PATH + "?after=x")).GET()).statusCode()).isEqualTo(400);
        assertThat(send(HttpRequest.newBuilder(uri(ConfigDocument.PATH)).DELETE()).statusCode()).isEqualTo(405);
    }

    @Test
    void aRestartedBrokerRetainsTheDocumentAndRunsIt() throws Exception {
        assertThat(publish(10, DeploymentJson.write(withLock)).statusCode()).isEqualTo(204);
        assertThat(fixture.broker.configuration()).isEqualTo(fileDeployment);
        fixture.close();

        fixture = BrokerFixture.start(fileDeployment, "mom");   // from the file, which lacks the workflow

        assertThat(fixture.broker.configuration()).isEqualTo(withLock);
        HttpResponse<String> retained = get(0, 0);
        assertThat(retained.headers().firstValue(ConfigDocument.VERSION_HEADER)).hasValue("10");
        assertThat(DeploymentJson.read(retained.body(), Deployment.class)).isEqualTo(withLock);
        assertThat(Files.readString(dir.resolve("broker-state").resolve(ConfigTopic.FILE))).contains("\"version\" : 10");
    }

    @Test
    void aCorruptSavedDocumentIsSetAsideAndTheBrokerStarts() throws Exception {
        fixture.close();
        Path saved = dir.resolve("broker-state").resolve(ConfigTopic.FILE);
        Files.writeString(saved, "{ not json");

        fixture = BrokerFixture.start(fileDeployment, "mom");

        assertThat(fixture.broker.configuration()).isEqualTo(fileDeployment);
        assertThat(get(0, 0).statusCode()).isEqualTo(204);
        assertThat(saved).doesNotExist();
        try (var files = Files.list(saved.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith(ConfigTopic.FILE + ".") && n.endsWith(".bad"));
        }
    }

    private HttpResponse<String> publish(long version, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(ConfigDocument.PATH)).header(ConfigDocument.VERSION_HEADER, Long.toString(version))
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    private HttpResponse<String> get(long after, long waitMs) throws IOException, InterruptedException {
        return http.send(getRequest(after, waitMs), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest getRequest(long after, long waitMs) {
        return HttpRequest.newBuilder(uri(ConfigDocument.PATH + "?after=" + after + "&wait-ms=" + waitMs)).timeout(Duration.ofSeconds(25)).GET().build();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + fixture.deployment.brokers().get("mom").managementPort() + path);
    }
}
