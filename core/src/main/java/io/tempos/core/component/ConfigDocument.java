package io.tempos.core.component;

import io.tempos.core.config.Deployment;
import io.tempos.core.config.DeploymentJson;

import java.util.Objects;

/**
 * One deployment as the controller publishes it on the broker's {@code $config} topic and
 * pushes it to a component's {@code PUT /config}: the JSON of a whole {@link Deployment} and
 * its version. Versions only grow: a component never applies, and a broker never retains, a
 * document older than the one it has (see {@code docs/config-topic.md}).
 *
 * @param version > 0; the controller's clock, the larger of its last version + 1 and the time
 *                in microseconds since the epoch
 * @param json    the deployment, at most {@link #MAX_BYTES} bytes of UTF-8
 */
public record ConfigDocument(long version, String json) {

    /** The topic's name, as the paper calls it. */
    public static final String TOPIC = "$config";
    /** Where a broker's management endpoint serves the topic. */
    public static final String PATH = "/topics/" + TOPIC;
    /** The HTTP header carrying a document's version, on a publish, a push and an answer. */
    public static final String VERSION_HEADER = "Tempos-Config-Version";
    /** The largest document a broker retains or a component reads. */
    public static final int MAX_BYTES = 4 << 20;

    public ConfigDocument {
        Objects.requireNonNull(json, "json");
        if (version <= 0) {
            throw new IllegalArgumentException("config version " + version + " must be > 0");
        }
    }

    /**
     * The version in a {@value #VERSION_HEADER} header.
     *
     * @throws IllegalArgumentException saying what is wrong when it is missing, not a number or not > 0
     */
    public static long parseVersion(String header) {
        if (header == null || header.isBlank()) {
            throw new IllegalArgumentException("no " + VERSION_HEADER + " header");
        }
        long version;
        try {
            version = Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(VERSION_HEADER + " '" + abbreviate(header) + "' is not an integer");
        }
        if (version <= 0) {
            throw new IllegalArgumentException(VERSION_HEADER + " " + version + " must be > 0");
        }
        return version;
    }

    /**
     * The deployment the document holds.
     *
     * @throws IllegalArgumentException saying what is wrong when it is not a deployment's JSON
     */
    public Deployment deployment() {
        return DeploymentJson.read(json, Deployment.class);
    }

    /**
     * Why {@code published} cannot be applied by (or retained for) component {@code id} of
     * {@code own}, or null when it can: it must describe the same deployment and leave the
     * component's own settings (host, ports, …) as they are, which only a restart from the file
     * changes.
     */
    public static String foreignReason(Deployment published, Deployment own, String id) {
        if (!published.name().equals(own.name())) {
            return "document of deployment '" + abbreviate(published.name()) + "', this component belongs to '" + own.name() + "'";
        }
        if (id != null && !published.component(id).equals(own.component(id))) {
            return "document changes the settings of component " + id + " itself (" + published.component(id).map(Object::toString)
                    .map(ConfigDocument::abbreviate).orElse("absent") + "), which only a restart from its file can change";
        }
        return null;
    }

    static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
