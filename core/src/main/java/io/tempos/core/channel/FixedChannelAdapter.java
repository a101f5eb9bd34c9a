package io.tempos.core.channel;

/**
 * The base of an adapter whose name and capabilities are known when it is made (UDP, TCP, Unix
 * domain sockets), so each adapter states them once and keeps only its sockets. An adapter that
 * probes the kernel for what it can do (TSN's SO_TXTIME) implements {@link ChannelAdapter} itself.
 */
public abstract class FixedChannelAdapter implements ChannelAdapter {

    private final String name;
    private final ChannelCapabilities capabilities;

    protected FixedChannelAdapter(String name, ChannelCapabilities capabilities) {
        this.name = name;
        this.capabilities = capabilities;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final ChannelCapabilities capabilities() {
        return capabilities;
    }
}
