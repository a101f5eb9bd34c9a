package io.tempos.invoker;

/**
 * A function failed one event: it returned an error code, threw, trapped, crashed its process,
 * broke its ABI, or ran past its timeout and was stopped ({@link #timedOut()}). Carries only a
 * message (and the function's own exception as the cause): no stack trace of ours is filled in,
 * as failures are counted, not debugged.
 */
final class FunctionFailure extends Exception {

    private final boolean timedOut;

    FunctionFailure(String message) {
        this(message, null, false);
    }

    FunctionFailure(String message, Throwable cause) {
        this(message, cause, false);
    }

    private FunctionFailure(String message, Throwable cause, boolean timedOut) {
        super(message, cause, false, false);
        this.timedOut = timedOut;
    }

    /** The function was stopped at its deadline: counted as {@code timeout}, not {@code function-failed}. */
    static FunctionFailure timeout(String message) {
        return new FunctionFailure(message, null, true);
    }

    boolean timedOut() {
        return timedOut;
    }
}
