package io.tempos.core.channel;

/**
 * What a channel adapter can honour, checked against every level that uses it before start.
 *
 * @param reliable        a frame the sender accepted reaches the receiver unless the connection breaks
 * @param ordered         frames arrive in the order they were sent (per sender)
 * @param maxMessageBytes the largest frame it carries
 * @param carriesPriority the level's socket priority (SO_PRIORITY) reaches the sockets, so a qdisc can classify its packets
 * @param carriesTxTime   frames can carry a transmit time (SO_TXTIME with an SCM_TXTIME per packet), which an
 *                        etf qdisc on the level's traffic class needs ({@code tsn.etf-level})
 * @param carriesReplies  control frames (ACK, REJECT, RESULT) travel back to the sender, which least-outstanding
 *                        groups, the {@code reject} overflow policy and synchronous invocation need
 * @param pathEndpoints   it listens on a socket file path ({@code socket-paths} of brokers and invokers) rather
 *                        than on host:port ({@code ports})
 */
public record ChannelCapabilities(boolean reliable, boolean ordered, int maxMessageBytes,
                                  boolean carriesPriority, boolean carriesTxTime, boolean carriesReplies,
                                  boolean pathEndpoints) {

    public ChannelCapabilities {
        if (maxMessageBytes <= 0) {
            throw new IllegalArgumentException("maxMessageBytes " + maxMessageBytes + " must be positive");
        }
    }

    /** An adapter that listens on host:port. */
    public ChannelCapabilities(boolean reliable, boolean ordered, int maxMessageBytes,
                               boolean carriesPriority, boolean carriesTxTime, boolean carriesReplies) {
        this(reliable, ordered, maxMessageBytes, carriesPriority, carriesTxTime, carriesReplies, false);
    }
}
