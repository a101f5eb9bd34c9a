package io.tempos.core.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Reads SO_PRIORITY back from a bound IPv4 UDP channel, as the kernel holds it. The JDK has no
 * getter and hides the descriptor, so this finds it the way {@code ss -p} would: the socket's
 * inode in /proc/net/udp by local port, then the descriptor in /proc/self/fd that points at it.
 */
@SuppressWarnings("restricted")   // the build runs tests with --enable-native-access
final class SocketPriority {

    private static final int SOL_SOCKET = 1;
    private static final int SO_PRIORITY = 12;
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle GETSOCKOPT = LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow("getsockopt"),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS, ValueLayout.ADDRESS));

    private SocketPriority() {
    }

    static int of(DatagramChannel channel) throws Throwable {
        int fd = descriptor(((InetSocketAddress) channel.getLocalAddress()).getPort());
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment length = arena.allocate(ValueLayout.JAVA_INT);
            length.set(ValueLayout.JAVA_INT, 0, Integer.BYTES);
            int rc = (int) GETSOCKOPT.invokeExact(fd, SOL_SOCKET, SO_PRIORITY, value, length);
            if (rc != 0) {
                throw new IllegalStateException("getsockopt(" + fd + ", SO_PRIORITY) failed");
            }
            return value.get(ValueLayout.JAVA_INT, 0);
        }
    }

    private static int descriptor(int port) throws IOException {
        String inode = inode(port);
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                try {
                    if (Files.readSymbolicLink(fd).toString().equals("socket:[" + inode + "]")) {
                        return Integer.parseInt(fd.getFileName().toString());
                    }
                } catch (IOException e) {
                    // closed since the listing: not ours
                }
            }
        }
        throw new IllegalStateException("no descriptor of this process holds UDP socket inode " + inode);
    }

    private static String inode(int port) {
        String localPort = ":" + String.format(Locale.ROOT, "%04X", port);
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/net/udp"));
            return lines.stream().skip(1).map(l -> l.trim().split("\\s+"))
                    .filter(f -> f[1].endsWith(localPort)).map(f -> f[9]).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no IPv4 UDP socket on port " + port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
