package io.tempos.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/** Ports free for both TCP and UDP on loopback, never the same one twice in a JVM. */
public final class FreePorts {

    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private FreePorts() {
    }

    public static synchronized int next() {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                 DatagramSocket udp = new DatagramSocket(tcp.getLocalPort(), InetAddress.getLoopbackAddress())) {
                if (HANDED_OUT.add(udp.getLocalPort())) {
                    return udp.getLocalPort();
                }
            } catch (IOException e) {
                // the UDP port was taken: try another
            }
        }
        throw new UncheckedIOException(new IOException("no free port found on loopback"));
    }
}
