package io.tempos.core.channel;

import io.tempos.core.config.BrokerSpec;
import io.tempos.core.config.InvokerSpec;

import java.nio.file.Path;

/**
 * Where a level's receivers listen, from the deployment: a broker's ingress and an invoker's
 * level socket are {@code host:port} from their {@code ports}, or a Unix socket path from their
 * {@code socket-paths} (a channel whose adapter has {@link ChannelCapabilities#pathEndpoints()}).
 */
public final class ChannelEndpoints {

    private ChannelEndpoints() {
    }

    /**
     * The ingress of {@code broker} for {@code level}.
     *
     * @throws IllegalArgumentException when the broker has neither a port nor a path for the level
     */
    public static Endpoint brokerIngress(BrokerSpec broker, String level) {
        String path = broker.socketPaths().get(level);
        if (path != null) {
            return Endpoint.ofPath(Path.of(path));
        }
        Integer port = broker.ports().get(level);
        if (port == null) {
            throw new IllegalArgumentException("broker " + broker.id() + " has no port (ports." + level + ") or socket path (socket-paths."
                    + level + ") for level '" + level + "'");
        }
        return Endpoint.of(broker.host(), port);
    }

    /**
     * The level socket of {@code invoker} for {@code level}.
     *
     * @throws IllegalArgumentException when the invoker has neither a port nor a path for the level
     */
    public static Endpoint invoker(InvokerSpec invoker, String level) {
        String path = invoker.socketPaths().get(level);
        if (path != null) {
            return Endpoint.ofPath(Path.of(path));
        }
        Integer port = invoker.ports().get(level);
        if (port == null) {
            throw new IllegalArgumentException("invoker " + invoker.id() + " has no port (ports." + level + ") or socket path (socket-paths."
                    + level + ") for level '" + level + "'");
        }
        return Endpoint.of(invoker.host(), port);
    }
}
