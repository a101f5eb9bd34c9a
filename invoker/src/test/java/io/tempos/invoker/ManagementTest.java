package io.tempos.invoker;

import io.tempos.core.config.Deployment;
import io.tempos.core.config.DeploymentJson;
import io.tempos.core.config.FunctionSpec;
import io.tempos.core.config.InvocationMethod;
import io.tempos.core.config.WorkflowSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static io.tempos.invoker.InvokerFixture.BEST_EFFORT;
import static io.tempos.invoker.InvokerFixture.STRICT;
import static io.tempos.invoker.InvokerFixture.dlfWorkflow;
import static org.assertj.core.api.Assertions.assertThat;

/** The invoker's management endpoint: configuration pushed as JSON, stats read back. */
@Timeout(60)
class ManagementTest {

    @TempDir
    Path dir;
    private InvokerFixture fixture;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        http.close();
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aPushedConfigurationAddsAWorkflowAndABrokenOneIsRefusedWith400() throws Exception {
        fixture = InvokerFixture.start(dlfWorkflow("count", STRICT, "warm"), dir);
        Deployment current = fixture.invoker.configuration();
        String library = Artifacts.algorithm1Library().toString();
        Deployment added = current.withWorkflow(new WorkflowSpec("added", BEST_EFFORT, "bq",
                new FunctionSpec(InvocationMethod.DLF, library, "tempos_main", true, 1000)));

        HttpResponse<String> accepted = put(added);
        assertThat(accepted.statusCode()).isEqualTo(204);
        fixture.sendAndAwaitCompleted("added", BEST_EFFORT, Artifacts.event1k5());

        Deployment broken = added.withWorkflow(new WorkflowSpec("broken", BEST_EFFORT, "bq",
                new FunctionSpec(InvocationMethod.DLF, library, "missing_entry", true, 1000)));
        HttpResponse<String> refused = put(broken);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("edge refused the configuration").contains("workflows.broken")
                .contains("undefined symbol: missing_entry");
        assertThat(fixture.invoker.configuration().workflows()).containsKeys("count", "added").doesNotContainKey("broken");

        HttpResponse<String> stats = http.send(HttpRequest.newBuilder(uri("/stats")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(stats.statusCode()).isEqualTo(200);
        assertThat(stats.body()).contains("\"component\":\"edge\"").contains("\"workflow\":\"added\"");
    }

    private HttpResponse<String> put(Deployment deployment) throws Exception {
        return http.send(HttpRequest.newBuilder(uri("/config"))
                .PUT(HttpRequest.BodyPublishers.ofString(DeploymentJson.write(deployment))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + fixture.invoker.managementPort() + path);
    }
}
