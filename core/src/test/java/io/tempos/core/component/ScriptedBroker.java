package io.tempos.core.component;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A broker's {@code $config} endpoint that answers what the test scripts, on a real loopback
 * HTTP port: how a subscriber meets a broker that breaks the protocol (a document with no
 * version, an older one than asked for, one too large). With nothing scripted it holds a poll
 * for up to a second, then answers 204 as a broker with nothing newer does.
 */
final class ScriptedBroker implements AutoCloseable {

    /** One answer: {@code version} null sends no version header. */
    record Answer(int status, Long version, byte[] body) {
    }

    private final HttpServer server;
    private final BlockingQueue<Answer> script = new LinkedBlockingQueue<>();
    private final List<String> queries = new CopyOnWriteArrayList<>();

    ScriptedBroker(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext(ConfigDocument.PATH, this::answer);
        server.start();
    }

    void enqueue(long version, String json) {
        script.add(new Answer(200, version, json.getBytes(StandardCharsets.UTF_8)));
    }

    void enqueue(Answer answer) {
        script.add(answer);
    }

    /** The query of every request, in order, e.g. {@code after=10&wait-ms=25000}. */
    List<String> queries() {
        return List.copyOf(queries);
    }

    boolean drained() {
        return script.isEmpty();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            queries.add(uri.getQuery());
            Answer answer = script.poll(1, TimeUnit.SECONDS);
            if (answer == null) {
                exchange.sendResponseHeaders(204, -1);
                return;
            }
            if (answer.version() != null) {
                exchange.getResponseHeaders().set(ConfigDocument.VERSION_HEADER, Long.toString(answer.version()));
            }
            exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
            exchange.getResponseBody().write(answer.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
