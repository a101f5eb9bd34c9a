package io.tempos.cli;

import io.tempos.core.config.Deployment;
import io.tempos.core.testing.TestDeployments;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The test deployment of {@link TestDeployments} with two workflows running the real example
 * functions: {@code door} (strict, C shared library, warm) and {@code camera} (best-effort,
 * Java jar), and a source that sends datagrams to the trigger.
 */
final class HotelFixture {

    static final Path ROOT = TestDeployments.repositoryRoot();
    static final Path LIBRARY = ROOT.resolve("functions/algorithm1-c/target/libalgorithm1.so");
    static final Path JAR = ROOT.resolve("functions/algorithm1-java/target/algorithm1.jar");
    static final byte[] SMALL_EVENT = read("functions/testdata/event-1k5-100.json");
    static final byte[] LARGE_EVENT = read("functions/testdata/event-16k-1000.json");

    static String toml() {
        return TestDeployments.baseToml() + """
                [workflows.door]
                level = "strict"
                topic = "sq"
                method = "dlf"
                artifact = "%s"
                mode = "warm"
                [workflows.camera]
                level = "best-effort"
                topic = "bq"
                method = "jvm"
                artifact = "%s"
                entry = "io.tempos.functions.Algorithm1"
                """.formatted(LIBRARY, JAR);
    }

    static Deployment deployment(String toml) {
        return TestDeployments.parse(toml, ROOT);
    }

    /** Sends {@code count} datagrams "<workflow>\n<payload>" to the trigger's UDP port of the level. */
    static void send(Deployment d, String workflow, byte[] payload, int count) throws IOException {
        String level = d.workflows().get(workflow).level();
        var trigger = d.triggers().get("gate");
        byte[] name = (workflow + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer datagram = ByteBuffer.allocate(name.length + payload.length).put(name).put(payload).flip();
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.connect(new InetSocketAddress(trigger.host(), trigger.udpPorts().get(level)));
            for (int i = 0; i < count; i++) {
                channel.write(datagram.rewind());
            }
        }
    }

    private static byte[] read(String path) {
        try {
            return Files.readAllBytes(ROOT.resolve(path));
        } catch (IOException e) {
            throw new AssertionError("missing test data " + path + ": build the functions module first", e);
        }
    }

    private HotelFixture() {
    }
}
