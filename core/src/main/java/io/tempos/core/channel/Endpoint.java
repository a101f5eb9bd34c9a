package io.tempos.core.channel;

import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * Where a receiver listens: a host and port, or the path of a Unix domain socket.
 *
 * @param host null for a path endpoint
 * @param port 0 for a path endpoint (and for a receiver bound to any free port)
 * @param path null for a host endpoint
 */
public record Endpoint(String host, int port, String path) {

    public Endpoint {
        if ((host == null) == (path == null)) {
            throw new IllegalArgumentException("an endpoint has either a host and port or a path, not " + host + " and " + path);
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is outside 0..65535");
        }
    }

    public static Endpoint of(String host, int port) {
        return new Endpoint(host, port, null);
    }

    public static Endpoint ofPath(Path path) {
        return new Endpoint(null, 0, path.toString());
    }

    public boolean isPath() {
        return path != null;
    }

    /**
     * Refuses a path endpoint for an adapter that listens on host:port.
     *
     * @param adapter the adapter's name, for the message
     */
    public void requireHost(String adapter) {
        if (isPath()) {
            throw new IllegalArgumentException(adapter + " needs a host and port, not the path " + path);
        }
    }

    /**
     * The socket file of a path endpoint; refuses a host endpoint.
     *
     * @param adapter the adapter's name, for the message
     */
    public Path requirePath(String adapter) {
        if (!isPath()) {
            throw new IllegalArgumentException(adapter + " needs a socket path, not " + this);
        }
        return Path.of(path);
    }

    /** The socket address of a host endpoint. */
    public InetSocketAddress socketAddress() {
        if (host == null) {
            throw new IllegalStateException("endpoint " + this + " has no host");
        }
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return path != null ? path : host + ":" + port;
    }
}
