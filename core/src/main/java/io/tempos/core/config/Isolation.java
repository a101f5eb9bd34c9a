package io.tempos.core.config;

import java.util.Locale;

/** Where a function runs relative to the invoker's process. */
public enum Isolation {
    /** Inside the invoker's process (DLF in-process, JVM, and WASMF, whose engine is its sandbox). */
    NONE,
    /** In a child process of its own: a crash or hang costs that process, never the invoker. */
    PROCESS,
    /** In a child process inside a bubblewrap sandbox ({@code bwrap}): read-only system, no network. */
    BWRAP,
    /** In a container started by a container engine's CLI ({@code docker run -i} or {@code podman run -i}). */
    CONTAINER;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
