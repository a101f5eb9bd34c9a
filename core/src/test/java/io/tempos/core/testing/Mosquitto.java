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
 * A real Mosquitto MQTT broker (Debian's {@code mosquitto}) as a child process of the test, on
 * 127.0.0.1 only, anonymous, without persistence; and {@code mosquitto_pub} to publish to it.
 * CI installs both (.ci/run); where they are missing the test fails saying so.
 */
public final class Mosquitto implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(15);
    private static final String INSTALL = "apt-get install -y mosquitto mosquitto-clients";

    private final int port;
    private final Process process;
    private final Path log;

    private Mosquitto(int port, Process process, Path log) {
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /** Starts a broker on {@code port} of 127.0.0.1 and waits until it accepts connections. */
    public static Mosquitto start(int port, Path dir) throws IOException, InterruptedException {
        Path config = dir.resolve("mosquitto-" + port + ".conf");
        Files.writeString(config, """
                listener %d 127.0.0.1
                allow_anonymous true
                persistence false
                log_dest stdout
                """.formatted(port));
        Path log = dir.resolve("mosquitto-" + port + ".log");
        Process process = new ProcessBuilder(tool("mosquitto", INSTALL), "-c", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Mosquitto mosquitto = new Mosquitto(port, process, log);
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (!mosquitto.accepts()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                mosquitto.close();
                throw new IOException("mosquitto did not come up on 127.0.0.1:" + port + ": " + Files.readString(log));
            }
            Thread.sleep(20);   // polling a child process's port: no event to wait on
        }
        return mosquitto;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Publishes {@code payload} on {@code topic} with {@code mosquitto_pub}; throws unless it exits 0. */
    public void publish(String topic, String payload, int qos) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(tool("mosquitto_pub", INSTALL), "-h", "127.0.0.1", "-p", Integer.toString(port),
                "-t", topic, "-q", Integer.toString(qos), "-m", payload));
        Process pub = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!pub.waitFor(10, TimeUnit.SECONDS)) {
            pub.destroyForcibly();
            throw new IOException("mosquitto_pub hung: " + command);
        }
        String output = new String(pub.getInputStream().readAllBytes());
        if (pub.exitValue() != 0) {
            throw new IOException("mosquitto_pub exited " + pub.exitValue() + ": " + output);
        }
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
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

    /** Kills the broker and waits for it to end. */
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
