package io.tempos.broker;

import io.tempos.core.testing.UdpStub;

import io.tempos.core.testing.ForwardingFixture;
import io.tempos.core.testing.Workflows;

import io.tempos.core.config.BrokerSpec;
import io.tempos.core.config.Deployment;
import io.tempos.core.config.InvokerSpec;
import io.tempos.core.event.EventFrame;
import io.tempos.core.stats.ComponentSnapshot;
import io.tempos.core.testing.TestDeployments;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real broker of a test deployment on loopback, with the test playing both of its peers:
 * the trigger (a plain UDP socket sending encoded frames to the broker's level ports) and the
 * invoker {@code edge} (plain UDP sockets bound on the invoker's level ports).
 */
final class BrokerFixture implements ForwardingFixture, AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final Duration POLL = Duration.ofMillis(5);

    final Deployment deployment;
    final Broker broker;
    final UdpStub invoker;
    private final BrokerSpec spec;
    private final DatagramChannel trigger;
    /** Event ids of events the fixture sends itself; far from the small ids tests choose. */
    private final AtomicLong ids = new AtomicLong(1L << 40);

    private BrokerFixture(Deployment deployment, BrokerSpec spec, Broker broker, UdpStub invoker, DatagramChannel trigger) {
        this.deployment = deployment;
        this.spec = spec;
        this.broker = broker;
        this.invoker = invoker;
        this.trigger = trigger;
    }

    /** The base deployment with the broker named {@code brokerId} instead of {@code mom}. */
    static String baseToml(String brokerId) {
        return TestDeployments.baseToml()
                .replace("[brokers.mom]", "[brokers." + brokerId + "]")
                .replace("broker = \"mom\"", "broker = \"" + brokerId + "\"");
    }

    /** Broker {@code mom} of the base deployment plus {@code workflowsToml}. */
    static BrokerFixture start(Path dir, String workflowsToml) throws IOException {
        return start(deployment(dir, TestDeployments.baseToml() + workflowsToml), "mom");
    }

    static Deployment deployment(Path dir, String toml) {
        Workflows.createArtifact(dir);
        return TestDeployments.parse(toml, dir);
    }

    static BrokerFixture start(Deployment deployment, String brokerId) throws IOException {
        InvokerSpec edge = deployment.invokers().get("edge");
        UdpStub invoker = new UdpStub(edge.host(), edge.ports());
        DatagramChannel trigger = DatagramChannel.open();
        try {
            Broker broker = Broker.start(deployment, brokerId);
            return new BrokerFixture(deployment, deployment.brokers().get(brokerId), broker, invoker, trigger);
        } catch (IOException | RuntimeException e) {
            invoker.close();
            trigger.close();
            throw e;
        }
    }

    InetSocketAddress address(String level) {
        return new InetSocketAddress(spec.host(), spec.ports().get(level));
    }

    int managementPort() {
        return spec.managementPort();
    }

    /** Sends {@code datagram} as it is to the broker's ingress of {@code level}. */
    void send(String level, byte[] datagram) throws IOException {
        int sent = trigger.send(ByteBuffer.wrap(datagram), address(level));
        assertThat(sent).as("datagram of %d bytes sent", datagram.length).isEqualTo(datagram.length);
    }

    /** Sends a well-formed event of {@code workflow}, its level field {@code level}; returns its id. */
    long sendEvent(String workflow, String level) throws IOException {
        long id = ids.getAndIncrement();
        send(level, Frames.frame(id, workflow, level));
        return id;
    }

    /**
     * The frame with {@code eventId} as the invoker receives it on {@code level}, skipping other
     * frames; fails when it does not arrive within {@link #WAIT}.
     */
    byte[] awaitEvent(String level, long eventId) throws IOException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            byte[] bytes = invoker.receive(level, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (bytes != null && Frames.checked(bytes).eventId() == eventId) {
                return bytes;
            }
        }
        throw new AssertionError("event " + eventId + " did not reach the invoker's " + level + " socket within " + WAIT
                + "; broker stats: " + broker.stats());
    }

    @Override
    public void assertStillForwards(String workflow, String level) throws IOException {
        long id = sendEvent(workflow, level);
        EventFrame frame = Frames.checked(awaitEvent(level, id));
        assertThat(frame.workflow()).isEqualTo(workflow);
    }

    @Override
    public ComponentSnapshot stats() {
        return broker.stats();
    }

    @Override
    public long socketDrops(String level) {
        return broker.stats().socketDrops().getOrDefault(level, 0L);
    }

    @Override
    public void close() throws IOException {
        try {
            broker.close();
        } finally {
            invoker.close();
            trigger.close();
        }
    }
}
