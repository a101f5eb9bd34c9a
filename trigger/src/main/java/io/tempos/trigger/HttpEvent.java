package io.tempos.trigger;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * An HTTP request body read as an event: a CloudEvent 1.0 in binary content mode ({@code ce-*}
 * headers, the body is the data), in structured content mode ({@code Content-Type:
 * application/cloudevents+json}), or a plain payload (any other request). A malformed CloudEvent
 * reads as an event with an {@link #error()} that names the problem and no payload.
 *
 * @param workflow the workflow the event names in its {@code workflow} extension attribute, else its
 *                 {@code type}; null for a plain payload
 * @param payload  the bytes the function receives
 * @param ceId     the CloudEvent's {@code id}, or null for a plain payload
 * @param ceSource the CloudEvent's {@code source}, or null for a plain payload
 * @param error    why the request is not a valid CloudEvent, or null
 */
record HttpEvent(String workflow, byte[] payload, String ceId, String ceSource, String error) {

    static final String STRUCTURED = "application/cloudevents+json";
    static final String BATCH = "application/cloudevents-batch+json";
    static final String SPEC_VERSION = "1.0";
    private static final List<String> REQUIRED = List.of("specversion", "id", "source", "type");
    private static final ObjectMapper JSON = new ObjectMapper();

    static HttpEvent malformed(String error) {
        return new HttpEvent(null, null, null, null, error);
    }

    /** Reads {@code body} as the content mode the headers announce. */
    static HttpEvent read(Headers headers, byte[] body) {
        String contentType = headers.getFirst("Content-Type");
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (mediaType.equals(STRUCTURED)) {
            return structured(body);
        }
        if (mediaType.equals(BATCH)) {
            return malformed("batched CloudEvents (" + BATCH + ") are not supported; send one event per request");
        }
        boolean binary = REQUIRED.stream().anyMatch(a -> headers.containsKey("ce-" + a));
        if (binary) {
            return binary(headers, body);
        }
        return new HttpEvent(headers.getFirst("ce-workflow"), body, null, null, null);
    }

    private static HttpEvent binary(Headers headers, byte[] body) {
        for (String attribute : REQUIRED) {
            String value = headers.getFirst("ce-" + attribute);
            if (value == null || value.isBlank()) {
                return malformed("CloudEvent in binary mode lacks the required header ce-" + attribute
                        + " (required: ce-specversion, ce-id, ce-source, ce-type)");
            }
        }
        String version = headers.getFirst("ce-specversion");
        if (!version.equals(SPEC_VERSION)) {
            return malformed("CloudEvent ce-specversion '" + version + "' is not supported; use " + SPEC_VERSION);
        }
        String workflow = headers.getFirst("ce-workflow");
        return new HttpEvent(workflow != null ? workflow : headers.getFirst("ce-type"), body,
                headers.getFirst("ce-id"), headers.getFirst("ce-source"), null);
    }

    private static HttpEvent structured(byte[] body) {
        JsonNode event;
        try {
            event = JSON.readTree(body);
        } catch (JacksonException e) {
            return malformed("structured CloudEvent is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return malformed("structured CloudEvent cannot be read: " + e.getMessage());
        }
        if (event == null || !event.isObject()) {
            return malformed("structured CloudEvent must be a JSON object, got " + (event == null ? "nothing" : event.getNodeType()));
        }
        for (String attribute : REQUIRED) {
            JsonNode value = event.get(attribute);
            if (value == null || !value.isTextual() || value.asText().isBlank()) {
                return malformed("CloudEvent lacks the required attribute '" + attribute
                        + "' (a non-empty string; required: specversion, id, source, type)");
            }
        }
        String version = event.get("specversion").asText();
        if (!version.equals(SPEC_VERSION)) {
            return malformed("CloudEvent specversion '" + version + "' is not supported; use " + SPEC_VERSION);
        }
        JsonNode workflow = event.get("workflow");
        if (workflow != null && !workflow.isTextual()) {
            return malformed("CloudEvent attribute 'workflow' must be a string, got " + workflow.getNodeType());
        }
        JsonNode data = event.get("data");
        JsonNode base64 = event.get("data_base64");
        byte[] payload;
        if (data != null && base64 != null) {
            return malformed("CloudEvent has both 'data' and 'data_base64'; send one of them");
        } else if (base64 != null) {
            if (!base64.isTextual()) {
                return malformed("CloudEvent 'data_base64' must be a string, got " + base64.getNodeType());
            }
            try {
                payload = Base64.getDecoder().decode(base64.asText());
            } catch (IllegalArgumentException e) {
                return malformed("CloudEvent 'data_base64' is not valid base64: " + e.getMessage());
            }
        } else if (data == null || data.isNull()) {
            payload = new byte[0];
        } else if (data.isTextual() && !isJson(event.get("datacontenttype"))) {
            payload = data.asText().getBytes(StandardCharsets.UTF_8);
        } else {
            payload = data.toString().getBytes(StandardCharsets.UTF_8);
        }
        return new HttpEvent(workflow != null ? workflow.asText() : event.get("type").asText(), payload,
                event.get("id").asText(), event.get("source").asText(), null);
    }

    /**
     * Whether the event's data is JSON: then {@code data} holds a JSON value whose text is the
     * payload, even a string (quotes included). Otherwise a string {@code data} is the payload's text.
     * A missing {@code datacontenttype} means JSON (CloudEvents JSON format, section 3.1).
     */
    private static boolean isJson(JsonNode contentType) {
        if (contentType == null || !contentType.isTextual()) {
            return true;
        }
        String type = contentType.asText().split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || type.equals("text/json") || type.endsWith("+json");
    }
}
