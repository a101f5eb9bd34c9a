package io.tempos.channel.udp;

import io.tempos.core.channel.ChannelCapabilities;
import io.tempos.core.channel.DatagramReceiveChannel;
import io.tempos.core.channel.DatagramSendChannel;
import io.tempos.core.channel.Endpoint;
import io.tempos.core.channel.FixedChannelAdapter;
import io.tempos.core.channel.ReceiveChannel;
import io.tempos.core.channel.SendChannel;
import io.tempos.core.event.EventFrame;
import io.tempos.core.net.UdpSockets;
import io.tempos.core.qos.QosLevel;

import java.io.IOException;
import java.nio.channels.DatagramChannel;

/**
 * Plain UDP, the default channel: one frame per datagram, best effort, the level's socket
 * priority and busy polling on its sockets, replies to the datagram's source.
 */
public final class UdpAdapter extends FixedChannelAdapter {

    public static final String NAME = "udp";

    public UdpAdapter() {
        super(NAME, new ChannelCapabilities(false, false, EventFrame.MAX_DATAGRAM_BYTES, true, false, true));
    }

    @Override
    public ReceiveChannel openReceiver(Endpoint endpoint, QosLevel level) throws IOException {
        endpoint.requireHost(NAME);
        return new DatagramReceiveChannel(UdpSockets.bind(endpoint.host(), endpoint.port(), level), endpoint.host());
    }

    @Override
    public SendChannel openSender(Endpoint destination, QosLevel level) throws IOException {
        destination.requireHost(NAME);
        DatagramChannel socket = UdpSockets.sender(level.socketPriority());
        try {
            socket.connect(destination.socketAddress());
            return new DatagramSendChannel(socket, EventFrame.MAX_DATAGRAM_BYTES);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw new IOException("udp: cannot open a sender to " + destination + ": " + e.getMessage(), e);
        }
    }
}
