package io.tempos.core.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server the test runs as a child process, listening on a port of 127.0.0.1, its output in a
 * log file: what {@link Mosquitto} and {@link NatsServer} are made of.
 */
final class ServerProcess implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(15);

    private final int port;
    private final Process process;
    private final Path log;

    private ServerProcess(int port, Process process, Path log) {
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code command}, its output going to {@code log}, and waits until 127.0.0.1:{@code port}
     * accepts connections; fails naming {@code name} and quoting the log when the process ends or
     * {@link #STARTUP} passes first.
     */
    static ServerProcess start(String name, List<String> command, int port, Path log) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ServerProcess server = new ServerProcess(port, process, log);
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (!server.accepts()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                server.close();
                throw new IOException(name + " did not come up on 127.0.0.1:" + port + ": " + Files.readString(log));
            }
            Thread.sleep(20);   // polling a child process's port: no event to wait on
        }
        return server;
    }

    /** The path of {@code name} in /usr/sbin, /usr/bin or the PATH; fails with {@code install}, the command that installs it, when absent. */
    static String tool(String name, String install) {
        List<String> dirs = new ArrayList<>(List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin"));
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(":")));
        }
        for (String dir : dirs) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new AssertionError(name + " is not installed: " + install + " (.ci/run installs it on a fresh machine)");
    }

    int port() {
        return port;
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops the process and waits for it to end. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
