package io.tempos.core.config;

/** How an invoker runs a workflow's function. */
public enum InvocationMethod {
    /** A native shared library through FFM: dlopen, dlsym, call (dlclose when cold). */
    DLF,
    /** A jar implementing {@code io.tempos.api.Function}, loaded in its own class loader. */
    JVM;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
