package io.tempos.controller;

import io.tempos.core.config.ComponentSpec;
import io.tempos.core.config.Deployment;

import java.util.List;

/** How one requested change of the model ended; the REST API maps each to a status. */
sealed interface ChangeOutcome {

    /** Every component runs {@code deployment}, now the current (and saved) model. */
    record Applied(Deployment deployment, boolean created) implements ChangeOutcome {
    }

    /** The change cannot run; nothing was pushed. */
    record Invalid(List<String> problems) implements ChangeOutcome {
    }

    /** A {@code kind} ("workflow", "topic") of that name exists and the request only creates. */
    record AlreadyExists(String kind, String name) implements ChangeOutcome {
    }

    /** No {@code kind} of that name. */
    record NotFound(String kind, String name) implements ChangeOutcome {
    }

    /** The topic cannot go: these workflows use it. */
    record InUse(String topic, List<String> workflows) implements ChangeOutcome {
    }

    /**
     * {@code component} refused the change or could not be reached; the model is unchanged and
     * the components that had accepted were rolled back, except those in
     * {@code rollbackFailures}.
     */
    record NotApplied(ComponentSpec component, PushOutcome outcome, List<String> rollbackFailures) implements ChangeOutcome {
    }

    /**
     * Every component took the change but the state file could not be written, so the change was
     * rolled back (except on {@code rollbackFailures}): a change the controller would forget at
     * its next start is not made.
     */
    record NotSaved(String reason, List<String> rollbackFailures) implements ChangeOutcome {
    }
}
