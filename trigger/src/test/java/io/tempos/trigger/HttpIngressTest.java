package io.tempos.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import io.tempos.core.config.DeploymentJson;
import io.tempos.core.event.EventFrame;
import io.tempos.core.stats.ComponentStats;
import io.tempos.core.stats.DropReason;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.tempos.trigger.TriggerFixture.assertFreshFrame;
import static io.tempos.trigger.TriggerFixture.checked;
import static io.tempos.core.testing.Workflows.BEST_EFFORT;
import static io.tempos.core.testing.Workflows.LOCK_AND_BULK;
import static io.tempos.core.testing.Workflows.STRICT;
import static io.tempos.core.testing.Workflows.workflow;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trigger's HTTP endpoints over real sockets: {@code POST /workflows/{name}} answers 202 with
 * the event id once the frame is on its way; every other request gets a clear JSON error with
 * the right status, is counted where it names a workflow, and leaves the endpoint serving.
 */
class HttpIngressTest {

    @TempDir
    Path dir;
    @AutoClose
    private TriggerFixture fixture;
    private int maxPayload;

    @BeforeEach
    void start() throws Exception {
        fixture = TriggerFixture.start(dir, LOCK_AND_BULK);
        maxPayload = fixture.spec.maxPayloadBytes();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({"lock, strict", "bulk, best-effort"})
    void postAnswers202WithTheIdOfTheForwardedFrame(String workflow, String level) throws Exception {
        byte[] body = "{\"door\":\"12\",\"action\":\"open\"}".getBytes(StandardCharsets.UTF_8);
        long before = System.nanoTime();
        HttpResponse<String> response = fixture.post(level, "/workflows/" + workflow, body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode answer = json(response);
        assertThat(answer.get("workflow").asText()).isEqualTo(workflow);
        assertThat(answer.get("level").asText()).isEqualTo(level);

        EventFrame frame = checked(fixture.awaitFrame(level));
        assertFreshFrame(frame, workflow, level, body, before, System.nanoTime());
        assertThat(answer.get("event-id").asText()).isEqualTo(Long.toString(frame.eventId()));
        assertThat(fixture.workflow(workflow).forwarded()).isEqualTo(1);
    }

    @Test
    void bodyIsCarriedByteForByteUpToMaxPayloadBytes() throws Exception {
        byte[] body = new byte[maxPayload];
        new Random(5).nextBytes(body);
        HttpResponse<String> response = fixture.post(BEST_EFFORT, "/workflows/bulk", body);
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(checked(fixture.awaitFrame(BEST_EFFORT)).payload()).isEqualTo(body);

        assertThat(fixture.post(STRICT, "/workflows/lock", new byte[0]).statusCode()).isEqualTo(202);
        assertThat(checked(fixture.awaitFrame(STRICT)).payloadLength()).isZero();
    }

    @Test
    void unknownWorkflowIs404NamingTheWorkflows() throws Exception {
        HttpResponse<String> response = fixture.post(STRICT, "/workflows/ghost", new byte[]{1});
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(error(response)).contains("'ghost'").contains("lock").contains("bulk");
        fixture.awaitDropped(ComponentStats.UNATTRIBUTED, DropReason.UNKNOWN_WORKFLOW, 1);
        assertThat(fixture.trigger.stats().workflow("ghost")).isEmpty();
        fixture.assertStillForwardsOnBothLevels();
    }

    @Test
    void workflowOfAnotherLevelIs409() throws Exception {
        HttpResponse<String> response = fixture.post(BEST_EFFORT, "/workflows/lock", new byte[]{1});
        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(error(response)).contains("'lock'").contains("'strict'").contains("'best-effort'");
        fixture.awaitDropped("lock", DropReason.WRONG_LEVEL, 1);
        assertThat(fixture.workflow("lock").forwarded()).isZero();
        fixture.assertStillForwardsOnBothLevels();
    }

    @ParameterizedTest(name = "{0} bytes over the limit")
    @ValueSource(ints = {1, 1_000, 1 << 20})
    void bodyOverMaxPayloadBytesIs413(int over) throws Exception {
        HttpResponse<String> response = fixture.post(STRICT, "/workflows/lock", new byte[maxPayload + over]);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(error(response)).contains(Integer.toString(maxPayload));
        fixture.awaitDropped("lock", DropReason.OVERSIZED, 1);
        assertThat(fixture.workflow("lock").forwarded()).isZero();
        fixture.assertStillForwardsOnBothLevels();
    }

    @Test
    void otherMethodsThanPostAre405() throws Exception {
        HttpResponse<String> get = fixture.request(STRICT, "/workflows/lock", HttpRequest.newBuilder().GET());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(error(get)).contains("POST");
        HttpResponse<String> put = fixture.request(STRICT, "/workflows/lock",
                HttpRequest.newBuilder().PUT(HttpRequest.BodyPublishers.ofString("x")));
        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(fixture.workflow("lock").received()).isZero();
        fixture.assertStillForwardsOnBothLevels();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/events/lock", "/workflows/", "/workflowslock", "/health"})
    void unknownPathIs404(String path) throws Exception {
        HttpResponse<String> response = fixture.post(STRICT, path, new byte[]{1});
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(error(response)).contains("POST /workflows/{name}");
        fixture.assertStillForwardsOnBothLevels();
    }

    /** Requests in parallel on both levels: each answered 202 with its own id, each frame at the broker. */
    @Test
    void concurrentPostsEachGetTheirOwnEvent() throws Exception {
        int perLevel = 50;
        List<Future<HttpResponse<String>>> responses = new ArrayList<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < perLevel; i++) {
                byte[] strictBody = ("s" + i).getBytes(StandardCharsets.UTF_8);
                byte[] bulkBody = ("b" + i).getBytes(StandardCharsets.UTF_8);
                responses.add(clients.submit(() -> fixture.post(STRICT, "/workflows/lock", strictBody)));
                responses.add(clients.submit(() -> fixture.post(BEST_EFFORT, "/workflows/bulk", bulkBody)));
            }
        }
        Set<String> answeredIds = new HashSet<>();
        for (Future<HttpResponse<String>> response : responses) {
            assertThat(response.get().statusCode()).isEqualTo(202);
            answeredIds.add(json(response.get()).get("event-id").asText());
        }
        assertThat(answeredIds).as("distinct event ids").hasSize(2 * perLevel);

        Set<String> frameIds = new HashSet<>();
        Set<String> payloads = new HashSet<>();
        for (String level : List.of(STRICT, BEST_EFFORT)) {
            for (int i = 0; i < perLevel; i++) {
                EventFrame frame = checked(fixture.awaitFrame(level));
                frameIds.add(Long.toString(frame.eventId()));
                payloads.add(new String(frame.payload(), StandardCharsets.UTF_8));
            }
        }
        assertThat(frameIds).isEqualTo(answeredIds);
        assertThat(payloads).hasSize(2 * perLevel);
    }


    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return DeploymentJson.MAPPER.readTree(response.body());
    }

    private static String error(HttpResponse<String> response) throws Exception {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode error = json(response).get("error");
        assertThat(error).as("an error in %s", response.body()).isNotNull();
        return error.asText();
    }
}
