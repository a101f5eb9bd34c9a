package io.tempos.core.channel;

import io.tempos.core.config.TsnSpec;
import io.tempos.core.qos.QosLevel;

import java.io.IOException;

/**
 * A channel technology that carries a QoS level's frames between two components (paper III-B,
 * IV-C): UDP, TCP, a Unix domain socket, TSN. Adapters are plugins: each ships in a jar with a
 * {@code META-INF/services/io.tempos.core.channel.ChannelAdapter} entry and is found at run time
 * by {@link ChannelAdapters}. A level names its adapter in its {@code channel} key.
 *
 * <p>An adapter declares what it can do ({@link #capabilities()}); {@link ChannelPlan} refuses,
 * before any component starts, a level that asks for more. Opening applies the level's QoS to
 * the socket (priority, busy polling, transmit time) and fails with an exception naming the
 * value when the kernel refuses it; sending and receiving return values, never throw.
 */
public interface ChannelAdapter {

    /** The name a level's {@code channel} key uses, e.g. {@code udp}; lower case, unique. */
    String name();

    /** What this adapter can honour on this host. */
    ChannelCapabilities capabilities();

    /**
     * Binds a receiver of {@code level}'s frames at {@code endpoint}.
     *
     * @throws IOException naming the endpoint and the cause when it cannot bind or apply the level's QoS
     */
    ReceiveChannel openReceiver(Endpoint endpoint, QosLevel level) throws IOException;

    /**
     * A sender of {@code level}'s frames to the receiver at {@code destination}. Connection-based
     * adapters connect lazily and keep reconnecting: opening does not wait for the receiver.
     *
     * @throws IOException when the socket cannot be created or the level's QoS cannot be applied
     */
    SendChannel openSender(Endpoint destination, QosLevel level) throws IOException;

    /**
     * A sender that also knows the deployment's TSN schedule ({@code [tsn]}, null when there is
     * none), so that an adapter that {@link ChannelCapabilities#carriesTxTime() carries transmit
     * times} can stamp each frame with the next instant of the level's {@code tsn-slot}. The
     * components open their senders with this; by default it ignores the schedule.
     */
    default SendChannel openSender(Endpoint destination, QosLevel level, TsnSpec tsn) throws IOException {
        return openSender(destination, level);
    }
}
