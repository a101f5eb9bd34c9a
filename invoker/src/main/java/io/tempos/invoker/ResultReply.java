package io.tempos.invoker;

import io.tempos.core.channel.ReceiveChannel;
import io.tempos.core.channel.SendChannel;
import io.tempos.core.event.ControlFrame;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A worker's answer to a synchronous event: the outcome of its last event (set by the worker
 * whatever the event's flags, cheaply: a status, a length, a reason) and, when the event asked
 * for it, the {@link ControlFrame#RESULT} frame built from it. Owned by one worker thread;
 * its buffer is allocated on the first reply, so workers that only see asynchronous events
 * never pay for it.
 */
final class ResultReply {

    private int status = ControlFrame.STATUS_REFUSED;
    private long resultBytes;
    private String reason = "no outcome";
    private ByteBuffer buffer;

    /** Records the outcome of the current event: a status, the result's length for ok, the reason otherwise. */
    void outcome(int status, long resultBytes, String reason) {
        this.status = status;
        this.resultBytes = resultBytes;
        this.reason = reason;
    }

    /**
     * Sends the recorded outcome of {@code eventId} back to the event's sender through
     * {@code channel}; a result larger than a reply frame carries is answered as failed, naming
     * both sizes. A reply that cannot go is only logged: the trigger's waiter times out.
     */
    void send(ReceiveChannel channel, ReceiveChannel.ReplyTo sender, long eventId, MemorySegment output,
              RateLimitedLog log, String role) {
        if (buffer == null) {
            buffer = ByteBuffer.allocateDirect(ControlFrame.RESULT_HEADER_BYTES + ControlFrame.MAX_RESULT_BYTES)
                    .order(ByteOrder.LITTLE_ENDIAN);
        }
        int replyStatus = status;
        byte[] text = null;
        if (replyStatus == ControlFrame.STATUS_OK && resultBytes > Math.min(ControlFrame.MAX_RESULT_BYTES, output.byteSize())) {
            replyStatus = ControlFrame.STATUS_FAILED;
            text = ("result " + resultBytes + " bytes > " + ControlFrame.MAX_RESULT_BYTES + " bytes a reply frame carries").getBytes(StandardCharsets.UTF_8);
        } else if (replyStatus != ControlFrame.STATUS_OK) {
            text = String.valueOf(reason).getBytes(StandardCharsets.UTF_8);
        }
        buffer.clear();
        if (text == null) {
            int length = (int) resultBytes;
            MemorySegment.ofBuffer(buffer).asSlice(ControlFrame.RESULT_HEADER_BYTES, length).copyFrom(output.asSlice(0, length));
            ControlFrame.encodeResultHeader(buffer, eventId, replyStatus, length);
        } else {
            int length = Math.min(text.length, ControlFrame.MAX_RESULT_BYTES);
            buffer.put(ControlFrame.RESULT_HEADER_BYTES, text, 0, length);
            ControlFrame.encodeResultHeader(buffer, eventId, replyStatus, length);
        }
        int sent = channel.reply(buffer, sender);
        if (sent < 0 && sent != SendChannel.CLOSED) {
            log.warn(role + ": cannot send the result of event " + eventId + ": " + SendChannel.describe(sent));
        }
    }
}
