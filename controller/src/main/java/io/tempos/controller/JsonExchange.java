package io.tempos.controller;

import com.sun.net.httpserver.HttpExchange;
import io.tempos.core.config.DeploymentJson;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** One HTTP exchange of the REST API, with a bounded request body and JSON answers. */
final class JsonExchange {

    /** A workflow is a few hundred bytes; this bounds what one request can make us hold. */
    static final int MAX_BODY_BYTES = 1 << 20;
    /**
     * How much of an oversized body is read and discarded before answering 413, so that the
     * client, still sending, reads the answer rather than a reset connection.
     */
    private static final long MAX_DRAIN_BYTES = 16L << 20;

    private final HttpExchange exchange;

    JsonExchange(HttpExchange exchange) {
        this.exchange = exchange;
    }

    String method() {
        return exchange.getRequestMethod();
    }

    /** The decoded path without a trailing slash, e.g. {@code /workflows/door-2}. */
    String path() {
        String path = exchange.getRequestURI().getPath();
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /**
     * The request body as UTF-8.
     *
     * @throws ApiException 413 when it is larger than {@link #MAX_BODY_BYTES}
     */
    String body() throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        InputStream in = exchange.getRequestBody();
        if (declared != null && declared.matches("\\d{1,18}") && Long.parseLong(declared) > MAX_BODY_BYTES) {
            throw tooLarge(Long.parseLong(declared) + " bytes", in);
        }
        byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            throw tooLarge("more than " + MAX_BODY_BYTES + " bytes", in);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    void respond(int status, Object json) throws IOException {
        respondBytes(status, "application/json", DeploymentJson.write(json).getBytes(StandardCharsets.UTF_8));
    }

    void respondBytes(int status, String contentType, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    void respondEmpty(int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
    }

    /** A request header, or null when absent. */
    String requestHeader(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    void header(String name, String value) {
        exchange.getResponseHeaders().set(name, value);
    }

    private static ApiException tooLarge(String size, InputStream in) throws IOException {
        long drained = 0;
        byte[] sink = new byte[64 << 10];
        for (int n; drained < MAX_DRAIN_BYTES && (n = in.read(sink)) >= 0; ) {
            drained += n;
        }
        return new ApiException(413, "request body of " + size + " is larger than the limit of "
                + MAX_BODY_BYTES + " bytes (1 MiB); a workflow takes a few hundred bytes");
    }
}
