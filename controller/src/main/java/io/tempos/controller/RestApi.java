package io.tempos.controller;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tempos.core.config.ControllerSpec;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The controller's REST API: routes each request through the operation table, checks the
 * bearer token, and turns every failure into a JSON {@code {"error": …}} answer (4xx for the
 * caller's mistakes, 5xx for ours), never a stack trace. One virtual thread per request;
 * changes serialise in the {@link Model}.
 *
 * <p>Access: every method but GET needs the token. GETs need it too when the API listens
 * beyond loopback, except {@link #OPEN_PATHS}, which a load balancer or a browser may read.
 */
final class RestApi implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RestApi.class.getName());
    /** Served to anyone: liveness and the API's own description. */
    static final Set<String> OPEN_PATHS = Set.of("/health", "/openapi.json");

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Route> routes;
    private final AccessToken token;
    private final boolean loopback;

    private RestApi(HttpServer server, ExecutorService executor, List<Route> routes, AccessToken token, boolean loopback) {
        this.server = server;
        this.executor = executor;
        this.routes = List.copyOf(routes);
        this.token = token;
        this.loopback = loopback;
    }

    /** The operation table: every path and method the API serves, in the order the README lists them. */
    static List<Route> routes(Model model, WorkflowResource workflows, TopicResource topics, LevelResource levels, ReadResources reads,
                              StatusReport status, OpenApiDocument openApi) {
        List<Route> r = new ArrayList<>();
        r.add(new Route("GET", "/health", (x, p) -> x.respond(200, Map.of("status", "up"))));
        r.add(new Route("GET", "/openapi.json", (x, p) -> openApi.serve(x)));
        r.add(new Route("GET", "/deployment", (x, p) -> x.respond(200, model.current())));
        r.add(new Route("GET", "/status", (x, p) -> status.serve(x)));
        r.add(new Route("GET", "/workflows", (x, p) -> workflows.list(x)));
        r.add(new Route("POST", "/workflows", (x, p) -> workflows.create(x)));
        r.add(new Route("GET", "/workflows/{name}", workflows::get));
        r.add(new Route("PUT", "/workflows/{name}", workflows::replace));
        r.add(new Route("PATCH", "/workflows/{name}", workflows::patch));
        r.add(new Route("DELETE", "/workflows/{name}", workflows::delete));
        r.add(new Route("GET", "/topics", (x, p) -> topics.list(x)));
        r.add(new Route("POST", "/topics", (x, p) -> topics.create(x)));
        r.add(new Route("GET", "/topics/{name}", topics::get));
        r.add(new Route("PUT", "/topics/{name}", topics::replace));
        r.add(new Route("DELETE", "/topics/{name}", topics::delete));
        r.add(new Route("GET", "/levels", (x, p) -> levels.list(x)));
        r.add(new Route("GET", "/levels/{name}", levels::get));
        r.add(new Route("PATCH", "/levels/{name}", levels::patch));
        r.add(new Route("GET", "/components", (x, p) -> reads.components(x)));
        r.add(new Route("GET", "/components/{id}", reads::component));
        return r;
    }

    static RestApi start(ControllerSpec where, List<Route> routes, AccessToken token) throws IOException {
        HttpServer server;
        InetAddress address;
        try {
            address = InetAddress.getByName(where.host());
            server = HttpServer.create(new InetSocketAddress(address, where.port()), 64);
        } catch (IOException e) {
            throw new IOException("controller cannot listen on " + where.host() + ":" + where.port()
                    + " (controller.host, controller.port): " + e.getMessage(), e);
        }
        boolean loopback = address.isLoopbackAddress();
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        RestApi api = new RestApi(server, executor, routes, token, loopback);
        server.createContext("/", api::handle);
        server.start();
        LOG.log(System.Logger.Level.INFO, "controller REST API on http://" + where.host() + ":" + where.port()
                + "; API token from " + token.source());
        if (!loopback) {
            LOG.log(System.Logger.Level.WARNING, "the controller's REST API listens on " + where.host() + ":" + where.port()
                    + ", reachable from other hosts over plain HTTP: the bearer token crosses the network unencrypted,"
                    + " so every request but " + OPEN_PATHS + " needs it. Prefer [controller] host = \"127.0.0.1\" behind"
                    + " an SSH tunnel or a TLS proxy."
                    + (token.configured() ? "" : " !!! No token was configured ([controller] token-file or "
                    + AccessToken.ENVIRONMENT_VARIABLE + "): anyone who can read " + token.source() + " can change this deployment."));
        }
        return api;
    }

    /** Every operation served, e.g. {@code GET /workflows/{name}}. */
    List<String> operations() {
        return routes.stream().map(Route::operation).toList();
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
        List<Route> onPath = routes.stream().filter(r -> r.matches(path)).toList();
        if (onPath.isEmpty()) {
            throw new ApiException(404, "no resource at " + path + "; the API serves " + summary()
                    + " (GET /openapi.json describes them)");
        }
        Route route = onPath.stream().filter(r -> r.method().equals(method)).findFirst().orElse(null);
        if (route == null) {
            List<String> allowed = onPath.stream().map(Route::method).toList();
            exchange.header("Allow", String.join(", ", allowed));
            throw new ApiException(405, "method " + method + " not allowed on " + path + "; use " + String.join(" or ", allowed));
        }
        authorize(exchange, method, path);
        route.handler().handle(exchange, route.parameter(path));
    }

    private void authorize(JsonExchange exchange, String method, String path) {
        boolean needsToken = !method.equals("GET") || (!loopback && !OPEN_PATHS.contains(path));
        if (!needsToken) {
            return;
        }
        String authorization = exchange.requestHeader("Authorization");
        if (token.admits(authorization)) {
            return;
        }
        exchange.header("WWW-Authenticate", "Bearer realm=\"tempos\"");
        throw new ApiException(401, (authorization == null ? "missing API token" : "wrong API token")
                + ": " + method + " " + path + " needs 'Authorization: Bearer <token>' (tempos --token or "
                + AccessToken.ENVIRONMENT_VARIABLE + "); the controller takes its token from " + AccessToken.ENVIRONMENT_VARIABLE
                + ", [controller] token-file, or the file 'token' it generated in its state dir");
    }

    /** E.g. {@code GET|POST /workflows, GET|PUT|DELETE /workflows/{name}}. */
    private String summary() {
        Set<String> templates = new LinkedHashSet<>();
        routes.forEach(r -> templates.add(r.template()));
        List<String> parts = new ArrayList<>();
        for (String template : templates) {
            List<String> methods = routes.stream().filter(r -> r.template().equals(template)).map(Route::method).toList();
            parts.add(String.join("|", methods) + " " + template);
        }
        return String.join(", ", parts);
    }
}
