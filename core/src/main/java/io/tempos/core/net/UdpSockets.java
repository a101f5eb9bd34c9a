package io.tempos.core.net;

import io.tempos.core.qos.QosLevel;
import io.tempos.core.sys.Linux;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.util.Locale;

/**
 * Opens the UDP sockets that carry a QoS level between components, with the level's socket
 * priority (SO_PRIORITY) so that a qdisc can put its packets in the level's traffic class.
 */
public final class UdpSockets {

    private static final System.Logger LOG = System.getLogger(UdpSockets.class.getName());
    /** Large receive buffers absorb bursts; the kernel caps them at net.core.rmem_max. */
    private static final int RECEIVE_BUFFER_BYTES = 4 << 20;
    private static final Method FD_VALUE = fdAccessor();
    private static volatile boolean warned;
    private static volatile boolean busyPollWarned;

    private UdpSockets() {
    }

    /** A blocking socket bound to {@code host:port} for receiving a level's events. */
    public static DatagramChannel bind(String host, int port, int socketPriority) throws IOException {
        DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
        try {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER_BYTES);
            channel.bind(new InetSocketAddress(host, port));
            setPriority(channel, socketPriority);
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw new IOException("cannot bind UDP " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /**
     * A blocking socket bound to {@code host:port} for receiving {@code level}'s events: with its
     * socket priority and, when the level asks for it, SO_BUSY_POLL.
     */
    public static DatagramChannel bind(String host, int port, QosLevel level) throws IOException {
        DatagramChannel channel = bind(host, port, level.socketPriority());
        if (level.busyPollUs() > 0) {
            setBusyPoll(channel, level.busyPollUs());
        }
        return channel;
    }

    /**
     * Sets SO_BUSY_POLL: a blocking receive on this socket polls the device's receive queue for up
     * to {@code micros} µs before sleeping (the paper's remedy for NAPI's interrupt mitigation),
     * trading CPU for wake-up latency. Effective on NAPI devices (real NICs, not loopback or veth).
     * Raising it needs CAP_NET_ADMIN; without it, or without access to the descriptor, the socket
     * keeps interrupt-driven receives and one warning is logged.
     *
     * @return true when the option is in force
     */
    public static boolean setBusyPoll(NetworkChannel channel, int micros) {
        int fd = descriptor(channel);
        int rc = fd < 0 ? -1 : Linux.setSocketOption(fd, Linux.SOL_SOCKET, Linux.SO_BUSY_POLL, micros);
        if (rc != 0 && !busyPollWarned) {
            busyPollWarned = true;
            LOG.log(System.Logger.Level.WARNING, "cannot set SO_BUSY_POLL " + micros + " µs: "
                    + (fd < 0 ? "no access to the socket's descriptor (run with --add-exports java.base/sun.nio.ch=ALL-UNNAMED)"
                    : Linux.describe(rc) + " (needs CAP_NET_ADMIN)") + "; receives stay interrupt-driven");
        }
        return rc == 0;
    }

    /**
     * The file descriptor of {@code channel}, or -1 when the JDK hides it (without
     * {@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED}).
     */
    public static int descriptor(NetworkChannel channel) {
        if (FD_VALUE == null) {
            return -1;
        }
        try {
            return (int) FD_VALUE.invoke(channel);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * An unbound socket for sending a level's events. Its receive buffer is large too: what
     * comes back (acknowledgements, rejections) arrives in bursts when the other side is busy.
     */
    public static DatagramChannel sender(int socketPriority) throws IOException {
        DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
        channel.setOption(StandardSocketOptions.SO_SNDBUF, RECEIVE_BUFFER_BYTES);
        channel.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER_BYTES);
        setPriority(channel, socketPriority);
        return channel;
    }

    /**
     * Sets SO_PRIORITY on the channel's socket. The JDK has no option for it, so this reads the
     * file descriptor (needs {@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED}) and calls
     * setsockopt through FFM; without that export it falls back to IP_TOS, which Linux maps to
     * priorities 0, 2, 4 or 6 only, and so refuses priorities above 6 (class ids such as
     * {@code 0x10010}), which no TOS can express.
     *
     * @param priority an unsigned 32-bit value; above 6 the process needs CAP_NET_ADMIN
     * @throws IOException naming the value and what is missing when the kernel or the JVM refuses it
     */
    public static void setPriority(NetworkChannel channel, int priority) throws IOException {
        if (priority == 0) {
            return;
        }
        if (FD_VALUE != null) {
            try {
                int fd = (int) FD_VALUE.invoke(channel);
                int rc = Linux.setSocketOption(fd, Linux.SOL_SOCKET, Linux.SO_PRIORITY, priority);
                if (rc != 0) {
                    throw new IOException(refusal(priority, rc));
                }
                return;
            } catch (ReflectiveOperationException e) {
                // fall through to IP_TOS
            }
        }
        if (!isStandard(priority)) {
            throw new IOException("socket priority " + describePriority(priority) + " needs SO_PRIORITY, which IP_TOS cannot express:"
                    + " run the JVM with --add-exports java.base/sun.nio.ch=ALL-UNNAMED");
        }
        if (!warned) {
            warned = true;
            LOG.log(System.Logger.Level.WARNING, "socket priorities approximated by IP_TOS: run with --add-exports java.base/sun.nio.ch=ALL-UNNAMED for SO_PRIORITY");
        }
        channel.setOption(StandardSocketOptions.IP_TOS, tosFor(priority));
    }

    /** Whether any process may set this priority (0..6); others need CAP_NET_ADMIN. */
    static boolean isStandard(int priority) {
        return priority >= 0 && priority <= 6;
    }

    /** The message for a setsockopt(SO_PRIORITY) that the kernel refused with {@code errno}. */
    static String refusal(int priority, int errno) {
        String why = errno == Linux.EPERM && !isStandard(priority)
                ? "EPERM: socket priorities above 6 need CAP_NET_ADMIN (run the component as root or grant it the capability),"
                + " or use a level socket-priority in 0..6"
                : Linux.describe(errno);
        return "setsockopt(SO_PRIORITY, " + describePriority(priority) + "): " + why;
    }

    /** A priority as decimal and, when it reads as an htb class id, as {@code major:minor} too. */
    static String describePriority(int priority) {
        long unsigned = Integer.toUnsignedLong(priority);
        if (unsigned <= 6) {
            return Long.toString(unsigned);
        }
        return unsigned + String.format(Locale.ROOT, " (0x%X, class %x:%x)", unsigned, unsigned >>> 16, unsigned & 0xFFFF);
    }

    /** The IP_TOS value that Linux maps to the nearest priority at or below {@code priority}. */
    static int tosFor(int priority) {
        if (priority >= 6) {
            return 0x10;
        }
        if (priority >= 4) {
            return 0x18;
        }
        return priority >= 2 ? 0x08 : 0x00;
    }

    private static Method fdAccessor() {
        try {
            Method method = Class.forName("sun.nio.ch.SelChImpl").getMethod("getFDVal");
            method.setAccessible(true);
            return method;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
