package io.tempos.controller;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Turns a change that did not apply into the error its caller gets; shared by the workflow and topic endpoints. */
final class ChangeAnswers {

    private ChangeAnswers() {
    }

    /**
     * The applied change, or the error that tells the caller why there is none.
     *
     * @param kind     "workflow" or "topic"
     * @param restate  rewrites the validator's problems in the request body's terms
     */
    static ChangeOutcome.Applied applied(ChangeOutcome outcome, String kind, String name,
                                         UnaryOperator<List<String>> restate) {
        return switch (outcome) {
            case ChangeOutcome.Applied applied -> applied;
            case ChangeOutcome.Invalid invalid -> throw invalid(kind, name, restate.apply(invalid.problems()));
            case ChangeOutcome.AlreadyExists exists -> throw new ApiException(409, exists.kind() + " '" + exists.name()
                    + "' already exists; use PUT /" + exists.kind() + "s/" + exists.name() + " to replace it");
            case ChangeOutcome.NotFound missing -> throw notFound(missing.kind(), missing.name());
            case ChangeOutcome.InUse used -> throw new ApiException(409, "topic '" + used.topic() + "' is used by workflow(s) "
                    + used.workflows() + "; delete them or move them to another topic first", Map.of("workflows", used.workflows()));
            case ChangeOutcome.NotApplied failed -> throw notApplied(failed, kind, name);
            case ChangeOutcome.NotSaved unsaved -> throw notSaved(unsaved, kind, name);
        };
    }

    /** 400 listing every problem, each starting with its key. */
    static ApiException invalid(String kind, String name, List<String> problems) {
        String subject = name == null ? kind : kind + " '" + name + "'";
        return new ApiException(400, subject + " refused, " + problems.size()
                + (problems.size() == 1 ? " problem: " : " problems: ") + String.join("; ", problems),
                Map.of("problems", problems));
    }

    static ApiException notFound(String kind, String name) {
        return new ApiException(404, "no " + kind + " named '" + name + "'; GET /" + kind + "s lists them");
    }

    /** 409 when a component refused (the change is wrong for it), 502 when it could not be asked. */
    private static ApiException notApplied(ChangeOutcome.NotApplied failed, String kind, String name) {
        boolean refused = failed.outcome() instanceof PushOutcome.Refused;
        String reason = switch (failed.outcome()) {
            case PushOutcome.Refused r -> r.reason();
            case PushOutcome.Unavailable u -> u.reason();
            case PushOutcome.Accepted a -> throw new IllegalStateException("an accepted push is not a failure");
        };
        String message = "change of " + kind + " '" + name + "' not applied: "
                + ComponentClient.describe(failed.component()) + (refused ? " refused it: " : " is unreachable: ") + reason
                + (failed.rollbackFailures().isEmpty()
                ? "; the deployment is unchanged on every component"
                : "; rollback incomplete: " + String.join("; ", failed.rollbackFailures()));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("component", failed.component().id());
        details.put("reason", reason);
        if (!failed.rollbackFailures().isEmpty()) {
            details.put("rollback-failures", failed.rollbackFailures());
        }
        return new ApiException(refused ? 409 : 502, message, details);
    }

    /** 500: the controller's own disk failed it, not the caller. */
    private static ApiException notSaved(ChangeOutcome.NotSaved unsaved, String kind, String name) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reason", unsaved.reason());
        if (!unsaved.rollbackFailures().isEmpty()) {
            details.put("rollback-failures", unsaved.rollbackFailures());
        }
        return new ApiException(500, "change of " + kind + " '" + name + "' not kept: " + unsaved.reason()
                + (unsaved.rollbackFailures().isEmpty() ? "; every component was taken back to the previous deployment"
                : "; rollback incomplete: " + String.join("; ", unsaved.rollbackFailures())), details);
    }
}
