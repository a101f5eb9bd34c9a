package io.tempos.invoker;

/**
 * A function failed one event: it returned an error code, threw, or could not be reached (a
 * cold library that no longer loads). Carries only a message (and the function's own exception
 * as the cause): no stack trace of ours is filled in, as failures are counted, not debugged.
 */
final class FunctionFailure extends Exception {

    FunctionFailure(String message) {
        super(message, null, false, false);
    }

    FunctionFailure(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
