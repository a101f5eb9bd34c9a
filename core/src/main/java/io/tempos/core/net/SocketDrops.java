package io.tempos.core.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Datagrams the kernel dropped because a UDP socket's receive buffer was full: the one loss a
 * process cannot see by itself. Read from the {@code drops} column of {@code /proc/net/udp}
 * (IPv4 sockets of this network namespace) for a bound local port.
 */
public final class SocketDrops {

    private static final Path PROC_UDP = Path.of("/proc/net/udp");

    private SocketDrops() {
    }

    /** Drops counted for the IPv4 UDP socket bound to {@code port}, 0 when none is found. */
    public static long of(int port) {
        String hexPort = ":" + String.format(Locale.ROOT, "%04X", port);
        try {
            List<String> lines = Files.readAllLines(PROC_UDP);
            long drops = 0;
            for (int i = 1; i < lines.size(); i++) {
                String[] fields = lines.get(i).trim().split("\\s+");
                if (fields.length > 12 && fields[1].endsWith(hexPort)) {
                    drops += Long.parseLong(fields[fields.length - 1]);
                }
            }
            return drops;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
