package io.tempos.cli;

import io.tempos.core.config.Deployment;
import io.tempos.core.config.DeploymentJson;
import io.tempos.core.stats.ComponentSnapshot;
import io.tempos.core.stats.WorkflowSnapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
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
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The same path with controller, broker, invoker and trigger each in its own OS process. */
class SeparateProcessesEndToEndTest {

    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @AfterEach
    void stopProcesses() throws InterruptedException {
        processes.forEach(Process::destroy);
        for (Process process : processes) {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void eventsCrossFourProcesses() throws Exception {
        String toml = HotelFixture.toml();
        Path config = dir.resolve("deployment.toml");
        Files.writeString(config, toml);
        Deployment deployment = HotelFixture.deployment(toml);

        // The controller first: it retries each component until it answers.
        spawn("controller", "controller", "--config", config.toString());
        spawn("broker", "broker", "--config", config.toString(), "--id", "mom");
        spawn("invoker", "invoker", "--config", config.toString(), "--id", "edge");
        spawn("trigger", "trigger", "--config", config.toString(), "--id", "gate");
        for (var component : List.of(deployment.brokers().get("mom"), deployment.invokers().get("edge"), deployment.triggers().get("gate"))) {
            await("configured " + component.id()).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> get(component.managementPort(), "/health").contains("\"configured\":true"));
        }

        HotelFixture.send(deployment, "door", HotelFixture.SMALL_EVENT, 30);
        HotelFixture.send(deployment, "camera", HotelFixture.SMALL_EVENT, 30);

        int invokerPort = deployment.invokers().get("edge").managementPort();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            ComponentSnapshot invoker = DeploymentJson.read(get(invokerPort, "/stats"), ComponentSnapshot.class);
            assertThat(invoker.workflow("door").map(WorkflowSnapshot::completed)).contains(30L);
            assertThat(invoker.workflow("camera").map(WorkflowSnapshot::completed)).contains(30L);
        });
        ComponentSnapshot invoker = DeploymentJson.read(get(invokerPort, "/stats"), ComponentSnapshot.class);
        assertThat(invoker.workflow("door").orElseThrow().latencyUs()).containsKey("end-to-end");
        for (Process process : processes) {
            assertThat(process.isAlive()).as("process " + process.pid() + " still running").isTrue();
        }
    }

    private void spawn(String name, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        processes.add(new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile())
                .start());
    }

    private String get(int port, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        return response.body();
    }
}
