package io.tempos.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tempos.core.config.DeploymentJson;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * The one HTTP client of the commands: JSON requests to the controller's REST API (with the
 * bearer token when there is one) and to a trigger's HTTP endpoint. Every failure to get an
 * answer becomes a {@link ClientFailure} that says where it went and what to check.
 */
final class ControllerHttp implements AutoCloseable {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** A change waits for every component's answer, each up to 10 s. */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);

    /** An answer: its status and body, parsed when it is JSON (else a missing node). */
    record Reply(int status, JsonNode json, String body) {
        boolean ok() {
            return status / 100 == 2;
        }

        /** The controller's {@code error} message, or the body. */
        String error() {
            String error = json.path("error").asText(null);
            return error != null ? error : body.isBlank() ? "(empty answer)" : body.strip();
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT).build();
    private final URI base;
    private final String token;

    ControllerHttp(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    URI base() {
        return base;
    }

    Reply get(String path) {
        return controller("GET", path, null);
    }

    Reply put(String path, JsonNode body) {
        return controller("PUT", path, body);
    }

    Reply delete(String path) {
        return controller("DELETE", path, null);
    }

    /** {@code POST} of raw bytes to any URL (a trigger's endpoint); no token goes with it. */
    Reply post(URI url, byte[] body, String contentType) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(ANSWER_TIMEOUT).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return send(request, "the trigger at " + url);
    }

    /**
     * The answer of a successful request.
     *
     * @throws ClientFailure with the controller's message and status otherwise
     */
    static Reply expectOk(Reply reply, String what) {
        if (!reply.ok()) {
            throw new ClientFailure(what + ": " + reply.error() + " (HTTP " + reply.status() + ")", withStatus(reply));
        }
        return reply;
    }

    @Override
    public void close() {
        http.close();
    }

    private Reply controller(String method, String path, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(ANSWER_TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(DeploymentJson.write(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build(), "the controller at " + base);
    }

    private Reply send(HttpRequest request, String who) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new ClientFailure("cannot reach " + who + ": connection refused; is it running? (--controller URL or"
                    + " TEMPOS_CONTROLLER set where to find the controller)", null);
        } catch (HttpConnectTimeoutException e) {
            throw new ClientFailure("cannot reach " + who + ": no connection within " + CONNECT_TIMEOUT.toSeconds() + " s", null);
        } catch (HttpTimeoutException e) {
            throw new ClientFailure(who + " did not answer within " + ANSWER_TIMEOUT.toSeconds() + " s", null);
        } catch (IOException e) {
            throw new ClientFailure("talking to " + who + " failed: " + e, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientFailure("interrupted while waiting for " + who, null);
        }
        JsonNode json;
        try {
            json = response.body().isBlank() ? DeploymentJson.MAPPER.missingNode() : DeploymentJson.MAPPER.readTree(response.body());
        } catch (IOException e) {
            json = DeploymentJson.MAPPER.missingNode();
        }
        return new Reply(response.statusCode(), json, response.body());
    }

    private static JsonNode withStatus(Reply reply) {
        ObjectNode error = DeploymentJson.MAPPER.createObjectNode();
        error.put("status", reply.status());
        if (reply.json().isObject()) {
            error.setAll((ObjectNode) reply.json());
        } else {
            error.put("error", reply.error());
        }
        return error;
    }
}
