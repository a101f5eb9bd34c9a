package io.tempos.core.config;

/** Where the controller's REST API listens. */
public record ControllerSpec(String host, int port) {
}
