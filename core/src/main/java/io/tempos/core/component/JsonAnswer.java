package io.tempos.core.component;

import com.sun.net.httpserver.HttpExchange;
import io.tempos.core.config.DeploymentJson;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * How a management endpoint answers with JSON: the {@link ManagementServer}'s own routes and the
 * routes a component adds to it (the broker's topics) answer the same way, errors as
 * {@code {"error": …}}.
 */
public final class JsonAnswer {

    private JsonAnswer() {
    }

    /** Answers {@code status} with {@code json} as the body. */
    public static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** Answers {@code status} with {@code {"error": message}}. */
    public static void sendError(HttpExchange exchange, int status, String message) throws IOException {
        send(exchange, status, error(message));
    }

    /** {@code {"error": message}} as JSON. */
    public static String error(String message) {
        return DeploymentJson.write(Map.of("error", message));
    }
}
