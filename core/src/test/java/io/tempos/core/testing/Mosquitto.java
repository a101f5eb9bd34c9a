package io.tempos.core.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto MQTT broker (Debian's {@code mosquitto}) as a child process of the test, on
 * 127.0.0.1 only, anonymous, without persistence; and {@code mosquitto_pub} to publish to it.
 * CI installs both (.ci/run); where they are missing the test fails saying so.
 */
public final class Mosquitto implements AutoCloseable {

    private static final String INSTALL = "apt-get install -y mosquitto mosquitto-clients";

    private final ServerProcess server;

    private Mosquitto(ServerProcess server) {
        this.server = server;
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
        List<String> command = List.of(ServerProcess.tool("mosquitto", INSTALL), "-c", config.toString());
        return new Mosquitto(ServerProcess.start("mosquitto", command, port, dir.resolve("mosquitto-" + port + ".log")));
    }

    public int port() {
        return server.port();
    }

    public String url() {
        return "tcp://127.0.0.1:" + server.port();
    }

    /** Publishes {@code payload} on {@code topic} with {@code mosquitto_pub}; throws unless it exits 0. */
    public void publish(String topic, String payload, int qos) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ServerProcess.tool("mosquitto_pub", INSTALL),
                "-h", "127.0.0.1", "-p", Integer.toString(server.port()), "-t", topic, "-q", Integer.toString(qos), "-m", payload));
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

    /** Kills the broker and waits for it to end. */
    @Override
    public void close() throws InterruptedException {
        server.close();
    }

    public String log() throws IOException {
        return server.log();
    }
}
