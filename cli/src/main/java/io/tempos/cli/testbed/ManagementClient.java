package io.tempos.cli.testbed;

import io.tempos.core.config.ComponentSpec;
import io.tempos.core.config.Deployment;
import io.tempos.core.config.DeploymentJson;
import io.tempos.core.stats.ComponentSnapshot;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads every component's management endpoint ({@code GET /health}, {@code GET /stats}) over the network. */
final class ManagementClient {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
    private final List<ComponentSpec> components;

    ManagementClient(Deployment deployment) {
        this.components = Stream.of(deployment.brokers().values(), deployment.invokers().values(), deployment.triggers().values())
                .flatMap(c -> c.stream().map(ComponentSpec.class::cast)).toList();
    }

    /** Waits until every component reports that the controller configured it; throws naming those that did not. */
    void awaitConfigured(Duration limit) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        List<String> waiting = new ArrayList<>();
        do {
            waiting.clear();
            for (ComponentSpec component : components) {
                try {
                    if (!get(component, "/health").contains("\"configured\":true")) {
                        waiting.add(component.id() + " (not configured yet)");
                    }
                } catch (IOException e) {
                    waiting.add(component.id() + " (" + component.host() + ":" + component.managementPort() + " does not answer: " + e.getMessage() + ")");
                }
            }
            if (waiting.isEmpty()) {
                return;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new IOException("components not ready after " + limit.toSeconds() + " s: " + waiting);
    }

    /** Every component's statistics now. */
    List<ComponentSnapshot> snapshots() throws IOException, InterruptedException {
        List<ComponentSnapshot> snapshots = new ArrayList<>();
        for (ComponentSpec component : components) {
            snapshots.add(DeploymentJson.read(get(component, "/stats"), ComponentSnapshot.class));
        }
        return snapshots;
    }

    private String get(ComponentSpec component, String path) throws IOException, InterruptedException {
        URI uri = URI.create("http://" + component.host() + ":" + component.managementPort() + path);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + uri + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
