package io.tempos.core.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/** Syntax checks of the names that bridges subscribe to on outside event systems. */
final class TopicFilters {

    private TopicFilters() {
    }

    /** Null when {@code filter} is a valid MQTT topic filter, else what is wrong with it. */
    static String mqttFilterProblem(String filter) {
        if (filter.isEmpty() || filter.length() > 65_535 || filter.indexOf('\0') >= 0) {
            return "must be 1..65535 characters without NUL";
        }
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
                return "'#' must be a whole level and the last one, e.g. hotel/#";
            }
            if (level.contains("+") && !level.equals("+")) {
                return "'+' must be a whole level, e.g. hotel/+/door";
            }
        }
        return null;
    }

    /** Null when {@code subject} is a valid NATS subject (wildcards allowed), else what is wrong with it. */
    static String natsSubjectProblem(String subject) {
        if (subject.chars().anyMatch(c -> c <= ' ')) {
            return "must not contain spaces or control characters";
        }
        String[] tokens = subject.split("\\.", -1);
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i];
            if (token.isEmpty()) {
                return "has an empty token; tokens are separated by single dots, e.g. hotel.doors.*";
            }
            if (token.contains(">") && (!token.equals(">") || i != tokens.length - 1)) {
                return "'>' must be a whole token and the last one, e.g. hotel.>";
            }
            if (token.contains("*") && !token.equals("*")) {
                return "'*' must be a whole token, e.g. hotel.*.door";
            }
        }
        return null;
    }

    /** Null when {@code url} is {@code scheme://host:port} with one of {@code schemes}, else what is wrong with it. */
    static String urlProblem(String url, List<String> schemes) {
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || !schemes.contains(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 1) {
                return "'" + url + "' is not scheme://host:port with a scheme of " + schemes;
            }
            return null;
        } catch (URISyntaxException e) {
            return "'" + url + "' is not a URL: " + e.getReason();
        }
    }
}
