package io.tempos.trigger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.tempos.core.component.JsonAnswer;
import io.tempos.core.config.DeploymentJson;
import io.tempos.core.event.ControlFrame;
import io.tempos.core.qos.QosLevel;
import io.tempos.core.stats.DropReason;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Synchronous invocation over HTTP ({@code POST /workflows/{name}?sync=true[&timeout-ms=N]}): the
 * event goes out with the {@link ControlFrame#REPLY} flag and the endpoint thread waits for the
 * function's {@link ControlFrame#RESULT}, which the broker relays back to the forwarder's socket
 * ({@link PendingReplies}). Answers:
 * <ul>
 *   <li>{@code 200}: the function's result bytes as the body ({@code application/json} when they
 *       parse as JSON, else {@code application/octet-stream}); header {@code Tempos-Event-Id}</li>
 *   <li>{@code 502}: the function failed (or the invoker refused the event); the body names why</li>
 *   <li>{@code 503}: the broker's queue rejected the event (overflow {@code reject})</li>
 *   <li>{@code 504}: the function ran past its own timeout, or no result came within the wait;
 *       a result that comes later is discarded and counted ({@link PendingReplies#lateResults()})</li>
 *   <li>{@code 429}: as many synchronous requests wait as the level has workers (the endpoint's
 *       thread pool); asynchronous requests still get threads as the waits end</li>
 * </ul>
 * The wait defaults to the workflow's {@code timeout-ms} plus {@link #TRANSPORT_MARGIN_MS} and is
 * capped at {@link #MAX_WAIT_MS}. The event itself is counted exactly as an asynchronous one:
 * the result is an observation, not an event.
 */
final class SyncReply {

    /** The longest a request may wait for its result. */
    static final long MAX_WAIT_MS = 60_000;
    /** Added to the workflow's timeout for the default wait: queueing and the hops there and back. */
    static final long TRANSPORT_MARGIN_MS = 1_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final QosLevel level;
    private final Intake intake;
    private final Semaphore waiters;

    SyncReply(QosLevel level, Intake intake) {
        this.level = level;
        this.intake = intake;
        this.waiters = new Semaphore(level.workers());
    }

    /**
     * What the query asks: {@code sync=true|1} waits; {@code timeout-ms} (1..{@link #MAX_WAIT_MS})
     * bounds the wait, -1 = the workflow's default. {@code error} names a bad query.
     */
    record Request(boolean sync, long timeoutMs, String error) {

        static Request of(String rawQuery) {
            boolean sync = false;
            long timeoutMs = -1;
            if (rawQuery == null || rawQuery.isEmpty()) {
                return new Request(false, -1, null);
            }
            for (String pair : rawQuery.split("&")) {
                String[] kv = pair.split("=", 2);
                String key = URLDecoder.decode(kv[0], StandardCharsets.UTF_8);
                String value = kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "";
                switch (key) {
                    case "sync" -> {
                        if (!value.equals("true") && !value.equals("1") && !value.equals("false") && !value.equals("0")) {
                            return new Request(false, -1, "query sync='" + value + "' is not one of true, 1, false, 0");
                        }
                        sync = value.equals("true") || value.equals("1");
                    }
                    case "timeout-ms" -> {
                        try {
                            timeoutMs = Long.parseLong(value);
                        } catch (NumberFormatException e) {
                            timeoutMs = 0;
                        }
                        if (timeoutMs < 1 || timeoutMs > MAX_WAIT_MS) {
                            return new Request(false, -1, "query timeout-ms='" + value + "' is not a whole number of milliseconds in 1.." + MAX_WAIT_MS);
                        }
                    }
                    default -> {
                        // Other query parameters are the sender's business.
                    }
                }
            }
            if (timeoutMs >= 0 && !sync) {
                return new Request(false, -1, "query timeout-ms applies to synchronous requests only; add sync=true");
            }
            return new Request(sync, timeoutMs, null);
        }
    }

    /** Sends {@code event} asking for its result and answers the request with it; runs on an endpoint thread. */
    void handle(HttpExchange exchange, String workflow, HttpEvent event, Object source, long nowNs, long timeoutMs) throws IOException {
        if (!waiters.tryAcquire()) {
            exchange.getResponseHeaders().set("Retry-After", "1");
            JsonAnswer.sendError(exchange, 429, "all " + level.workers() + " synchronous slots of level '" + level.name()
                    + "' are waiting for results (the level's workers); retry later or send asynchronously");
            return;
        }
        try {
            long result = intake.accept(workflow, ByteBuffer.wrap(event.payload()), event.payload().length, source, nowNs, true);
            if (result < 0) {
                DropReason reason = EventForwarder.reasonOf(result);
                if (reason == DropReason.RATE_LIMITED) {
                    exchange.getResponseHeaders().set("Retry-After", "1");
                }
                String why = reason == DropReason.QUEUE_FULL
                        ? "too many synchronous requests wait on level '" + level.name() + "' (" + EventForwarder.MAX_PENDING_REPLIES + ")"
                        : intake.describe(result, workflow, event.payload().length);
                JsonAnswer.sendError(exchange, HttpIngress.status(reason), why);
                return;
            }
            long waitMs = timeoutMs > 0 ? timeoutMs : Math.min(MAX_WAIT_MS, intake.timeoutMsOf(workflow) + TRANSPORT_MARGIN_MS);
            PendingReplies.Reply reply;
            try {
                reply = intake.replies(workflow).await(result, TimeUnit.MILLISECONDS.toNanos(waitMs));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                JsonAnswer.sendError(exchange, 503, "trigger is shutting down; event " + result + " was sent, its result is lost");
                return;
            }
            exchange.getResponseHeaders().set("Tempos-Event-Id", Long.toString(result));
            if (event.ceId() != null) {
                exchange.getResponseHeaders().set("ce-id", event.ceId());
            }
            answer(exchange, workflow, result, waitMs, reply);
        } finally {
            waiters.release();
        }
    }

    private static void answer(HttpExchange exchange, String workflow, long eventId, long waitMs, PendingReplies.Reply reply) throws IOException {
        if (reply == null) {
            fail(exchange, 504, eventId, "no result for event " + eventId + " of workflow '" + workflow + "' within " + waitMs
                    + " ms; the function may still run, and a result that comes later is discarded");
            return;
        }
        String text = new String(reply.body(), StandardCharsets.UTF_8);
        switch (reply.status()) {
            case ControlFrame.STATUS_OK -> {
                byte[] body = reply.body();
                exchange.getResponseHeaders().set("Content-Type", isJson(body) ? "application/json" : "application/octet-stream");
                exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
                exchange.getResponseBody().write(body);
            }
            case ControlFrame.STATUS_FAILED -> fail(exchange, 502, eventId, "function of workflow '" + workflow + "' failed: " + text);
            case ControlFrame.STATUS_TIMEOUT -> fail(exchange, 504, eventId, "function of workflow '" + workflow + "' ran past its timeout: " + text);
            case ControlFrame.STATUS_REFUSED -> fail(exchange, 502, eventId, "invoker refused event " + eventId + ": " + text);
            case PendingReplies.REJECTED -> {
                exchange.getResponseHeaders().set("Retry-After", "1");
                fail(exchange, 503, eventId, "broker queue of workflow '" + workflow + "' is full and rejected event " + eventId + "; retry later");
            }
            default -> fail(exchange, 502, eventId, "unknown result status " + reply.status() + " for event " + eventId);
        }
    }

    private static void fail(HttpExchange exchange, int status, long eventId, String error) throws IOException {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("event-id", Long.toString(eventId));
        JsonAnswer.send(exchange, status, DeploymentJson.write(body));
    }

    private static boolean isJson(byte[] body) {
        if (body.length == 0) {
            return false;
        }
        try (var parser = JSON.createParser(body)) {
            if (parser.nextToken() == null) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }
}
