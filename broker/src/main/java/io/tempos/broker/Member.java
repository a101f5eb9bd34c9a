package io.tempos.broker;

import io.tempos.core.event.ControlFrame;
import io.tempos.core.net.UdpSockets;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * One invoker socket of a level as its lane's queue processor sees it: a connected,
 * non-blocking UDP socket (connected so that the kernel reports an ICMP port-unreachable as
 * {@link PortUnreachableException} on the next send or read, and accepts only that invoker's
 * acknowledgements), the events sent and not yet acknowledged, and until when it counts as down.
 *
 * <p>Owned by the processor thread: only it reads or writes any field.
 */
final class Member implements AutoCloseable {

    /** {@link #send} outcomes. */
    static final int SENT = 1;
    static final int UNREACHABLE = -1;
    static final int SEND_FAILED = -2;

    private static final System.Logger LOG = System.getLogger(Member.class.getName());

    private final String invokerId;
    private final InetSocketAddress address;
    private final DatagramChannel channel;
    private long outstanding;
    private long downUntilNs;
    private boolean downByHealth;

    private Member(String invokerId, InetSocketAddress address, DatagramChannel channel) {
        this.invokerId = invokerId;
        this.address = address;
        this.channel = channel;
    }

    /** A member with its own socket; a member whose socket cannot open fails every send. */
    static Member open(String invokerId, InetSocketAddress address, int socketPriority) {
        DatagramChannel channel = null;
        try {
            channel = UdpSockets.sender(socketPriority);
            channel.connect(address);
            channel.configureBlocking(false);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot open a socket to invoker " + invokerId + " at " + address + ": " + e);
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // already failing
                }
            }
            channel = null;
        }
        return new Member(invokerId, address, channel);
    }

    String invokerId() {
        return invokerId;
    }

    InetSocketAddress address() {
        return address;
    }

    long outstanding() {
        return outstanding;
    }

    boolean isUp(long nowNs) {
        return !downByHealth && nowNs - downUntilNs >= 0;
    }

    /** When this member went (or goes) down last; used to pick among members that are all down. */
    long downUntilNs() {
        return downByHealth ? Long.MAX_VALUE : downUntilNs;
    }

    /** Marks it down for {@code retryNs}: the kernel said nothing listens on its port. */
    void unreachable(long nowNs, long retryNs) {
        downUntilNs = nowNs + retryNs;
    }

    /** The broker's health poll of its invoker says {@code up} (down stays until it says up again). */
    void health(boolean up) {
        downByHealth = !up;
        if (up) {
            downUntilNs = 0;
        }
    }

    /** Sends the frame between the buffer's position and limit (unchanged). Allocates nothing when it succeeds. */
    int send(ByteBuffer frame) {
        if (channel == null) {
            return SEND_FAILED;
        }
        int position = frame.position();
        try {
            if (channel.write(frame) > 0) {
                outstanding++;
                return SENT;
            }
            return SEND_FAILED;   // the socket's send buffer is full
        } catch (PortUnreachableException e) {
            return UNREACHABLE;
        } catch (IOException e) {
            return SEND_FAILED;
        } finally {
            frame.position(position);
        }
    }

    /**
     * Reads the acknowledgements waiting on the socket, lowering {@link #outstanding()}.
     *
     * @return false when the kernel reported the invoker's port unreachable
     */
    boolean drainAcks(ByteBuffer scratch) {
        if (channel == null) {
            return true;
        }
        try {
            while (true) {
                scratch.clear();
                int n = channel.read(scratch);
                if (n <= 0) {
                    return true;
                }
                if (ControlFrame.ackedEventId(scratch, n) >= 0 && outstanding > 0) {
                    outstanding--;
                }
            }
        } catch (PortUnreachableException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing the socket to " + invokerId + ": " + e);
            }
        }
    }

    @Override
    public String toString() {
        return invokerId + "@" + address;
    }
}
