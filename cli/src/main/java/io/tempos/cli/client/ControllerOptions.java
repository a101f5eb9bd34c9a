package io.tempos.cli.client;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The options every command that talks to the controller shares. */
final class ControllerOptions {

    static final String DEFAULT_URL = "http://127.0.0.1:7400";

    @Option(names = "--controller", paramLabel = "URL", defaultValue = "${env:TEMPOS_CONTROLLER:-" + DEFAULT_URL + "}",
            description = "The controller's REST API (default: $TEMPOS_CONTROLLER or " + DEFAULT_URL + ").")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "The API token for changes (default: $TEMPOS_TOKEN; the controller generated one into its state dir, file 'token').")
    String token;

    @Option(names = "--token-file", paramLabel = "FILE", description = "Read the API token from FILE, e.g. .tempos/token beside the config file.")
    Path tokenFile;

    @Option(names = "--json", description = "Print JSON for scripts (errors too, as {\"error\": …}).")
    boolean json;
}
