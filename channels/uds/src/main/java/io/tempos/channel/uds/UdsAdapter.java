package io.tempos.channel.uds;

import io.tempos.core.channel.ChannelCapabilities;
import io.tempos.core.channel.Endpoint;
import io.tempos.core.channel.FixedChannelAdapter;
import io.tempos.core.channel.FramedStreamReceiver;
import io.tempos.core.channel.FramedStreamSender;
import io.tempos.core.channel.FramedStreamSender.Connector;
import io.tempos.core.channel.ReceiveChannel;
import io.tempos.core.channel.SendChannel;
import io.tempos.core.qos.QosLevel;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.Path;
import java.nio.channels.ServerSocketChannel;

/**
 * Unix domain stream sockets, for components on one host (e.g. a trigger co-located with its
 * broker): the TCP adapter's framing and reconnects without the IP stack. Unix sockets never
 * pass a qdisc, so a socket priority would mean nothing: the adapter does not carry one and a
 * level with a non-zero socket-priority is refused on it.
 *
 * <p>A receiver replaces a stale socket file left by a process that died, refuses a path that
 * is not a socket, and deletes its file when it closes.
 */
public final class UdsAdapter extends FixedChannelAdapter {

    public static final String NAME = "uds";
    public static final int MAX_FRAME_BYTES = 1 << 20;

    public UdsAdapter() {
        super(NAME, new ChannelCapabilities(true, true, MAX_FRAME_BYTES, false, false, true, true));
    }

    @Override
    public ReceiveChannel openReceiver(Endpoint endpoint, QosLevel level) throws IOException {
        Path path = endpoint.requirePath(NAME);
        if (Files.exists(path)) {
            if (!Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther()) {
                throw new IOException("uds: " + path + " exists and is not a socket; refusing to replace it");
            }
            Files.delete(path);   // a stale socket of a process that died
        }
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(path));
            return new FramedStreamReceiver(server, endpoint, MAX_FRAME_BYTES, socket -> { }, () -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // best effort: the next bind replaces it
                }
            });
        } catch (IOException | RuntimeException e) {
            server.close();
            throw new IOException("uds: cannot listen on " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public SendChannel openSender(Endpoint destination, QosLevel level) {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(destination.requirePath(NAME));
        return new FramedStreamSender(Connector.nonBlocking(StandardProtocolFamily.UNIX, address, socket -> { }), MAX_FRAME_BYTES);
    }
}
