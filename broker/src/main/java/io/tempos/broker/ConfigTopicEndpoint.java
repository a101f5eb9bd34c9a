package io.tempos.broker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.tempos.core.component.ConfigDocument;
import io.tempos.core.component.ConfigRefusal;
import io.tempos.core.component.JsonAnswer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code $config} topic on the broker's management endpoint ({@value ConfigDocument#PATH}):
 * <ul>
 *   <li>{@code PUT} with a deployment's JSON and its {@value ConfigDocument#VERSION_HEADER}:
 *       publishes it; 204 retained, 400 malformed or of another deployment, 409 stale (the
 *       header gives the retained version), 413 oversized, 500 not saved;</li>
 *   <li>{@code GET ?after=V&wait-ms=W}: 200 with the retained document and its version when it
 *       is newer than V, waiting up to W ms (at most 60 s) for one; else 204 with the retained
 *       version (0: none) in the header.</li>
 * </ul>
 * Errors are {@code {"error": …}}. Runs on the management server's virtual threads.
 */
final class ConfigTopicEndpoint implements HttpHandler {

    private final ConfigTopic topic;

    ConfigTopicEndpoint(ConfigTopic topic) {
        this.topic = topic;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals(ConfigDocument.PATH)) {
                JsonAnswer.sendError(exchange, 404, "no such path; the topic is " + ConfigDocument.PATH);
                return;
            }
            switch (exchange.getRequestMethod()) {
                case "PUT" -> publish(exchange);
                case "GET" -> subscribe(exchange);
                default -> {
                    exchange.getResponseHeaders().set("Allow", "GET, PUT");
                    JsonAnswer.sendError(exchange, 405, "use GET ?after=VERSION&wait-ms=MS to read the topic, PUT to publish on it");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();   // the broker is closing
        }
    }

    private void publish(HttpExchange exchange) throws IOException {
        long version;
        try {
            version = ConfigDocument.parseVersion(exchange.getRequestHeaders().getFirst(ConfigDocument.VERSION_HEADER));
        } catch (IllegalArgumentException e) {
            answer(exchange, topic.refuseUnread(ConfigRefusal.MALFORMED, e.getMessage()));
            return;
        }
        byte[] body = exchange.getRequestBody().readNBytes(ConfigDocument.MAX_BYTES + 1);
        if (body.length > ConfigDocument.MAX_BYTES) {
            answer(exchange, topic.refuseUnread(ConfigRefusal.OVERSIZED, "document larger than " + ConfigDocument.MAX_BYTES + " bytes"));
            return;
        }
        answer(exchange, topic.publish(version, new String(body, StandardCharsets.UTF_8)));
    }

    private void subscribe(HttpExchange exchange) throws IOException, InterruptedException {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        long after;
        long waitMs;
        try {
            after = number(query, "after");
            waitMs = number(query, "wait-ms");
        } catch (IllegalArgumentException e) {
            JsonAnswer.sendError(exchange, 400, e.getMessage());
            return;
        }
        ConfigDocument document = topic.awaitNewer(after, waitMs);
        if (document == null) {
            exchange.getResponseHeaders().set(ConfigDocument.VERSION_HEADER, Long.toString(topic.retainedVersion()));
            exchange.sendResponseHeaders(204, -1);
            return;
        }
        exchange.getResponseHeaders().set(ConfigDocument.VERSION_HEADER, Long.toString(document.version()));
        JsonAnswer.send(exchange, 200, document.json());
    }

    private static void answer(HttpExchange exchange, ConfigTopic.Published published) throws IOException {
        switch (published) {
            case ConfigTopic.Published.Retained r -> exchange.sendResponseHeaders(204, -1);
            case ConfigTopic.Published.Refused(ConfigRefusal reason, String message, long retainedVersion) -> {
                exchange.getResponseHeaders().set(ConfigDocument.VERSION_HEADER, Long.toString(retainedVersion));
                JsonAnswer.sendError(exchange, switch (reason) {
                    case STALE -> 409;
                    case OVERSIZED -> 413;
                    case UNSAVED -> 500;
                    default -> 400;
                }, reason.label() + ": " + message);
            }
        }
    }

    private static long number(Map<String, String> query, String key) {
        String text = query.get(key);
        if (text == null) {
            return 0;
        }
        try {
            long value = Long.parseLong(text);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(key + " must be an integer >= 0, got '" + text + "'");
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw == null) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return values;
    }
}
