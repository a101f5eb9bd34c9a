package io.tempos.channel.tcp;

import io.tempos.core.channel.ChannelCapabilities;
import io.tempos.core.channel.Endpoint;
import io.tempos.core.channel.FixedChannelAdapter;
import io.tempos.core.channel.FramedStreamReceiver;
import io.tempos.core.channel.FramedStreamSender;
import io.tempos.core.channel.FramedStreamSender.Connector;
import io.tempos.core.channel.ReceiveChannel;
import io.tempos.core.channel.SendChannel;
import io.tempos.core.net.UdpSockets;
import io.tempos.core.qos.QosLevel;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * TCP: length-framed frames over one connection per (sender, receiver), reliable and ordered
 * while the connection lives; the sender reconnects with exponential backoff and never blocks
 * (see {@link FramedStreamSender}). Nagle is off; SO_PRIORITY reaches TCP sockets as it does UDP
 * ones, so the level's priority is carried, both ways.
 */
public final class TcpAdapter extends FixedChannelAdapter {

    public static final String NAME = "tcp";
    /** The largest frame; each connection's receive buffer holds one. */
    public static final int MAX_FRAME_BYTES = 1 << 20;

    public TcpAdapter() {
        super(NAME, new ChannelCapabilities(true, true, MAX_FRAME_BYTES, true, false, true));
    }

    @Override
    public ReceiveChannel openReceiver(Endpoint endpoint, QosLevel level) throws IOException {
        endpoint.requireHost(NAME);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.INET);
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(endpoint.socketAddress());
            int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            return new FramedStreamReceiver(server, Endpoint.of(endpoint.host(), port), MAX_FRAME_BYTES,
                    socket -> configure(socket, level), () -> { });
        } catch (IOException | RuntimeException e) {
            server.close();
            throw new IOException("tcp: cannot listen on " + endpoint + ": " + e.getMessage(), e);
        }
    }

    @Override
    public SendChannel openSender(Endpoint destination, QosLevel level) throws IOException {
        destination.requireHost(NAME);
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.INET)) {
            configure(probe, level);   // the level's QoS fails here, not on the hot path
        }
        return new FramedStreamSender(Connector.nonBlocking(StandardProtocolFamily.INET, destination.socketAddress(),
                socket -> configure(socket, level)), MAX_FRAME_BYTES);
    }

    private static void configure(SocketChannel socket, QosLevel level) throws IOException {
        socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
        socket.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
        UdpSockets.setPriority(socket, level.socketPriority());
    }
}
