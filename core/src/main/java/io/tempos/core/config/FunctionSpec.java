package io.tempos.core.config;

import java.util.List;

/**
 * The function a workflow runs and how.
 *
 * @param method         the invocation method
 * @param artifact       absolute path of the shared library (DLF), jar (JVM), module (WASMF) or
 *                       program (FSPAWN)
 * @param entry          the exported symbol (DLF, WASMF) or the implementing class name (JVM)
 * @param warm           keep the loaded function between invocations; false runs the cold path:
 *                       DLF dlopen/dlsym/call/dlclose, WASMF a fresh instance, FSPAWN a new
 *                       process per event (warm: a persistent worker process)
 * @param timeoutMs      how long one invocation may run before its event counts as timed out
 * @param args           FSPAWN: arguments passed to the program after its path
 * @param isolation      where the function runs (see {@link InvocationMethod#isolations()})
 * @param containerImage the image of {@link Isolation#CONTAINER}, else null
 * @param limits         resource limits of the function's process or engine
 */
public record FunctionSpec(InvocationMethod method, String artifact, String entry, boolean warm, long timeoutMs,
                           List<String> args, Isolation isolation, String containerImage, ProcessLimits limits) {

    public FunctionSpec {
        args = args == null ? List.of() : List.copyOf(args);
        if (isolation == null) {
            isolation = method == null ? Isolation.NONE : method.defaultIsolation();
        }
        if (limits == null) {
            limits = ProcessLimits.NONE;
        }
    }

    /** A function with no arguments, the method's default isolation and no limits. */
    public FunctionSpec(InvocationMethod method, String artifact, String entry, boolean warm, long timeoutMs) {
        this(method, artifact, entry, warm, timeoutMs, List.of(), null, null, ProcessLimits.NONE);
    }
}
