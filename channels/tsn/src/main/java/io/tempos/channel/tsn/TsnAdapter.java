package io.tempos.channel.tsn;

import io.tempos.core.channel.ChannelAdapter;
import io.tempos.core.channel.ChannelCapabilities;
import io.tempos.core.channel.DatagramReceiveChannel;
import io.tempos.core.channel.DatagramSendChannel;
import io.tempos.core.channel.Endpoint;
import io.tempos.core.channel.ReceiveChannel;
import io.tempos.core.channel.SendChannel;
import io.tempos.core.config.TsnSpec;
import io.tempos.core.event.EventFrame;
import io.tempos.core.net.UdpSockets;
import io.tempos.core.qos.QosLevel;
import io.tempos.core.sys.Linux;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;

/**
 * UDP for a TSN link (docs/tsn.md): the level's socket priority is set with SO_PRIORITY
 * through the socket's descriptor, never approximated by IP_TOS (a later IP_TOS would overwrite
 * it, and taprio maps exact priorities to traffic classes), so a level's packets enter its
 * gate's class; receive sockets busy-poll for the level's {@code busy-poll-us}. Opening fails,
 * naming the priority, when the priority cannot be set exactly.
 *
 * <p>Transmit times: where the kernel accepts SO_TXTIME, the adapter sets it (CLOCK_TAI) on its
 * senders and reports {@code carriesTxTime}; a sender of a level with a {@code tsn-slot}, opened
 * with the deployment's {@code [tsn]} schedule, then sends every frame with {@code sendmsg} and an
 * {@code SCM_TXTIME} control message holding the next instant of the level's window
 * ({@link TxTimeSendChannel}), which an etf qdisc honours. Without a slot or schedule, frames go
 * out as plain datagrams.
 */
public final class TsnAdapter implements ChannelAdapter {

    public static final String NAME = "tsn";
    private static volatile Boolean txTimeProbe;

    @Override
    public String name() {
        return NAME;
    }

    /** Transmit times are carried where this kernel accepts SO_TXTIME. */
    @Override
    public ChannelCapabilities capabilities() {
        return new ChannelCapabilities(false, false, EventFrame.MAX_DATAGRAM_BYTES, true, kernelAcceptsTxTime(), true);
    }

    /** Whether this kernel accepts SO_TXTIME on a UDP socket (probed once). */
    public static boolean kernelAcceptsTxTime() {
        Boolean probe = txTimeProbe;
        if (probe == null) {
            try (DatagramChannel socket = DatagramChannel.open(StandardProtocolFamily.INET)) {
                int fd = UdpSockets.descriptor(socket);
                probe = fd >= 0 && Linux.setTxTime(fd, Linux.CLOCK_TAI, 0) == 0;
            } catch (IOException e) {
                probe = false;
            }
            txTimeProbe = probe;
        }
        return probe;
    }

    @Override
    public ReceiveChannel openReceiver(Endpoint endpoint, QosLevel level) throws IOException {
        endpoint.requireHost(NAME);
        DatagramChannel socket = UdpSockets.bind(endpoint.host(), endpoint.port(), 0);
        try {
            exactPriority(socket, level);
            if (level.busyPollUs() > 0) {
                UdpSockets.setBusyPoll(socket, level.busyPollUs());
            }
            return new DatagramReceiveChannel(socket, endpoint.host());
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    @Override
    public SendChannel openSender(Endpoint destination, QosLevel level) throws IOException {
        return openSender(destination, level, null);
    }

    @Override
    public SendChannel openSender(Endpoint destination, QosLevel level, TsnSpec tsn) throws IOException {
        destination.requireHost(NAME);
        DatagramChannel socket = UdpSockets.sender(0);
        try {
            exactPriority(socket, level);
            if (kernelAcceptsTxTime()) {
                Linux.setTxTime(UdpSockets.descriptor(socket), Linux.CLOCK_TAI, 0);
            }
            socket.connect(destination.socketAddress());
            DatagramSendChannel datagrams = new DatagramSendChannel(socket, EventFrame.MAX_DATAGRAM_BYTES);
            if (tsn != null && level.tsnSlot() != null && kernelAcceptsTxTime()) {
                return new TxTimeSendChannel(datagrams, UdpSockets.descriptor(socket), EventFrame.MAX_DATAGRAM_BYTES,
                        LaunchSchedule.of(tsn, level.tsnSlot()));
            }
            return datagrams;
        } catch (IOException e) {
            socket.close();
            throw new IOException("tsn: cannot open a sender to " + destination + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** SO_PRIORITY through the descriptor, set last (after anything that touches IP_TOS). */
    private static void exactPriority(DatagramChannel socket, QosLevel level) throws IOException {
        int fd = UdpSockets.descriptor(socket);
        if (fd < 0) {
            throw new IOException("tsn: level " + level.name() + " needs SO_PRIORITY " + Integer.toUnsignedString(level.socketPriority())
                    + " set exactly, which needs the socket's descriptor: run the JVM with --add-exports java.base/sun.nio.ch=ALL-UNNAMED");
        }
        UdpSockets.setPriority(socket, level.socketPriority());
    }
}
