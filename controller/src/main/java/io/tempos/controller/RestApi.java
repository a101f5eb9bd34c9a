package io.tempos.controller;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tempos.core.config.ControllerSpec;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The controller's REST API: routes each request to its resource and turns every failure into
 * a JSON {@code {"error": …}} answer (4xx for the caller's mistakes, 5xx for ours), never a
 * stack trace. One virtual thread per request; changes serialise in the {@link Model}.
 */
final class RestApi implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RestApi.class.getName());
    private static final String RESOURCES = "GET /health, GET /deployment, GET|POST /workflows, GET|PUT|DELETE /workflows/{name}";

    private final HttpServer server;
    private final ExecutorService executor;
    private final Model model;
    private final WorkflowResource workflows;

    private RestApi(HttpServer server, ExecutorService executor, Model model) {
        this.server = server;
        this.executor = executor;
        this.model = model;
        this.workflows = new WorkflowResource(model);
    }

    static RestApi start(ControllerSpec where, Model model) throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(where.host(), where.port()), 64);
        } catch (IOException e) {
            throw new IOException("controller cannot listen on " + where.host() + ":" + where.port()
                    + " (controller.host, controller.port): " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        RestApi api = new RestApi(server, executor, model);
        server.createContext("/", api::handle);
        server.start();
        LOG.log(System.Logger.Level.INFO, "controller REST API on http://" + where.host() + ":" + where.port());
        return api;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange raw) {
        try (raw) {
            JsonExchange exchange = new JsonExchange(raw);
            try {
                route(exchange);
            } catch (ApiException e) {
                exchange.respond(e.status(), e.body());
            } catch (InterruptedException e) {
                exchange.respond(503, Map.of("error", "the controller is shutting down"));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, raw.getRequestMethod() + " " + raw.getRequestURI() + " failed", e);
                exchange.respond(500, Map.of("error", "internal error of the controller: " + e
                        + "; the model is unchanged unless GET /deployment shows otherwise"));
            }
        } catch (IOException e) {
            // The caller went away mid-answer; nothing left to tell it.
            LOG.log(System.Logger.Level.DEBUG, "answering " + raw.getRequestURI() + " failed: " + e);
        }
    }

    private void route(JsonExchange exchange) throws IOException, InterruptedException {
        String path = exchange.path();
        String method = exchange.method();
        if (path.startsWith("/workflows/") && path.indexOf('/', "/workflows/".length()) < 0) {
            String name = path.substring("/workflows/".length());
            allow(exchange, method, "GET", "PUT", "DELETE");
            switch (method) {
                case "GET" -> workflows.get(exchange, name);
                case "PUT" -> workflows.replace(exchange, name);
                default -> workflows.delete(exchange, name);
            }
            return;
        }
        switch (path) {
            case "/health" -> {
                allow(exchange, method, "GET");
                exchange.respond(200, Map.of("status", "up"));
            }
            case "/deployment" -> {
                allow(exchange, method, "GET");
                exchange.respond(200, model.current());
            }
            case "/workflows" -> {
                allow(exchange, method, "GET", "POST");
                if (method.equals("GET")) {
                    workflows.list(exchange);
                } else {
                    workflows.create(exchange);
                }
            }
            default -> throw new ApiException(404, "no resource at " + path + "; the API serves " + RESOURCES);
        }
    }

    /** @throws ApiException 405 naming the allowed methods when {@code method} is not one */
    private static void allow(JsonExchange exchange, String method, String... allowed) {
        if (!List.of(allowed).contains(method)) {
            exchange.header("Allow", String.join(", ", allowed));
            throw new ApiException(405, "method " + method + " not allowed on " + exchange.path()
                    + "; use " + String.join(" or ", allowed));
        }
    }
}
