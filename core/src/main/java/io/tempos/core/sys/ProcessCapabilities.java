package io.tempos.core.sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Linux capabilities in force for this process ({@code CapEff} of {@code /proc/self/status}),
 * so that a report can say why the kernel refused a scheduling: without CAP_SYS_NICE no thread
 * gets a real-time policy.
 */
public final class ProcessCapabilities {

    /** linux/capability.h: raise priorities, set real-time policies and other threads' affinity. */
    public static final int CAP_SYS_NICE = 23;

    private ProcessCapabilities() {
    }

    /** Whether this process has {@code capability} (a bit number of linux/capability.h) in force; false when it cannot tell. */
    public static boolean has(int capability) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    long mask = Long.parseUnsignedLong(line.substring(line.indexOf(':') + 1).trim(), 16);
                    return (mask >>> capability & 1) == 1;
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc: say no, the report then names the capability as the likely cause
        }
        return false;
    }
}
