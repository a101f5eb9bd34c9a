package io.tempos.trigger;

import io.tempos.core.config.Deployment;
import io.tempos.core.event.EventFrame;
import io.tempos.core.event.Hop;
import io.tempos.core.stats.DropReason;
import io.tempos.core.stats.WorkflowSnapshot;
import io.tempos.core.testing.TestDeployments;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A trigger {@code gate} of the base test deployment, started for real, forwarding to a fake
 * broker: one UDP socket bound on each of the broker's level ports, where the test reads the
 * frames the trigger sent. Workflows: {@code door} (strict) and {@code camera} (best-effort).
 */
final class BridgeFixture implements AutoCloseable {

    /** A frame as the broker would read it. */
    record Frame(long eventId, String workflow, String level, String payload, long createdNanos, long triggerOutNanos) {
    }

    final Deployment deployment;
    final Trigger trigger;
    private final Map<String, DatagramChannel> broker = new HashMap<>();
    private final Selector selector;

    /** {@code triggerKeys} are TOML lines added to {@code [triggers.gate]}; {@code extraToml} is appended. */
    BridgeFixture(Path dir, String triggerKeys, String extraToml) throws IOException {
        Files.write(dir.resolve("fn.jar"), new byte[0]);
        String toml = TestDeployments.baseToml().replace("[triggers.gate]\n", "[triggers.gate]\n" + triggerKeys + "\n") + """
                [workflows.door]
                level = "strict"
                topic = "sq"
                method = "jvm"
                artifact = "fn.jar"
                entry = "Door"
                [workflows.camera]
                level = "best-effort"
                topic = "bq"
                method = "jvm"
                artifact = "fn.jar"
                entry = "Camera"
                """ + extraToml;
        deployment = TestDeployments.parse(toml, dir);
        selector = Selector.open();
        for (Map.Entry<String, Integer> port : deployment.brokers().get("mom").ports().entrySet()) {
            DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET)
                    .bind(new InetSocketAddress("127.0.0.1", port.getValue()));
            channel.configureBlocking(false);
            broker.put(port.getKey(), channel);
        }
        try {
            trigger = Trigger.start(deployment, "gate");
        } catch (IOException | RuntimeException e) {
            closeBroker();
            throw e;
        }
    }

    int udpPort(String level) {
        return deployment.triggers().get("gate").udpPorts().get(level);
    }

    int httpPort(String level) {
        return deployment.triggers().get("gate").httpPorts().get(level);
    }

    /** The next frame the broker's socket of {@code level} receives, waiting up to 10 s. */
    Frame next(String level) throws IOException {
        DatagramChannel channel = broker.get(level);
        ByteBuffer buffer = ByteBuffer.allocate(EventFrame.MAX_DATAGRAM_BYTES);
        SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (channel.receive(buffer) == null) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new AssertionError("no frame reached the broker's " + level + " port within 10 s");
                }
                selector.select(left);
                selector.selectedKeys().clear();
            }
        } finally {
            key.cancel();
            selector.selectNow();
        }
        buffer.flip();
        EventFrame frame = new EventFrame().wrap(buffer, 0);
        assertThat(frame.check(buffer.limit(), EventFrame.MAX_DATAGRAM_BYTES)).as("a valid frame").isPositive();
        return new Frame(frame.eventId(), frame.workflow(), frame.level(), new String(frame.payload(), StandardCharsets.UTF_8),
                frame.timestamp(Hop.CREATED), frame.timestamp(Hop.TRIGGER_OUT));
    }

    /** True when no frame is waiting on the broker's socket of {@code level} right now. */
    boolean nothingWaiting(String level) throws IOException {
        return broker.get(level).receive(ByteBuffer.allocate(EventFrame.MAX_DATAGRAM_BYTES)) == null;
    }

    WorkflowSnapshot stats(String workflow) {
        return trigger.stats().workflow(workflow).orElse(new WorkflowSnapshot(workflow, 0, 0, 0, Map.of(), Map.of()));
    }

    long dropped(String workflow, DropReason reason) {
        return stats(workflow).dropped().getOrDefault(reason.label(), 0L);
    }

    void awaitDropped(String workflow, DropReason reason, long count) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(dropped(workflow, reason)).as(workflow + " " + reason.label()).isEqualTo(count));
    }

    @Override
    public void close() throws IOException {
        trigger.close();
        closeBroker();
    }

    private void closeBroker() throws IOException {
        for (DatagramChannel channel : broker.values()) {
            channel.close();
        }
        selector.close();
    }
}
