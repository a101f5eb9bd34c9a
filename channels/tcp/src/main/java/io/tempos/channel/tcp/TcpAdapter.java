package io.tempos.channel.tcp;

import io.tempos.core.channel.ChannelAdapter;
import io.tempos.core.channel.ChannelCapabilities;
import io.tempos.core.channel.Endpoint;
import io.tempos.core.channel.FramedStreamReceiver;
import io.tempos.core.channel.FramedStreamSender;
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
public final class TcpAdapter implements ChannelAdapter {

    public static final String NAME = "tcp";
    /** The largest frame; each connection's receive buffer holds one. */
    public static final int MAX_FRAME_BYTES = 1 << 20;
    private static final ChannelCapabilities CAPABILITIES = new ChannelCapabilities(true, true, MAX_FRAME_BYTES, true, false, true);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ChannelCapabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public ReceiveChannel openReceiver(Endpoint endpoint, QosLevel level) throws IOException {
        if (endpoint.isPath()) {
            throw new IllegalArgumentException("tcp needs a host and port, not the path " + endpoint.path());
        }
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
        if (destination.isPath()) {
            throw new IllegalArgumentException("tcp needs a host and port, not the path " + destination.path());
        }
        InetSocketAddress address = destination.socketAddress();
        configure(SocketChannel.open(StandardProtocolFamily.INET), level).close();   // the level's QoS fails here, not on the hot path
        return new FramedStreamSender(() -> {
            SocketChannel socket = SocketChannel.open(StandardProtocolFamily.INET);
            try {
                configure(socket, level);
                socket.configureBlocking(false);
                socket.connect(address);
                return socket;
            } catch (IOException | RuntimeException e) {
                socket.close();
                throw e instanceof IOException io ? io : new IOException(e);
            }
        }, MAX_FRAME_BYTES);
    }

    private static SocketChannel configure(SocketChannel socket, QosLevel level) throws IOException {
        socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
        socket.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
        UdpSockets.setPriority(socket, level.socketPriority());
        return socket;
    }
}
