package io.tempos.core.testing;

import net.jqwik.api.lifecycle.AroundTryHook;
import net.jqwik.api.lifecycle.TryExecutionResult;
import net.jqwik.api.lifecycle.TryExecutor;
import net.jqwik.api.lifecycle.TryLifecycleContext;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Bounds every try of a jqwik property: Jupiter's {@code junit.jupiter.execution.timeout.default}
 * does not reach the jqwik engine, and jqwik has no timeout of its own. Add it to a property
 * container with {@code @AddLifecycleHook(TryTimeout.class)}.
 *
 * <p>The try runs on a fresh daemon platform thread, as close to the method as jqwik allows, and
 * fails when it has not returned within {@link #LIMIT}; a try that never returns is abandoned.
 */
public final class TryTimeout implements AroundTryHook {

    /** Far above what one try of a unit property needs, far below what a human notices. */
    public static final Duration LIMIT = Duration.ofSeconds(10);

    @Override
    public TryExecutionResult aroundTry(TryLifecycleContext context, TryExecutor aTry, List<Object> parameters) throws Throwable {
        FutureTask<TryExecutionResult> task = new FutureTask<>(() -> aTry.execute(parameters));
        Thread.ofPlatform().daemon(true).name("jqwik-try " + context.label()).start(task);
        try {
            return task.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return TryExecutionResult.falsified(new AssertionError(context.label() + ": a try ran longer than " + LIMIT));
        } catch (ExecutionException e) {
            throw e.getCause();
        }
    }

    /** Innermost: only the property method runs on the bounded thread, jqwik's own hooks do not. */
    @Override
    public int aroundTryProximity() {
        return 100;
    }
}
