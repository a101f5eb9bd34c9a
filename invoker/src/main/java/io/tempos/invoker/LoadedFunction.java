package io.tempos.invoker;

import io.tempos.core.config.FunctionSpec;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loaded function shared by the routing table and the workers inside it, closed when the last
 * of them lets go: a replaced library is never dlclosed under a running call.
 *
 * <p>The count starts at 1, the routing table's reference. A worker {@link #acquire}s before an
 * invocation and {@link #release}s after it; the management thread {@link #retire}s the function
 * once, after it has published a table without it. Once the count has reached 0 it never rises
 * again: {@code acquire} then fails and the worker re-reads the (already published) new table.
 * Lock-free; two atomic operations per event.
 */
final class LoadedFunction {

    private final FunctionSpec spec;
    private final FunctionInvocation invocation;
    private final AtomicInteger references = new AtomicInteger(1);

    LoadedFunction(FunctionSpec spec, FunctionInvocation invocation) {
        this.spec = spec;
        this.invocation = invocation;
    }

    /** What this was loaded from; an equal spec in a new deployment reuses it. */
    FunctionSpec spec() {
        return spec;
    }

    /** Valid only between a successful {@link #acquire} and its {@link #release}. */
    FunctionInvocation invocation() {
        return invocation;
    }

    /** Takes a reference for one invocation; false when the function has been closed. */
    boolean acquire() {
        for (int n = references.get(); n > 0; n = references.get()) {
            if (references.compareAndSet(n, n + 1)) {
                return true;
            }
        }
        return false;
    }

    /** Returns a reference; the last one closes the function. */
    void release() {
        if (references.decrementAndGet() == 0) {
            invocation.close();
        }
    }

    /** Drops the routing table's reference. Management thread only, once per function. */
    void retire() {
        release();
    }

    boolean isClosed() {
        return references.get() == 0;
    }

    @Override
    public String toString() {
        return invocation.toString();
    }
}
