package io.tempos.core.net;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * Run inside a network namespace by {@link HtbPriorityNetnsTest}: sends datagrams through
 * {@link UdpSockets#sender(int)} sockets, as a level's channel does.
 * Arguments: {@code host port priority:count [priority:count …]} (priorities may be hex, 0x…).
 */
public final class PrioritySenderMain {

    private PrioritySenderMain() {
    }

    public static void main(String[] args) throws Exception {
        InetSocketAddress target = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        for (int i = 2; i < args.length; i++) {
            String[] pair = args[i].split(":");
            int priority = Integer.decode(pair[0]);
            int count = Integer.parseInt(pair[1]);
            try (DatagramChannel channel = UdpSockets.sender(priority)) {
                for (int n = 0; n < count; n++) {
                    channel.send(ByteBuffer.wrap(("priority " + priority + " #" + n).getBytes()), target);
                }
            }
        }
    }
}
