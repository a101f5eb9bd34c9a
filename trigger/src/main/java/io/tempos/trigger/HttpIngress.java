package io.tempos.trigger;

import io.tempos.core.component.JsonAnswer;
import io.tempos.core.sys.PipelineStage;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tempos.core.config.DeploymentJson;
import io.tempos.core.qos.QosLevel;
import io.tempos.core.stats.DropReason;
import io.tempos.core.sys.LevelThreadSet;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The HTTP endpoint of one level. {@code POST /workflows/{name}} names the workflow in the path;
 * {@code POST /} names it in the CloudEvent's {@code workflow} extension attribute (binary mode:
 * the {@code ce-workflow} header), else its {@code type}. The body is a plain payload or a
 * CloudEvent 1.0 ({@link HttpEvent}). The answer is {@code 202} with the event id once the event
 * is on its way to the broker (asynchronous invocation), or an error status whose JSON body
 * names the problem. With {@code ?sync=true} the request waits for the function's result
 * ({@link SyncReply}: 200 with the result, 502 failed, 504 no result in time). Requests run on platform threads with the level's scheduling (virtual
 * threads cannot take a real-time policy).
 */
final class HttpIngress implements AutoCloseable {

    private static final String PREFIX = "/workflows/";
    /** Room for a CloudEvent's attributes around its data in structured mode. */
    private static final int ENVELOPE_BYTES = 16_384;

    private final HttpServer server;
    private final ExecutorService executor;
    private final SyncReply sync;

    HttpIngress(QosLevel level, String triggerId, String host, int port, Intake intake, LevelThreadSet threads) throws IOException {
        this.server = HttpServer.create(new InetSocketAddress(host, port), 64);
        this.executor = Executors.newFixedThreadPool(level.workers(), runnable -> Thread.ofPlatform()
                .name(triggerId + "-" + level.name() + "-http").daemon(true).unstarted(() -> {
                    try (LevelThreadSet.Membership joined = threads.enlist(level, PipelineStage.INGRESS,
                            triggerId + " " + level.name() + " HTTP endpoint")) {
                        runnable.run();
                    }
                }));
        server.setExecutor(executor);
        this.sync = new SyncReply(level, intake);
        server.createContext("/", exchange -> {
            try (exchange) {
                handle(exchange, intake, sync);
            }
        });
        server.start();
    }

    private static void handle(HttpExchange exchange, Intake intake, SyncReply sync) throws IOException {
        long now = System.nanoTime();
        SyncReply.Request wait = SyncReply.Request.of(exchange.getRequestURI().getRawQuery());
        String path = exchange.getRequestURI().getPath();
        boolean named = path.startsWith(PREFIX) && path.length() > PREFIX.length();
        if (!named && !path.equals("/")) {
            JsonAnswer.sendError(exchange, 404, "use POST /workflows/{name}, or POST / with a CloudEvent naming its workflow");
            return;
        }
        if (!exchange.getRequestMethod().equals("POST")) {
            JsonAnswer.sendError(exchange, 405, "use POST to send an event");
            return;
        }
        if (wait.error() != null) {
            JsonAnswer.sendError(exchange, 400, wait.error());
            return;
        }
        int maxPayload = intake.maxPayloadBytes();
        // Structured CloudEvents wrap the data (base64 makes it 4/3 larger) in their attributes.
        int maxBody = maxPayload / 3 * 4 + 4 + ENVELOPE_BYTES;
        byte[] body = exchange.getRequestBody().readNBytes(maxBody + 1);
        if (body.length > maxBody) {
            intake.oversized(named ? path.substring(PREFIX.length()) : null);
            JsonAnswer.sendError(exchange, 413, "request body larger than " + maxBody + " bytes (max-payload-bytes " + maxPayload + ")");
            return;
        }
        HttpEvent event = HttpEvent.read(exchange.getRequestHeaders(), body);
        if (event.error() != null) {
            intake.malformed();
            JsonAnswer.sendError(exchange, 400, event.error());
            return;
        }
        String workflow = named ? path.substring(PREFIX.length()) : event.workflow();
        if (workflow == null) {
            intake.malformed();
            JsonAnswer.sendError(exchange, 400, "POST / needs the workflow: a CloudEvent with the 'workflow' extension attribute "
                    + "(header ce-workflow) or a type naming it, or use POST /workflows/{name}");
            return;
        }
        Object source = intake.limitsSources() ? exchange.getRemoteAddress().getAddress() : null;
        if (wait.sync()) {
            sync.handle(exchange, workflow, event, source, now, wait.timeoutMs());
            return;
        }
        long result = intake.accept(workflow, ByteBuffer.wrap(event.payload()), event.payload().length, source, now);
        if (result < 0) {
            DropReason reason = EventForwarder.reasonOf(result);
            if (reason == DropReason.RATE_LIMITED) {
                exchange.getResponseHeaders().set("Retry-After", "1");
            }
            JsonAnswer.sendError(exchange, status(reason), intake.describe(result, workflow, event.payload().length));
            return;
        }
        Map<String, String> accepted = new LinkedHashMap<>();
        accepted.put("event-id", Long.toString(result));
        accepted.put("workflow", workflow);
        accepted.put("level", intake.levelOf(workflow));
        if (event.ceId() != null) {
            accepted.put("ce-id", event.ceId());
            accepted.put("ce-source", event.ceSource());
            exchange.getResponseHeaders().set("ce-id", event.ceId());
        }
        JsonAnswer.send(exchange, 202, DeploymentJson.write(accepted));
    }

    static int status(DropReason reason) {
        return switch (reason) {
            case UNKNOWN_WORKFLOW -> 404;
            case WRONG_LEVEL -> 409;
            case OVERSIZED -> 413;
            case RATE_LIMITED -> 429;
            default -> 503;
        };
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

