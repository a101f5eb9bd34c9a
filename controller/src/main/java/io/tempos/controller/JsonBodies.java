package io.tempos.controller;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tempos.core.config.DeploymentJson;

import java.util.List;

/**
 * Reads a request body that must be one JSON object: strictly (a duplicate key or anything after
 * the object is an error, not a silent pick), with a message that says where the JSON broke or
 * shows an object the endpoint takes.
 */
final class JsonBodies {

    private static final ObjectReader JSON = DeploymentJson.MAPPER.reader()
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonBodies() {
    }

    /**
     * @param example an object the endpoint takes, quoted in the message when the body is not an object
     * @return the object, or null with the problem added to {@code problems}
     */
    static ObjectNode object(String json, String example, List<String> problems) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JacksonException e) {
            problems.add("body is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")"));
            return null;
        }
        if (node == null || !node.isObject()) {
            problems.add("body must be a JSON object such as " + example);
            return null;
        }
        return (ObjectNode) node;
    }
}
