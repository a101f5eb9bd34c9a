package io.tempos.controller;

/** What one component made of one pushed configuration. */
sealed interface PushOutcome {

    /** For a log line or an error message, e.g. {@code refused: no level 'gold'}. */
    String summary();

    /** The component applied the configuration (it answered 204). */
    record Accepted() implements PushOutcome {
        @Override
        public String summary() {
            return "accepted";
        }
    }

    /**
     * The component answered and refused the configuration (400); it keeps its previous one.
     * Retrying the same configuration cannot help.
     */
    record Refused(String reason) implements PushOutcome {
        @Override
        public String summary() {
            return "refused: " + reason;
        }
    }

    /**
     * The component could not be asked: no connection, no answer in time, or an answer that is
     * not part of the management protocol. A later attempt may succeed.
     */
    record Unavailable(String reason) implements PushOutcome {
        @Override
        public String summary() {
            return "unreachable: " + reason;
        }
    }
}
