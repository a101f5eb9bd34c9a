package io.tempos.cli.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An operation that did not succeed: the controller (or a trigger) refused it, or could not be
 * reached. The command prints it and exits with 1.
 *
 * @see ClientCommand
 */
final class ClientFailure extends RuntimeException {

    private final transient JsonNode answer;

    ClientFailure(String message, JsonNode answer) {
        super(message, null, false, false);
        this.answer = answer;
    }

    /** The error answer as the controller gave it, or null when none came. */
    JsonNode answer() {
        return answer;
    }
}
