package io.tempos.controller;

import java.util.List;

/**
 * Some component did not take the deployment at start-up: it refused it, or it did not answer
 * before the deadline. The controller keeps serving; the message names every such component.
 */
public final class PushException extends Exception {

    private final List<String> problems;

    PushException(String summary, List<String> problems) {
        super(summary + ": " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** One line per component, each naming it, its address and what went wrong. */
    public List<String> problems() {
        return problems;
    }
}
