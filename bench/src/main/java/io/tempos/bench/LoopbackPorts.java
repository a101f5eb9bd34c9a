package io.tempos.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Ports for a generated deployment: free on loopback for both UDP (level sockets) and TCP
 * (management endpoints) when taken, and distinct because all of them are held until the last
 * one is found. Another process may still take one before the deployment binds it; a benchmark
 * run then fails with the bind error, which names the port.
 */
final class LoopbackPorts {

    private LoopbackPorts() {
    }

    static int[] take(int count) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        List<DatagramChannel> held = new ArrayList<>();
        int[] ports = new int[count];
        int found = 0;
        try {
            for (int attempt = 0; found < count && attempt < 20 * count; attempt++) {
                DatagramChannel udp = DatagramChannel.open(StandardProtocolFamily.INET);
                held.add(udp);
                udp.bind(new InetSocketAddress(loopback, 0));
                int port = ((InetSocketAddress) udp.getLocalAddress()).getPort();
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
            throw new IOException("found only " + found + " of " + count + " ports free for UDP and TCP on loopback");
        }
        return ports;
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
