package io.tempos.controller;

import io.tempos.core.config.ComponentSpec;

import java.time.Instant;
import java.util.Locale;

/**
 * What the controller last learnt of one component from its {@code GET /health}.
 *
 * @param state      {@code UNKNOWN} until the first answer or failure
 * @param lastSeen   when it last answered, or null if never
 * @param lastError  why the last probe failed, or null when it answered
 * @param configured whether it said it holds a configuration, or null before it answered
 * @param lastPush   what became of the last re-push of the deployment to it, or null if none was needed
 */
record ComponentHealth(ComponentSpec component, State state, Instant lastSeen, String lastError, Boolean configured,
                       String lastPush) {

    enum State {
        UNKNOWN, UP, DOWN;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static ComponentHealth unknown(ComponentSpec component) {
        return new ComponentHealth(component, State.UNKNOWN, null, null, null, null);
    }

    boolean healthy() {
        return state == State.UP;
    }

    ComponentHealth up(Instant seen, boolean configured, String lastPush) {
        return new ComponentHealth(component, State.UP, seen, null, configured, lastPush);
    }

    ComponentHealth down(String error) {
        return new ComponentHealth(component, State.DOWN, lastSeen, error, configured, lastPush);
    }
}
