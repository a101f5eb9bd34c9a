package io.tempos.controller;

import com.fasterxml.jackson.databind.JsonNode;
import io.tempos.core.component.ConfigDocument;
import io.tempos.core.config.BrokerSpec;
import io.tempos.core.config.ComponentSpec;
import io.tempos.core.config.DeploymentJson;
import io.tempos.core.config.InvokerSpec;
import io.tempos.core.config.TriggerSpec;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Speaks the components' management protocol: {@code PUT /config} with a whole deployment as
 * JSON and its version, answered 204 (applied) or 400 {@code {"error": …}} (refused);
 * {@code GET /health}, {@code GET /stats} and a broker's {@code GET /topics/{name}}; and a broker's {@code $config} topic
 * ({@code PUT /topics/$config}, and its retained version). Thread-safe; called from management threads only.
 */
final class ComponentClient implements AutoCloseable {

    /** Long enough for a slow link, short enough that a dead host does not stall a change. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** A component applies a configuration synchronously, which may load functions. */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_REASON_CHARS = 2_000;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .build();

    /** Accepted pushes per component id, so that the health poller can tell whether one came since it last looked. */
    private final Map<String, AtomicLong> accepted = new ConcurrentHashMap<>();

    /** What a {@code GET} of a component's management endpoint brought back. */
    sealed interface Fetched {
        /** It answered 200 with {@code body}. */
        record Answer(String body) implements Fetched {
        }

        /** No answer, or not a 200: {@code reason} says which. */
        record Failed(String reason) implements Fetched {
        }
    }

