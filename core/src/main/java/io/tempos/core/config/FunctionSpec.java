package io.tempos.core.config;

/**
 * The function a workflow runs and how.
 *
 * @param method    the invocation method
 * @param artifact  absolute path of the shared library (DLF) or jar (JVM)
 * @param entry     the exported symbol (DLF) or the implementing class name (JVM)
 * @param warm      keep the loaded function between invocations; false runs the paper's
 *                  "cold" path (DLF: dlopen, dlsym, call, dlclose on every event)
 * @param timeoutMs how long one invocation may run before its event counts as timed out
 */
public record FunctionSpec(InvocationMethod method, String artifact, String entry, boolean warm, long timeoutMs) {
}
