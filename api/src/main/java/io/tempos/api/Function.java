package io.tempos.api;

/**
 * A function run by the Tempos invoker's JVM method.
 *
 * <p>The invoker loads the jar that holds the implementation in its own class loader, creates
 * one instance with the public no-argument constructor ("warm" instance) and calls
 * {@link #apply} from the worker threads of the workflow's QoS level. An implementation that
 * keeps mutable state must therefore be thread-safe.
 *
 * <p>A thrown exception fails that one event: the invoker records it with the exception's
 * message and goes on with the next event.
 */
@FunctionalInterface
public interface Function {

    /**
     * Runs the function on one event.
     *
     * @param payload the event's payload, as the trigger received it; never null
     * @return the result bytes (may be empty, never null)
     * @throws Exception to fail this event
     */
    byte[] apply(byte[] payload) throws Exception;
}
