package io.tempos.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tempos.core.config.DeploymentJson;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.util.concurrent.Callable;

/**
 * What every command that talks to the controller does around its own work: reads the shared
 * options, opens the client, and turns a failed operation into a message and exit code 1
 * ({@code --json}: the error as JSON on standard output). Usage errors exit with 2, as picocli
 * does.
 */
abstract class ClientCommand implements Callable<Integer> {

    static final int OK = 0;
    static final int FAILED = 1;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ControllerOptions options;

    /** Does the command's work; returns the exit code. */
    abstract int run(ControllerHttp http);

    @Override
    public final Integer call() {
        try (ControllerHttp http = new ControllerHttp(controllerUri(), token())) {
            return run(http);
        } catch (ClientFailure failure) {
            if (options.json) {
                JsonNode answer = failure.answer();
                ObjectNode error = DeploymentJson.MAPPER.createObjectNode();
                error.put("error", failure.getMessage());
                if (answer != null && answer.isObject()) {
                    answer.properties().forEach(e -> {
                        if (!e.getKey().equals("error")) {
                            error.set(e.getKey(), e.getValue());
                        }
                    });
                }
                printJson(error);
            } else {
                err().println("tempos " + spec.name() + ": " + failure.getMessage());
            }
            return FAILED;
        }
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    boolean json() {
        return options.json;
    }

    void printJson(Object value) {
        try {
            out().println(DeploymentJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value));
        } catch (IOException e) {
            throw new IllegalStateException("JSON always serialises", e);
        }
        out().flush();
    }

    /** A usage error (exit code 2) with {@code message}. */
    CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    private URI controllerUri() {
        String text = options.url.endsWith("/") ? options.url.substring(0, options.url.length() - 1) : options.url;
        try {
            URI uri = new URI(text);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw usage("--controller '" + options.url + "' is not an http:// URL such as " + ControllerOptions.DEFAULT_URL);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw usage("--controller '" + options.url + "' is not a URL: " + e.getReason());
        }
    }

    private String token() {
        if (options.token != null) {
            return options.token;
        }
        if (options.tokenFile != null) {
            try {
                String token = Files.readString(options.tokenFile).strip();
                if (token.isEmpty()) {
                    throw usage("--token-file " + options.tokenFile + " is empty");
                }
                return token;
            } catch (IOException e) {
                throw usage("--token-file " + options.tokenFile + " cannot be read: " + e.getMessage());
            }
        }
        String fromEnvironment = System.getenv("TEMPOS_TOKEN");
        return fromEnvironment == null || fromEnvironment.isBlank() ? null : fromEnvironment.strip();
    }
}
