package io.tempos.trigger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tempos.core.config.DeploymentJson;
import io.tempos.core.qos.QosLevel;
import io.tempos.core.stats.ComponentStats;
import io.tempos.core.stats.DropReason;
import io.tempos.core.stats.WorkflowStats;
import io.tempos.core.sys.ThreadScheduling;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The HTTP endpoint of one level: {@code POST /workflows/{name}} with the payload as body
 * answers 202 with the event id once the event is on its way to the broker. Requests run on
 * platform threads with the level's scheduling (virtual threads cannot take a real-time policy).
 */
final class HttpIngress implements AutoCloseable {

    private static final String PREFIX = "/workflows/";
    private final HttpServer server;
    private final ExecutorService executor;

    HttpIngress(QosLevel level, String triggerId, String host, int port, EventForwarder forwarder,
                Supplier<WorkflowDirectory> directory, ComponentStats stats, int maxPayloadBytes) throws IOException {
        this.server = HttpServer.create(new InetSocketAddress(host, port), 64);
        this.executor = Executors.newFixedThreadPool(level.workers(), runnable -> Thread.ofPlatform()
                .name(triggerId + "-" + level.name() + "-http").daemon(true).unstarted(() -> {
                    ThreadScheduling.apply(level, triggerId + " " + level.name() + " HTTP endpoint");
                    runnable.run();
                }));
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                handle(exchange, level.name(), forwarder, directory.get(), stats, maxPayloadBytes);
            }
        });
        server.start();
    }

    private static void handle(HttpExchange exchange, String level, EventForwarder forwarder, WorkflowDirectory directory,
                               ComponentStats stats, int maxPayloadBytes) throws IOException {
        long now = System.nanoTime();
        String path = exchange.getRequestURI().getPath();
        if (!path.startsWith(PREFIX) || path.length() == PREFIX.length()) {
            reply(exchange, 404, "use POST /workflows/{name} with the event's payload as body");
            return;
        }
        if (!exchange.getRequestMethod().equals("POST")) {
            reply(exchange, 405, "use POST to send an event");
            return;
        }
        String name = path.substring(PREFIX.length());
        WorkflowDirectory.Entry workflow = directory.get(name);
        if (workflow == null) {
            stats.unattributed().dropped(DropReason.UNKNOWN_WORKFLOW);
            reply(exchange, 404, "no workflow '" + name + "'; workflows: " + directory.names());
            return;
        }
        WorkflowStats counts = stats.of(name);
        counts.received();
        if (!workflow.level().equals(level)) {
            counts.dropped(DropReason.WRONG_LEVEL);
            reply(exchange, 409, "workflow '" + name + "' has level '" + workflow.level() + "'; this endpoint serves level '" + level + "'");
            return;
        }
        byte[] body = exchange.getRequestBody().readNBytes(maxPayloadBytes + 1);
        if (body.length > maxPayloadBytes) {
            counts.dropped(DropReason.OVERSIZED);
            reply(exchange, 413, "payload larger than max-payload-bytes " + maxPayloadBytes);
            return;
        }
        long result = forwarder.forward(workflow, ByteBuffer.wrap(body), body.length, now);
        if (result < 0) {
            DropReason reason = EventForwarder.reasonOf(result);
            counts.dropped(reason);
            reply(exchange, 503, "event not forwarded: " + reason.label());
            return;
        }
        counts.forwarded();
        send(exchange, 202, DeploymentJson.write(Map.of("event-id", Long.toString(result), "workflow", name, "level", level)));
    }

    private static void reply(HttpExchange exchange, int status, String error) throws IOException {
        send(exchange, status, DeploymentJson.write(Map.of("error", error)));
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
