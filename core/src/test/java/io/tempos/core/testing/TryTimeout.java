package io.tempos.core.testing;

import net.jqwik.api.lifecycle.AroundTryHook;
import net.jqwik.api.lifecycle.Lifespan;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.Store;
import net.jqwik.api.lifecycle.TryExecutionResult;
import net.jqwik.api.lifecycle.TryExecutor;
import net.jqwik.api.lifecycle.TryLifecycleContext;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Bounds every try of a jqwik property: Jupiter's {@code junit.jupiter.execution.timeout.default}
 * does not reach the jqwik engine, and jqwik has no timeout of its own. Add it to a property
 * container with {@code @AddLifecycleHook(TryTimeout.class)}.
 *
 * <p>The try runs on a fresh daemon platform thread, as close to the method as jqwik allows, and
 * fails when it has not returned within {@link #LIMIT}. A try that never returns is interrupted
 * and abandoned; once one has timed out, every later try of the same property (shrinking
 * included) fails at once, so that a hang costs one {@code LIMIT}, not one per shrinking step.
 *
 * <p>Because the method runs off jqwik's thread it cannot use jqwik's {@code Statistics} or
 * {@code Store}: collect what it needs in a field and check it in an {@code @AfterProperty} method.
 */
public final class TryTimeout implements AroundTryHook {

    /** Far above what one try of a unit property needs, far below what a human notices. */
    public static final Duration LIMIT = Duration.ofSeconds(10);

    @Override
    public TryExecutionResult aroundTry(TryLifecycleContext context, TryExecutor aTry, List<Object> parameters) throws Throwable {
        Store<AtomicReference<String>> timedOut = Store.getOrCreate(TryTimeout.class, Lifespan.PROPERTY, AtomicReference::new);
        if (timedOut.get().get() != null) {
            return TryExecutionResult.falsified(new AssertionError(timedOut.get().get() + "; not run again"));
        }
        FutureTask<TryExecutionResult> task = new FutureTask<>(() -> aTry.execute(parameters));
        Thread thread = Thread.ofPlatform().daemon(true).name("jqwik-try " + context.label()).start(task);
        try {
            return task.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            thread.interrupt();
            String message = context.label() + ": a try ran longer than " + LIMIT + " with " + parameters;
            timedOut.get().set(message);
            return TryExecutionResult.falsified(new AssertionError(message));
        } catch (ExecutionException e) {
            throw e.getCause();
        }
    }

    /** Registered on a container, it bounds every property in it (jqwik's default is none of them). */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    /** Innermost: only the property method runs on the bounded thread, jqwik's own hooks do not. */
    @Override
    public int aroundTryProximity() {
        return 100;
    }
}
