package io.tempos.broker;

import io.tempos.core.config.Deployment;
import io.tempos.core.event.EventFrame;
import io.tempos.core.stats.WorkflowSnapshot;
import io.tempos.core.testing.FreePorts;
import io.tempos.core.testing.TestDeployments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A broker {@code mom} with invokers {@code a}, {@code b}, {@code c} (each a port per level, free
 * on loopback) and topics and workflows given as TOML; a sender of events to its ingress.
 * Health polling is off unless the TOML of the broker says otherwise.
 */
final class LaneFixture implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(20);

    final Deployment deployment;
    final Broker broker;
    final Map<String, Integer> strictPorts = new LinkedHashMap<>();
    final Map<String, Integer> managementPorts = new LinkedHashMap<>();
    private final DatagramChannel sender;
    private final AtomicLong nextId = new AtomicLong(1);

    private LaneFixture(Deployment deployment, Broker broker) throws IOException {
        this.deployment = deployment;
        this.broker = broker;
        deployment.invokers().forEach((id, spec) -> {
            strictPorts.put(id, spec.ports().get("strict"));
            managementPorts.put(id, spec.managementPort());
        });
        // As large as a trigger's forwarder socket: rejections come back in bursts.
        this.sender = io.tempos.core.net.UdpSockets.sender(0).bind(new InetSocketAddress("127.0.0.1", 0));
    }

    /** The TOML of the deployment, before its topics: broker, invokers a, b, c, levels. */
    static String baseToml(String brokerExtra, String levelsToml) {
        return """
                name = "broker-test"
                [controller]
                port = %d
                %s
                [brokers.mom]
                management-port = %d
                ports = { strict = %d, best-effort = %d }
                %s
                [invokers.a]
                management-port = %d
                ports = { strict = %d, best-effort = %d }
                [invokers.b]
                management-port = %d
                ports = { strict = %d, best-effort = %d }
                [invokers.c]
                management-port = %d
                ports = { strict = %d, best-effort = %d }
                """.formatted(FreePorts.next(), levelsToml, FreePorts.next(), FreePorts.next(), FreePorts.next(), brokerExtra,
                FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next(),
                FreePorts.next(), FreePorts.next(), FreePorts.next());
    }

    /** A workflow {@code name} on {@code topic}, of {@code level}. */
    static String workflow(String name, String topic, String level) {
        return """
                [workflows.%s]
                level = "%s"
                topic = "%s"
                method = "dlf"
                artifact = "lib.so"
                """.formatted(name, level, topic);
    }

    static Deployment parse(String toml, Path dir) {
        try {
            if (!Files.exists(dir.resolve("lib.so"))) {
                Files.createFile(dir.resolve("lib.so"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return TestDeployments.parse(toml, dir);
    }

    static LaneFixture start(String toml, Path dir) throws IOException {
        Deployment d = parse(toml, dir);
        return new LaneFixture(d, Broker.start(d, "mom"));
    }

    int ingressPort(String level) {
        return deployment.brokers().get("mom").ports().get(level);
    }

    /** Sends one event of {@code workflow} to the broker's ingress of {@code level}; returns its id. */
    long send(String workflow, String level) {
        long id = nextId.getAndIncrement();
        send(id, workflow, level, new byte[16]);
        return id;
    }

    void send(long id, String workflow, String level, byte[] payload) {
        byte[] wf = workflow.getBytes(StandardCharsets.UTF_8);
        byte[] lv = level.getBytes(StandardCharsets.UTF_8);
        ByteBuffer frame = ByteBuffer.allocateDirect(EventFrame.encodedLength(wf, lv, payload.length)).order(ByteOrder.LITTLE_ENDIAN);
        EventFrame.encode(frame, id, wf, lv, payload, 0, payload.length);
        frame.flip();
        try {
            sender.send(frame, new InetSocketAddress("127.0.0.1", ingressPort(level)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    DatagramChannel sender() {
        return sender;
    }

    WorkflowSnapshot stats(String workflow) {
        return broker.stats().workflows().stream().filter(w -> w.workflow().equals(workflow)).findFirst()
                .orElse(new WorkflowSnapshot(workflow, 0, 0, 0, Map.of(), Map.of()));
    }

    @Override
    public void close() throws IOException {
        broker.close();
        sender.close();
    }
}
