package io.tempos.cli;

import io.tempos.core.component.ConfigDocument;
import io.tempos.core.config.Deployment;
import io.tempos.core.config.DeploymentJson;
import io.tempos.core.config.WorkflowSpec;
import io.tempos.core.stats.ComponentSnapshot;
import io.tempos.core.stats.WorkflowSnapshot;
import io.tempos.core.testing.TestDeployments;
import org.junit.jupiter.api.AfterEach;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code $config} topic with every component in its own OS process: a workflow deployed
 * through the controller (the file lacks it) keeps running after the controller is killed and
 * the invoker and trigger are restarted from that file — they get it back from the broker's
 * topic — and after the broker is restarted too, from the document it saved in its state dir.
 */
@Timeout(240)
class ConfigTopicEndToEndTest {

    private static final Duration UP = Duration.ofSeconds(60);

    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;
    private Path config;
    private Deployment deployment;
    /** The deployment as the controller runs it once the workflow is deployed. */
    private Deployment withDoor;

    @AfterEach
    void stopProcesses() throws InterruptedException {
        for (Process process : processes.values()) {
            process.destroy();
        }
        for (Process process : processes.values()) {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        http.close();
    }

    @Test
    void restartedComponentsGetTheDeploymentBackFromTheBrokerWithoutTheController() throws Exception {
        // The file has no workflow; the broker keeps its $config document in a state dir.
        String toml = TestDeployments.baseToml().replace("[brokers.mom]\n", "[brokers.mom]\nstate-dir = \"broker-state\"\n");
        config = dir.resolve("deployment.toml");
        Files.writeString(config, toml);
        deployment = TestDeployments.parse(toml, dir);

        spawn("controller", "controller", "--config", config.toString());
        spawn("broker", "broker", "--config", config.toString(), "--id", "mom");
        spawn("invoker", "invoker", "--config", config.toString(), "--id", "edge");
        spawn("trigger", "trigger", "--config", config.toString(), "--id", "gate");
        awaitUp(deployment.controller().port(), "/health");
        for (String id : List.of("mom", "edge", "gate")) {
            awaitUp(port(id), "/health");
        }
        Path tokenFile = dir.resolve(".tempos").resolve("token");
        await("the controller's token").atMost(UP).until(() -> Files.isRegularFile(tokenFile) && Files.size(tokenFile) > 0);

        HttpResponse<String> deployed = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + deployment.controller().port()
                        + "/workflows")).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + Files.readString(tokenFile).strip())
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"name": "door", "level": "strict", "topic": "sq", "method": "dlf", "artifact": "%s"}
                        """.formatted(HotelFixture.LIBRARY))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(201);
        withDoor = deployment.withWorkflow(DeploymentJson.read(deployed.body(), WorkflowSpec.class));
        await("published on the broker's " + ConfigDocument.TOPIC).atMost(UP).untilAsserted(() ->
                assertThat(DeploymentJson.read(get(port("mom"), ConfigDocument.PATH + "?after=0").body(), Deployment.class).workflows())
                        .containsKey("door"));
        sendAndAwaitCompleted(20, 20);

        // The controller dies; the invoker and trigger restart from the file, which lacks the workflow.
        kill("controller");
        stop("invoker");
        stop("trigger");
        spawn("invoker", "invoker", "--config", config.toString(), "--id", "edge");
        spawn("trigger", "trigger", "--config", config.toString(), "--id", "gate");
        for (String id : List.of("edge", "gate")) {
            awaitUp(port(id), "/health");
            // Caught up before it serves: the first answer already runs the topic's deployment.
            assertThat(get(port(id), "/health").body()).doesNotContain("\"config-version\":0");
        }
        assertThat(get(port("edge"), "/metrics").body()).contains("tempos_config_documents{component=\"edge\",outcome=\"applied\"} 1");
        sendAndAwaitCompleted(20, 20);

        // The broker restarts from the file too: it runs the document it saved.
        stop("broker");
        spawn("broker", "broker", "--config", config.toString(), "--id", "mom");
        awaitUp(port("mom"), "/health");
        assertThat(get(port("mom"), "/metrics").body()).contains("tempos_config_topic_version{component=\"mom\"}");
        sendAndAwaitCompleted(20, 40);
        ComponentSnapshot broker = DeploymentJson.read(get(port("mom"), "/stats").body(), ComponentSnapshot.class);
        assertThat(broker.workflow("door").map(WorkflowSnapshot::received)).contains(20L);
        processes.values().forEach(p -> assertThat(p.isAlive()).as("process " + p.pid()).isTrue());
    }

    /** Sends {@code count} door events to the trigger and awaits the invoker's count of completed ones. */
    private void sendAndAwaitCompleted(int count, long completed) throws Exception {
        HotelFixture.send(withDoor, "door", HotelFixture.SMALL_EVENT, count);
        await("door events completed by the invoker").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            ComponentSnapshot invoker = DeploymentJson.read(get(port("edge"), "/stats").body(), ComponentSnapshot.class);
            assertThat(invoker.workflow("door").map(WorkflowSnapshot::completed)).contains(completed);
        });
    }

    private int port(String id) {
        return deployment.component(id).orElseThrow().managementPort();
    }

    private void awaitUp(int port, String path) {
        await("answer on port " + port).atMost(UP).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> get(port, path).statusCode() == 200);
    }

    private void spawn(String name, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        processes.put(name, new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".log").toFile()))
                .start());
    }

    /** Stops a component the way Ctrl-C does, and waits until it has gone. */
    private void stop(String name) throws InterruptedException {
        Process process = processes.remove(name);
        process.destroy();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).as(name + " stopped").isTrue();
    }

    /** Kills a process outright (SIGKILL), as a crash would. */
    private void kill(String name) throws InterruptedException {
        Process process = processes.remove(name);
        process.destroyForcibly();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).as(name + " killed").isTrue();
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
