package io.tempos.core.component;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.tempos.core.config.Deployment;
import io.tempos.core.config.DeploymentJson;
import io.tempos.core.eventlog.EventLog;
import io.tempos.core.eventlog.EventLogs;
import io.tempos.core.stats.Gauge;
import io.tempos.core.stats.PrometheusText;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The small HTTP/JSON management endpoint every component serves, on its own threads, apart
 * from the event path:
 * <ul>
 *   <li>{@code GET /health}: the component's id and whether it has a configuration;</li>
 *   <li>{@code GET /stats}: its {@link io.tempos.core.stats.ComponentSnapshot};</li>
 *   <li>{@code GET /metrics}: the same in the Prometheus text format;</li>
 *   <li>{@code PUT /config}: a whole {@link Deployment} as JSON, applied synchronously
 *       through the component's {@link ConfigGate} (with its version when the request carries
 *       a {@value ConfigDocument#VERSION_HEADER} header): 204 when applied, 400 with
 *       {@code {"error": …}} when refused;</li>
 *   <li>whatever else the component serves there (a broker: its {@code $config} topic).</li>
 * </ul>
 */
public final class ManagementServer implements AutoCloseable {

    private static final int MAX_CONFIG_BYTES = ConfigDocument.MAX_BYTES;
    private final HttpServer server;
    private final ExecutorService executor;

    private ManagementServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Serves {@code component}, whose configurations come through a gate of its own. */
    public static ManagementServer start(String host, int port, Component component) throws IOException {
        return start(host, port, component, new ConfigGate(component), Map.of());
    }

    /** Serves {@code component}, whose configurations come through {@code gate} (shared with its {@link ConfigSubscription}). */
    public static ManagementServer start(String host, int port, Component component, ConfigGate gate) throws IOException {
        return start(host, port, component, gate, Map.of());
    }

    /**
     * Serves {@code component} and, beside the standard paths, {@code routes} (path to handler,
     * called on the server's virtual threads, each of which may block).
     */
    public static ManagementServer start(String host, int port, Component component, ConfigGate gate,
                                         Map<String, HttpHandler> routes) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/health", exchange -> respond(exchange, "GET", () ->
                DeploymentJson.write(Map.of("id", component.id(), "status", "up",
                        "configured", component.configuration() != null, "config-version", gate.version()))));
        server.createContext("/stats", exchange -> respond(exchange, "GET", () -> DeploymentJson.write(component.stats())));
        server.createContext("/metrics", exchange -> {
            try (exchange) {
                if (!exchange.getRequestMethod().equals("GET")) {
                    JsonAnswer.sendError(exchange, 405, "use GET");
                    return;
                }
                ByteArrayOutputStream text = new ByteArrayOutputStream();
                PrometheusText.write(component.stats(), component.queueDepths(), metrics(component), text);
                exchange.getResponseHeaders().set("Content-Type", PrometheusText.CONTENT_TYPE);
                exchange.sendResponseHeaders(200, text.size());
                text.writeTo(exchange.getResponseBody());
            }
        });
        server.createContext("/config", exchange -> {
            try (exchange) {
                if (!exchange.getRequestMethod().equals("PUT")) {
                    JsonAnswer.sendError(exchange, 405, "use PUT with a deployment as JSON");
                    return;
                }
                String body = readBody(exchange.getRequestBody());
                if (body == null) {
                    JsonAnswer.sendError(exchange, 413, "configuration larger than " + MAX_CONFIG_BYTES + " bytes");
                    return;
                }
                String versionHeader = exchange.getRequestHeaders().getFirst(ConfigDocument.VERSION_HEADER);
                try {
                    long version = versionHeader == null ? 0 : ConfigDocument.parseVersion(versionHeader);
                    gate.push(DeploymentJson.read(body, Deployment.class), version);
                    exchange.sendResponseHeaders(204, -1);
                } catch (IllegalArgumentException e) {
                    JsonAnswer.sendError(exchange, 400, component.id() + " refused the configuration: " + e.getMessage());
                } catch (IllegalStateException e) {
                    JsonAnswer.sendError(exchange, 409, component.id() + " cannot take a configuration now: " + e.getMessage());
                }
            }
        });
        routes.forEach(server::createContext);
        server.start();
        return new ManagementServer(server, executor);
    }

    /** The component's gauges, and its event log's counts when it keeps one. */
    private static List<Gauge> metrics(Component component) {
        List<Gauge> gauges = new ArrayList<>(component.gauges());
        EventLog log = EventLogs.of(component.id());
        if (log != EventLog.OFF) {
            gauges.add(new Gauge("tempos_event_log_records", "Events appended to the component's event log.", Map.of(), log.recorded()));
            gauges.add(new Gauge("tempos_event_log_lost", "Event-log records dropped on a full ring (the events themselves went on).",
                    Map.of(), log.lost()));
        }
        return gauges;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private interface Body {
        String get();
    }

    private static void respond(HttpExchange exchange, String method, Body body) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals(method)) {
                JsonAnswer.sendError(exchange, 405, "use " + method);
                return;
            }
            JsonAnswer.send(exchange, 200, body.get());
        }
    }

    /** The body as UTF-8, or null when it is larger than the limit. */
    private static String readBody(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_CONFIG_BYTES + 1);
        return bytes.length > MAX_CONFIG_BYTES ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
