package io.tempos.controller;

import com.fasterxml.jackson.databind.JsonNode;
import io.tempos.core.config.Deployment;
import io.tempos.core.config.DeploymentJson;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Calls the controller's REST API as a user would: real HTTP on loopback. */
final class ApiClient implements AutoCloseable {

    /** A status with its body parsed as JSON (a missing node for an empty body). */
    record Answer(int status, JsonNode json, HttpResponse<String> raw) {
        String error() {
            return json.path("error").asText();
        }
    }

    /** The token the tests' controllers are given. */
    static final String TOKEN = "test-token-0123456789";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI base;
    private final String token;

    /** A client that sends no token. */
    ApiClient(Deployment deployment) {
        this(deployment, null);
    }

    /** A client that sends {@code token} as a bearer token on every request (null: none). */
    ApiClient(Deployment deployment, String token) {
        String host = deployment.controller().host().equals("0.0.0.0") ? "127.0.0.1" : deployment.controller().host();
        this.base = URI.create("http://" + host + ":" + deployment.controller().port());
        this.token = token;
    }

    Answer get(String path) {
        return send(request(path).GET());
    }

    Answer post(String path, String body) {
        return send(request(path).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Answer put(String path, String body) {
        return send(request(path).PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    Answer delete(String path) {
        return send(request(path).DELETE());
    }

    Answer patch(String path, String body) {
        return send("PATCH", path, body);
    }

    Answer send(String method, String path, String body) {
        return send(request(path).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
    }

    @Override
    public void close() {
        http.close();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json");
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isEmpty()
                    ? DeploymentJson.MAPPER.missingNode() : DeploymentJson.MAPPER.readTree(response.body());
            return new Answer(response.statusCode(), json, response);
        } catch (IOException e) {
            throw new AssertionError("request to the controller failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
