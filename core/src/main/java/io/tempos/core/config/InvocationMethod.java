package io.tempos.core.config;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** How an invoker runs a workflow's function, with what each method accepts. */
public enum InvocationMethod {
    /** A native shared library through FFM: dlopen, dlsym, call (dlclose when cold). */
    DLF(true, EnumSet.of(Isolation.NONE, Isolation.PROCESS)),
    /** A jar implementing {@code io.tempos.api.Function}, loaded in its own class loader. */
    JVM(true, EnumSet.of(Isolation.NONE)),
    /** A WebAssembly module run by the embedded engine (Chicory), compiled to JVM bytecode once. */
    WASMF(false, EnumSet.of(Isolation.NONE)),
    /** An executable or script: a process per event, or a persistent worker process when warm. */
    FSPAWN(false, EnumSet.of(Isolation.PROCESS, Isolation.BWRAP, Isolation.CONTAINER));

    private final boolean warmByDefault;
    private final Set<Isolation> isolations;

    InvocationMethod(boolean warmByDefault, Set<Isolation> isolations) {
        this.warmByDefault = warmByDefault;
        this.isolations = isolations;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The mode when a workflow names none: DLF and JVM keep the function loaded; WASMF gives
     * every event a fresh instance and FSPAWN a fresh process, the isolation users expect of them.
     */
    public boolean warmByDefault() {
        return warmByDefault;
    }

    /** The isolations this method can run a function in; the first is its default. */
    public Set<Isolation> isolations() {
        return isolations;
    }

    public Isolation defaultIsolation() {
        return isolations.iterator().next();
    }
}
