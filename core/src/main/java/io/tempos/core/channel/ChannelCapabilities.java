package io.tempos.core.channel;

/**
 * What a channel adapter can honour, checked against every level that uses it before start.
 *
 * @param reliable        a frame the sender accepted reaches the receiver unless the connection breaks
 * @param ordered         frames arrive in the order they were sent (per sender)
 * @param maxMessageBytes the largest frame it carries
 * @param carriesPriority the level's socket priority (SO_PRIORITY) reaches the sockets, so a qdisc can classify its packets
 * @param carriesTxTime   frames can carry a transmit time (SO_TXTIME), which TSN slots need
 * @param carriesReplies  control frames (ACK, REJECT) travel back to the sender, which least-outstanding
 *                        groups and the {@code reject} overflow policy need
 */
public record ChannelCapabilities(boolean reliable, boolean ordered, int maxMessageBytes,
                                  boolean carriesPriority, boolean carriesTxTime, boolean carriesReplies) {

    public ChannelCapabilities {
        if (maxMessageBytes <= 0) {
            throw new IllegalArgumentException("maxMessageBytes " + maxMessageBytes + " must be positive");
        }
    }
}
