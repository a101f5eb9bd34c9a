package io.tempos.controller;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /openapi.json}: the hand-written OpenAPI 3 description of the REST API, a resource
 * of this module ({@value #RESOURCE}). A test keeps it equal to the operation table of
 * {@link RestApi}: every operation served is described, and nothing else.
 */
final class OpenApiDocument {

    static final String RESOURCE = "openapi.json";

    private final byte[] document;

    OpenApiDocument() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " missing from the controller's jar");
            }
            document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void serve(JsonExchange exchange) throws IOException {
        exchange.respondBytes(200, "application/json", document);
    }
}
