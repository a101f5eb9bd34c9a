package io.tempos.broker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.tempos.core.component.ConfigDocument;
import io.tempos.core.component.JsonAnswer;
import io.tempos.core.config.DeploymentJson;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The broker's topics on its management endpoint, with what each can give right now
 * ({@link TopicQos}):
 * <ul>
 *   <li>{@code GET /topics}: every topic of a level the broker serves;</li>
 *   <li>{@code GET /topics/{name}}: one; 404 {@code {"error": …, "topics": […]}} when the broker
 *       serves no topic of that name.</li>
 * </ul>
 * The {@code $config} topic ({@value ConfigDocument#PATH}) is no user topic: its own, longer
 * context takes its requests. Runs on the management server's virtual threads.
 */
final class TopicsEndpoint implements HttpHandler {

    static final String PATH = "/topics";

    private final Broker broker;

    TopicsEndpoint(Broker broker) {
        this.broker = broker;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!exchange.getRequestMethod().equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET");
                JsonAnswer.sendError(exchange, 405, "use GET " + PATH + " or GET " + PATH + "/{name}; topics change through the controller");
                return;
            }
            if (path.equals(PATH) || path.equals(PATH + "/")) {
                JsonAnswer.send(exchange, 200, DeploymentJson.write(broker.topicQos()));
                return;
            }
            String name = path.substring(PATH.length() + 1);
            if (name.contains("/") || name.equals(ConfigDocument.TOPIC)) {
                JsonAnswer.send(exchange, 404, notFound("no topic at " + path + "; GET " + PATH + "/{name} takes a topic of broker " + broker.id()
                        + (name.startsWith(ConfigDocument.TOPIC) ? " (" + ConfigDocument.PATH + " is the configuration topic, not a user topic)" : "")));
                return;
            }
            try {
                JsonAnswer.send(exchange, 200, DeploymentJson.write(broker.topicQos(name)));
            } catch (IllegalArgumentException e) {
                JsonAnswer.send(exchange, 404, notFound(e.getMessage()));
            }
        }
    }

    private String notFound(String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("topics", broker.servedTopics());
        return DeploymentJson.write(body);
    }
}
