package io.tempos.core.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real NATS server (Debian's {@code nats-server}) as a child process of the test, on 127.0.0.1
 * only, without authentication or persistence. CI installs it (.ci/run); where it is missing
 * the test fails saying how to install it.
 */
public final class NatsServer implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(15);

    private final int port;
    private final Process process;
    private final Path log;

    private NatsServer(int port, Process process, Path log) {
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /** Starts a server on {@code port} of 127.0.0.1, logging into {@code dir}, and waits until it accepts connections. */
    public static NatsServer start(int port, Path dir) throws IOException, InterruptedException {
        Path log = dir.resolve("nats-server-" + port + ".log");
        Process process = new ProcessBuilder(Mosquitto.tool("nats-server", "apt-get install -y nats-server"),
                "--addr", "127.0.0.1", "--port", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        NatsServer server = new NatsServer(port, process, log);
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (!server.accepts()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                server.close();
                throw new IOException("nats-server did not come up on 127.0.0.1:" + port + ": " + Files.readString(log));
            }
            Thread.sleep(20);   // polling a child process's port: no event to wait on
        }
        return server;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops the server and waits for it to end. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    public String log() throws IOException {
        return Files.readString(log);
    }
}
