package io.tempos.trigger;

import io.tempos.core.stats.ComponentStats;
import io.tempos.core.stats.DropReason;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP endpoints: plain payloads, CloudEvents in binary and structured mode, and every refusal, over real sockets. */
class HttpCloudEventsTest {

    private static final String STRUCTURED = "application/cloudevents+json";

    @TempDir
    Path dir;
    @AutoClose
    private BridgeFixture fixture;
    @AutoClose
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        fixture = new BridgeFixture(dir, "max-payload-bytes = 1000", "");
    }

    private HttpResponse<String> post(String level, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fixture.httpPort(level) + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aPlainPayloadOnTheWorkflowsPathIsForwardedOnItsLevel() throws Exception {
        HttpResponse<String> response = post("strict", "/workflows/door", "{\"card\":42}", "Content-Type", "application/json");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        BridgeFixture.Frame frame = fixture.next("strict");
        assertThat(response.body()).contains("\"event-id\":\"" + frame.eventId() + "\"", "\"level\":\"strict\"");
        assertThat(frame.workflow()).isEqualTo("door");
        assertThat(frame.level()).isEqualTo("strict");
        assertThat(frame.payload()).isEqualTo("{\"card\":42}");
        assertThat(frame.createdNanos()).isPositive().isLessThanOrEqualTo(frame.triggerOutNanos());
        assertThat(fixture.stats("door").forwarded()).isEqualTo(1);
    }

    @Test
    void aBinaryCloudEventOnTheRootNamesItsWorkflowInCeWorkflowAndIsAcknowledgedWithItsId() throws Exception {
        HttpResponse<String> response = post("best-effort", "/", "frame-bytes",
                "ce-specversion", "1.0", "ce-id", "cam-7", "ce-source", "/lobby/camera-1", "ce-type", "io.hotel.frame",
                "ce-workflow", "camera", "Content-Type", "application/octet-stream");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(response.headers().firstValue("ce-id")).contains("cam-7");
        assertThat(response.body()).contains("\"ce-id\":\"cam-7\"", "\"ce-source\":\"/lobby/camera-1\"", "\"workflow\":\"camera\"");
        BridgeFixture.Frame frame = fixture.next("best-effort");
        assertThat(frame.workflow()).isEqualTo("camera");
        assertThat(frame.payload()).isEqualTo("frame-bytes");
        assertThat(response.body()).contains("\"event-id\":\"" + frame.eventId() + "\"");
    }

    @Test
    void aBinaryCloudEventWithoutAWorkflowAttributeUsesItsTypeAsTheWorkflow() throws Exception {
        HttpResponse<String> response = post("strict", "/", "tap",
                "ce-specversion", "1.0", "ce-id", "1", "ce-source", "reader", "ce-type", "door");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(fixture.next("strict").payload()).isEqualTo("tap");
    }

    @Test
    void aStructuredCloudEventCarriesItsJsonDataAsJsonTextAndItsBase64DataAsBytes() throws Exception {
        HttpResponse<String> json = post("strict", "/", """
                {"specversion":"1.0","id":"e-1","source":"reader-3","type":"io.hotel.tap","workflow":"door",
                 "datacontenttype":"application/json","data":{"card":42,"door":"101"}}""", "Content-Type", STRUCTURED + "; charset=utf-8");
        assertThat(json.statusCode()).as(json.body()).isEqualTo(202);
        assertThat(json.body()).contains("\"ce-id\":\"e-1\"");
        assertThat(fixture.next("strict").payload()).isEqualTo("{\"card\":42,\"door\":\"101\"}");

        String base64 = Base64.getEncoder().encodeToString("raw\nbytes".getBytes());
        HttpResponse<String> binaryData = post("strict", "/workflows/door", """
                {"specversion":"1.0","id":"e-2","source":"reader-3","type":"io.hotel.tap","data_base64":"%s"}""".formatted(base64),
                "Content-Type", STRUCTURED);
        assertThat(binaryData.statusCode()).as(binaryData.body()).isEqualTo(202);
        assertThat(fixture.next("strict").payload()).isEqualTo("raw\nbytes");

        HttpResponse<String> text = post("strict", "/workflows/door", """
                {"specversion":"1.0","id":"e-3","source":"s","type":"t","datacontenttype":"text/plain","data":"open 101"}""",
                "Content-Type", STRUCTURED);
        assertThat(text.statusCode()).as(text.body()).isEqualTo(202);
        assertThat(fixture.next("strict").payload()).isEqualTo("open 101");
    }

    static Stream<Arguments> malformedCloudEvents() {
        String[] binary = {"ce-specversion", "1.0", "ce-id", "1", "ce-source", "s", "ce-type", "door"};
        return Stream.of(
                Arguments.of("binary without ce-id", without(binary, "ce-id"), "x", "lacks the required header ce-id"),
                Arguments.of("binary without ce-specversion", without(binary, "ce-specversion"), "x", "lacks the required header ce-specversion"),
                Arguments.of("binary with specversion 0.3", replace(binary, "ce-specversion", "0.3"), "x",
                        "ce-specversion '0.3' is not supported; use 1.0"),
                Arguments.of("structured, invalid JSON", new String[]{"Content-Type", STRUCTURED}, "{\"specversion\":", "is not valid JSON"),
                Arguments.of("structured, not an object", new String[]{"Content-Type", STRUCTURED}, "[1,2]", "must be a JSON object"),
                Arguments.of("structured without source", new String[]{"Content-Type", STRUCTURED},
                        "{\"specversion\":\"1.0\",\"id\":\"1\",\"type\":\"door\"}", "lacks the required attribute 'source'"),
                Arguments.of("structured with specversion 2.0", new String[]{"Content-Type", STRUCTURED},
                        "{\"specversion\":\"2.0\",\"id\":\"1\",\"source\":\"s\",\"type\":\"door\"}", "specversion '2.0' is not supported"),
                Arguments.of("structured with data and data_base64", new String[]{"Content-Type", STRUCTURED},
                        "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"s\",\"type\":\"door\",\"data\":1,\"data_base64\":\"AA==\"}",
                        "both 'data' and 'data_base64'"),
                Arguments.of("structured with bad base64", new String[]{"Content-Type", STRUCTURED},
                        "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"s\",\"type\":\"door\",\"data_base64\":\"%%%\"}",
                        "'data_base64' is not valid base64"),
                Arguments.of("a batch", new String[]{"Content-Type", "application/cloudevents-batch+json"}, "[]", "batched CloudEvents"),
                Arguments.of("plain payload on / without a workflow", new String[]{"Content-Type", "text/plain"}, "x", "POST / needs the workflow"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedCloudEvents")
    void aMalformedCloudEventIsRefusedWith400NamingTheProblemCountedAndNotForwarded(String name, String[] headers, String body,
                                                                                       String message) throws Exception {
        HttpResponse<String> response = post("strict", "/", body, headers);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains(message);
        assertThat(fixture.dropped(ComponentStats.UNATTRIBUTED, DropReason.MALFORMED)).isEqualTo(1);
        // Forwarding happens before the answer: the next frame at the broker is the next good event.
        assertThat(post("strict", "/workflows/door", "after").statusCode()).isEqualTo(202);
        assertThat(fixture.next("strict").payload()).isEqualTo("after");
        assertThat(fixture.stats("door").received()).isEqualTo(1);
    }

    @Test
    void unknownWorkflowWrongLevelOversizedAndBadRequestsEachGetTheirStatusAndCounter() throws Exception {
        HttpResponse<String> unknown = post("strict", "/workflows/window", "x");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("no workflow 'window'; workflows: [");

        HttpResponse<String> wrongLevel = post("strict", "/workflows/camera", "x");
        assertThat(wrongLevel.statusCode()).isEqualTo(409);
        assertThat(wrongLevel.body()).contains("workflow 'camera' has level 'best-effort'; this endpoint serves level 'strict'");

        HttpResponse<String> oversized = post("strict", "/workflows/door", "x".repeat(1001));
        assertThat(oversized.statusCode()).isEqualTo(413);
        assertThat(oversized.body()).contains("payload 1001 bytes > max-payload-bytes 1000");

        HttpResponse<String> hugeEnvelope = post("strict", "/", "x".repeat(40_000), "Content-Type", STRUCTURED);
        assertThat(hugeEnvelope.statusCode()).isEqualTo(413);

        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fixture.httpPort("strict") + "/workflows/door"))
                .GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
        assertThat(post("strict", "/elsewhere", "x").statusCode()).isEqualTo(404);

        assertThat(fixture.dropped(ComponentStats.UNATTRIBUTED, DropReason.UNKNOWN_WORKFLOW)).isEqualTo(1);
        assertThat(fixture.dropped("camera", DropReason.WRONG_LEVEL)).isEqualTo(1);
        assertThat(fixture.dropped("door", DropReason.OVERSIZED)).isEqualTo(1);
        assertThat(fixture.dropped(ComponentStats.UNATTRIBUTED, DropReason.OVERSIZED)).isEqualTo(1);
        assertThat(fixture.nothingWaiting("strict")).isTrue();
        assertThat(fixture.nothingWaiting("best-effort")).isTrue();
    }

    private static String[] without(String[] headers, String name) {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < headers.length; i += 2) {
            if (!headers[i].equals(name)) {
                kept.add(headers[i]);
                kept.add(headers[i + 1]);
            }
        }
        return kept.toArray(String[]::new);
    }

    private static String[] replace(String[] headers, String name, String value) {
        String[] copy = headers.clone();
        for (int i = 0; i < copy.length; i += 2) {
            if (copy[i].equals(name)) {
                copy[i + 1] = value;
            }
        }
        return copy;
    }
}
