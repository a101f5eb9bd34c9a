package io.tempos.core.event;

/**
 * Why a received frame was rejected by {@link EventFrame#check}. Each value is counted by the
 * component that received the frame; none of them escapes a receive loop as an exception.
 */
public enum FrameError {
    /** Fewer bytes than the fixed header, or fewer than the lengths in the header announce. */
    TRUNCATED,
    /** The first two bytes are not the Tempos magic: not a Tempos frame at all. */
    BAD_MAGIC,
    /** A version this build does not read. */
    UNSUPPORTED_VERSION,
    /** More bytes than the channel's largest message, or than the header announces. */
    OVERSIZED,
    /** A name length of zero, or a name that is not valid UTF-8. */
    BAD_NAME;

    private static final FrameError[] VALUES = values();

    /** Maps a negative {@link EventFrame#check} result back to its error. */
    public static FrameError ofCode(int code) {
        return VALUES[-code - 1];
    }

    /** The negative code that {@link EventFrame#check} returns for this error. */
    public int code() {
        return -ordinal() - 1;
    }
}
