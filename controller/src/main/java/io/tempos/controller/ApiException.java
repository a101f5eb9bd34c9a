package io.tempos.controller;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request the API answers with an error status: thrown by a handler, rendered by
 * {@link RestApi} as {@code {"error": message, …details}}. For the caller's mistakes and for
 * changes the components did not take; never for bugs.
 */
final class ApiException extends RuntimeException {

    private final int status;
    private final Map<String, Object> details;

    ApiException(int status, String message) {
        this(status, message, Map.of());
    }

    ApiException(int status, String message, Map<String, Object> details) {
        super(message, null, false, false);
        this.status = status;
        this.details = details;
    }

    int status() {
        return status;
    }

    /** The JSON body: {@code error} first, then the details. */
    Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", getMessage());
        body.putAll(details);
        return body;
    }
}
