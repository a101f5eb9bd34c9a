package io.tempos.channel.tsn;

import io.tempos.core.channel.DatagramSendChannel;
import io.tempos.core.channel.SendChannel;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;

/**
 * A TSN sender that gives every packet its launch time: {@code sendmsg} on the socket's
 * descriptor through FFM (the JDK's {@code DatagramChannel} passes no ancillary data) with an
 * {@code SCM_TXTIME} control message holding the next instant of the level's window
 * ({@link LaunchSchedule}, CLOCK_TAI). The socket has SO_TXTIME set, so the kernel accepts the
 * message and an etf qdisc releases the packet at that time. Replies are read as by
 * {@link DatagramSendChannel}, which this wraps.
 *
 * <p>The message header, iovec, control message and clock buffer are allocated once; a send
 * allocates nothing but the segment view of the frame's buffer. Sends are serialised (one
 * header), which the trigger's endpoint threads and the broker's one processor can afford.
 */
final class TxTimeSendChannel implements SendChannel {

    static final int SCM_TXTIME = 61;
    private static final int SOL_SOCKET = 1;
    private static final int CLOCK_TAI = 11;
    private static final int EAGAIN = 11;
    private static final int ECONNREFUSED = 111;
    private static final int MSG_DONTWAIT = 0x40;
    /** struct msghdr on 64-bit Linux. */
    private static final int MSGHDR_BYTES = 56;
    private static final int MSG_IOV = 16;
    private static final int MSG_IOVLEN = 24;
    private static final int MSG_CONTROL = 32;
    private static final int MSG_CONTROLLEN = 40;
    /** CMSG_SPACE(8): a 16-byte cmsghdr and the u64 launch time. */
    private static final int CMSG_BYTES = 24;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle SENDMSG = LINKER.downcallHandle(LINKER.defaultLookup().find("sendmsg").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
            Linker.Option.captureCallState("errno"));
    private static final MethodHandle CLOCK_GETTIME = LINKER.downcallHandle(LINKER.defaultLookup().find("clock_gettime").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS), Linker.Option.critical(false));

    private final DatagramSendChannel datagrams;
    private final int fd;
    private final int maxFrameBytes;
    private final LaunchSchedule schedule;
    private final MemorySegment header;
    private final MemorySegment iov;
    private final MemorySegment control;
    private final MemorySegment clock;
    private final MemorySegment state;
    private long stampedFrames;
    private long lastLaunchNs;

    TxTimeSendChannel(DatagramSendChannel datagrams, int fd, int maxFrameBytes, LaunchSchedule schedule) {
        this.datagrams = datagrams;
        this.fd = fd;
        this.maxFrameBytes = maxFrameBytes;
        this.schedule = schedule;
        Arena arena = Arena.ofAuto();
        this.header = arena.allocate(MSGHDR_BYTES, 8);
        this.iov = arena.allocate(16, 8);
        this.control = arena.allocate(CMSG_BYTES, 8);
        this.clock = arena.allocate(16, 8);
        this.state = arena.allocate(CALL_STATE);
        header.set(ValueLayout.ADDRESS, MSG_IOV, iov);
        header.set(ValueLayout.JAVA_LONG, MSG_IOVLEN, 1);
        header.set(ValueLayout.ADDRESS, MSG_CONTROL, control);
        header.set(ValueLayout.JAVA_LONG, MSG_CONTROLLEN, CMSG_BYTES);
        control.set(ValueLayout.JAVA_LONG, 0, CMSG_BYTES);       // cmsg_len = CMSG_LEN(8)
        control.set(ValueLayout.JAVA_INT, 8, SOL_SOCKET);       // cmsg_level
        control.set(ValueLayout.JAVA_INT, 12, SCM_TXTIME);      // cmsg_type
    }

    /** CLOCK_TAI now, in ns: the clock SO_TXTIME was set with. */
    private long taiNowNs() throws Throwable {
        int rc = (int) CLOCK_GETTIME.invokeExact(CLOCK_TAI, clock);
        if (rc != 0) {
            throw new IllegalStateException("clock_gettime(CLOCK_TAI) failed");
        }
        return clock.get(ValueLayout.JAVA_LONG, 0) * 1_000_000_000L + clock.get(ValueLayout.JAVA_LONG, 8);
    }

    @Override
    public int send(ByteBuffer frame) {
        int length = frame.remaining();
        if (length > maxFrameBytes) {
            return TOO_LARGE;
        }
        if (!frame.isDirect()) {
            return datagrams.send(frame);   // no native address to hand sendmsg; tests only ever send heap buffers
        }
        synchronized (this) {
            try {
                MemorySegment bytes = MemorySegment.ofBuffer(frame);   // from position to limit
                iov.set(ValueLayout.ADDRESS, 0, bytes);
                iov.set(ValueLayout.JAVA_LONG, 8, length);
                long launch = schedule.launchNs(taiNowNs());
                control.set(ValueLayout.JAVA_LONG, 16, launch);
                long sent = (long) SENDMSG.invokeExact(state, fd, header, MSG_DONTWAIT);
                if (sent >= 0) {
                    stampedFrames++;
                    lastLaunchNs = launch;
                    return length;
                }
                int errno = (int) ERRNO.get(state, 0L);
                return errno == ECONNREFUSED ? UNREACHABLE : errno == EAGAIN ? BACK_PRESSURED : FAILED;
            } catch (Throwable t) {
                return FAILED;
            }
        }
    }

    /** Frames sent with a launch time so far, and the last launch time (CLOCK_TAI ns); for tests. */
    synchronized long[] stamped() {
        return new long[]{stampedFrames, lastLaunchNs};
    }

    @Override
    public int pollReply(ByteBuffer into) {
        return datagrams.pollReply(into);
    }

    @Override
    public int awaitReply(ByteBuffer into) {
        return datagrams.awaitReply(into);
    }

    @Override
    public void close() {
        datagrams.close();
    }
}
