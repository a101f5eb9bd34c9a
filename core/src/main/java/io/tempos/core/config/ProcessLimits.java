package io.tempos.core.config;

/**
 * Resource limits of a function's process or engine; 0 means "not limited" (or the method's
 * default, for WASMF's memory).
 *
 * @param maxMemoryMb    FSPAWN and isolated DLF: RLIMIT_AS of the process; WASMF: the cap of
 *                       the module's linear memory (default 64 MiB)
 * @param maxCpuSeconds  FSPAWN and isolated DLF: RLIMIT_CPU of the process (a persistent
 *                       worker's whole life, a spawned process's one event)
 * @param maxOpenFiles   FSPAWN and isolated DLF: RLIMIT_NOFILE of the process
 */
public record ProcessLimits(long maxMemoryMb, long maxCpuSeconds, long maxOpenFiles) {

    public static final ProcessLimits NONE = new ProcessLimits(0, 0, 0);

    public boolean any() {
        return maxMemoryMb > 0 || maxCpuSeconds > 0 || maxOpenFiles > 0;
    }
}
