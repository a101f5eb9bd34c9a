package io.tempos.core.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for a generated deployment (benchmarks, tests): free on loopback for both UDP (level
 * sockets) and TCP (management endpoints, stream channels) when taken, and distinct because all
 * of them are held until the last one is found. They come from below the kernel's ephemeral
 * range ({@code /proc/sys/net/ipv4/ip_local_port_range}): a port from inside it, released
 * between being found and being bound, can meanwhile become the local end of any outgoing
 * connection — an HTTP poll of a component still closing, say — and the bind then fails.
 * Another process may still bind one explicitly first; the bind error then names the port.
 */
public final class LoopbackPorts {

    /** Below this are the well-known and commonly configured ports. */
    static final int LOWEST = 10_000;
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    /** Linux's default first ephemeral port, when the range cannot be read. */
    private static final int DEFAULT_EPHEMERAL_LOW = 32_768;

    private LoopbackPorts() {
    }

    /**
     * @throws IOException when {@code count} ports free for both protocols cannot be found
     */
    public static int[] take(int count) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        int highest = ephemeralLow() - 1;
        List<DatagramChannel> held = new ArrayList<>();
        int[] ports = new int[count];
        int found = 0;
        try {
            for (int attempt = 0; found < count && attempt < 50 * count; attempt++) {
                int port = ThreadLocalRandom.current().nextInt(LOWEST, highest + 1);
                DatagramChannel udp = DatagramChannel.open(StandardProtocolFamily.INET);
                try {
                    udp.bind(new InetSocketAddress(loopback, port));
                } catch (IOException taken) {
                    udp.close();
                    continue;
                }
                held.add(udp);
                if (tcpFree(loopback, port)) {
                    ports[found++] = port;
                }
            }
        } finally {
            for (DatagramChannel udp : held) {
                udp.close();
            }
        }
        if (found < count) {
            throw new IOException("found only " + found + " of " + count + " ports free for UDP and TCP on loopback in "
                    + LOWEST + ".." + highest);
        }
        return ports;
    }

    /** The first port of the kernel's ephemeral range, or Linux's default when it cannot be read. */
    static int ephemeralLow() {
        try {
            String[] range = Files.readString(EPHEMERAL_RANGE).trim().split("\\s+");
            int low = Integer.parseInt(range[0]);
            return low > LOWEST + 1_000 ? low : DEFAULT_EPHEMERAL_LOW;
        } catch (IOException | RuntimeException e) {
            return DEFAULT_EPHEMERAL_LOW;
        }
    }

    private static boolean tcpFree(InetAddress loopback, int port) {
        try (ServerSocketChannel tcp = ServerSocketChannel.open()) {
            tcp.bind(new InetSocketAddress(loopback, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