    /** {@code GET path} on the component's management endpoint, waiting at most {@code timeout}. */
    Fetched fetch(ComponentSpec component, String path, Duration timeout) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri(component, path)).timeout(timeout).GET().build();
        HttpResponse<String> response;
        try {
            response = send(request);
        } catch (IOException e) {
            return new Fetched.Failed(describe(e, timeout));
        }
        if (response.statusCode() != 200) {
            return new Fetched.Failed("answered HTTP " + response.statusCode() + " to GET " + path + ": " + errorOf(response.body()));
        }
        return new Fetched.Answer(response.body());
    }

    /** How many pushes {@code componentId} has accepted since this client was made. */
    long acceptedPushes(String componentId) {
        AtomicLong count = accepted.get(componentId);
        return count == null ? 0 : count.get();
    }

    /** What a publish on a broker's {@code $config} topic came to. */
    sealed interface Published {
        /** The broker retains the document. */
        record Retained() implements Published {
        }

        /** The broker retains a newer version, {@code retainedVersion}, and kept it. */
        record Stale(long retainedVersion) implements Published {
        }

        /** Not retained: {@code reason} says why (refused, unreachable, outside the protocol). */
        record Failed(String reason) implements Published {
        }
    }

    /** {@code PUT} of {@code document}'s JSON with its version in {@value ConfigDocument#VERSION_HEADER}. */
    private static HttpRequest putDocument(URI uri, ConfigDocument document) {
        return HttpRequest.newBuilder(uri)
                .timeout(ANSWER_TIMEOUT)
                .header("Content-Type", "application/json")
                .header(ConfigDocument.VERSION_HEADER, Long.toString(document.version()))
                .PUT(HttpRequest.BodyPublishers.ofString(document.json()))
                .build();
    }

    /**
     * Pushes {@code document} (a deployment's JSON and its version) to {@code component}'s
     * {@code PUT /config} and waits for its answer.
     */
    PushOutcome push(ComponentSpec component, ConfigDocument document) throws InterruptedException {
        HttpResponse<String> response;
        try {
            response = send(putDocument(uri(component, "/config"), document));
        } catch (IOException e) {
            return new PushOutcome.Unavailable(describe(e, ANSWER_TIMEOUT));
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            accepted.computeIfAbsent(component.id(), id -> new AtomicLong()).incrementAndGet();
            return new PushOutcome.Accepted();
        }
        if (status == 400) {
            return new PushOutcome.Refused(ownWords(component, errorOf(response.body())));
        }
        return new PushOutcome.Unavailable("answered HTTP " + status + " to PUT /config: " + errorOf(response.body()));
    }

    /** Publishes {@code document} on {@code broker}'s {@code $config} topic ({@code PUT /topics/$config}). */
    Published publish(BrokerSpec broker, ConfigDocument document) throws InterruptedException {
        HttpResponse<String> response;
        try {
            response = send(putDocument(uri(broker, ConfigDocument.PATH), document));
        } catch (IOException e) {
            return new Published.Failed(describe(e, ANSWER_TIMEOUT));
        }
        if (response.statusCode() / 100 == 2) {
            return new Published.Retained();
        }
        String error = "answered HTTP " + response.statusCode() + " to PUT " + ConfigDocument.PATH + ": " + errorOf(response.body());
        if (response.statusCode() == 409) {
            try {
                return new Published.Stale(ConfigDocument.parseVersion(response.headers().firstValue(ConfigDocument.VERSION_HEADER).orElse(null)));
            } catch (IllegalArgumentException e) {
                return new Published.Failed(error + " (" + e.getMessage() + ")");
            }
        }
        return new Published.Failed(error);
    }

    /**
     * The version {@code broker}'s {@code $config} topic retains (0: none), or -1 when it cannot
     * be asked; waiting at most {@code timeout}.
     */
    long retainedVersion(BrokerSpec broker, Duration timeout) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri(broker, ConfigDocument.PATH + "?after=" + Long.MAX_VALUE + "&wait-ms=0"))
                .timeout(timeout).GET().build();
        try {
            HttpResponse<String> response = send(request);
            long version = response.statusCode() == 204
                    ? Long.parseLong(response.headers().firstValue(ConfigDocument.VERSION_HEADER).orElse("-1").strip()) : -1;
            return Math.max(version, -1);
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** E.g. {@code invoker edge at 127.0.0.1:7710}: what a log line or an error names. */
    static String describe(ComponentSpec component) {
        return role(component) + " " + component.id() + " at " + component.host() + ":" + component.managementPort();
    }

    static String role(ComponentSpec component) {
        return switch (component) {
            case BrokerSpec b -> "broker";
            case TriggerSpec t -> "trigger";
            case InvokerSpec i -> "invoker";
        };
    }

    @Override
    public void close() {
        // shutdownNow, not close: close() would wait for a push stuck on a dead host.
        http.shutdownNow();
    }

    /**
     * Sends once more when the first attempt fails on I/O: a pooled keep-alive connection to a
     * component that restarted fails on first use although the component is up. A whole
     * deployment is idempotent, so sending it twice is harmless.
     */
    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException | HttpTimeoutException e) {
            throw e;
        } catch (IOException e) {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    private static URI uri(ComponentSpec component, String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        String query = q < 0 ? null : pathAndQuery.substring(q + 1);
        try {
            // The URI constructor brackets an IPv6 literal host.
            return new URI("http", null, component.host(), component.managementPort(), path, query, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("host '" + component.host() + "' of " + component.id()
                    + " is not a valid host name or address", e);
        }
    }

    private static String describe(IOException e, Duration answerTimeout) {
        if (e instanceof HttpConnectTimeoutException) {
            return "no connection within " + CONNECT_TIMEOUT.toSeconds() + " s";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer within " + (answerTimeout.toMillis() % 1000 == 0
                    ? answerTimeout.toSeconds() + " s" : answerTimeout.toMillis() + " ms");
        }
        if (e instanceof ConnectException) {
            return "connection refused" + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /**
     * Core's management endpoint prefixes a refusal with "{id} refused the configuration: ";
     * our messages name the component already, so keep only the reason.
     */
    private static String ownWords(ComponentSpec component, String error) {
        String prefix = component.id() + " refused the configuration: ";
        return error.startsWith(prefix) ? error.substring(prefix.length()) : error;
    }

    /** The {@code error} field of a JSON answer, or the (shortened) body as it came. */
    private static String errorOf(String body) {
        try {
            JsonNode error = DeploymentJson.MAPPER.readTree(body).get("error");
            if (error != null && error.isTextual()) {
                return error.asText();
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: report the body itself
        }
        String text = body == null || body.isBlank() ? "(empty body)" : body.strip();
        return text.length() > MAX_REASON_CHARS ? text.substring(0, MAX_REASON_CHARS) + "…" : text;
    }
}
