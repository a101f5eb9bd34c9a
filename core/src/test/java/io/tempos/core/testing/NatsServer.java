package io.tempos.core.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A real NATS server (Debian's {@code nats-server}) as a child process of the test, on 127.0.0.1
 * only, without authentication or persistence. CI installs it (.ci/run); where it is missing
 * the test fails saying how to install it.
 */
public final class NatsServer implements AutoCloseable {

    private final ServerProcess server;

    private NatsServer(ServerProcess server) {
        this.server = server;
    }

    /** Starts a server on {@code port} of 127.0.0.1, logging into {@code dir}, and waits until it accepts connections. */
    public static NatsServer start(int port, Path dir) throws IOException, InterruptedException {
        List<String> command = List.of(ServerProcess.tool("nats-server", "apt-get install -y nats-server"),
                "--addr", "127.0.0.1", "--port", Integer.toString(port));
        return new NatsServer(ServerProcess.start("nats-server", command, port, dir.resolve("nats-server-" + port + ".log")));
    }

    public int port() {
        return server.port();
    }

    public String url() {
        return "nats://127.0.0.1:" + server.port();
    }

    /** Stops the server and waits for it to end. */
    @Override
    public void close() throws InterruptedException {
        server.close();
    }

    public String log() throws IOException {
        return server.log();
    }
}
