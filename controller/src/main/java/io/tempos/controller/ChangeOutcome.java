package io.tempos.controller;

import io.tempos.core.config.ComponentSpec;
import io.tempos.core.config.Deployment;

import java.util.List;

/** How one requested change of the model ended; the REST API maps each to a status. */
sealed interface ChangeOutcome {

    /** Every component runs {@code deployment}, now the current model. */
    record Applied(Deployment deployment, boolean created) implements ChangeOutcome {
    }

    /** The change cannot run; nothing was pushed. */
    record Invalid(List<String> problems) implements ChangeOutcome {
    }

    /** A workflow of that name exists and the request only creates. */
    record AlreadyExists(String workflow) implements ChangeOutcome {
    }

    /** No workflow of that name. */
    record NotFound(String workflow) implements ChangeOutcome {
    }

    /**
     * {@code component} refused the change or could not be reached; the model is unchanged and
     * the components that had accepted were rolled back, except those in
     * {@code rollbackFailures}.
     */
    record NotApplied(ComponentSpec component, PushOutcome outcome, List<String> rollbackFailures) implements ChangeOutcome {
    }
}
