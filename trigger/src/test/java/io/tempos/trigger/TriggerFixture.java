package io.tempos.trigger;

import io.tempos.core.testing.UdpStub;

import io.tempos.core.testing.ForwardingFixture;
import io.tempos.core.testing.Workflows;

import io.tempos.core.config.BrokerSpec;
import io.tempos.core.config.Deployment;
import io.tempos.core.config.TriggerSpec;
import io.tempos.core.event.EventFrame;
import io.tempos.core.event.Hop;
import io.tempos.core.stats.ComponentSnapshot;
import io.tempos.core.testing.TestDeployments;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real trigger {@code gate} of a test deployment on loopback, with the test playing the
 * outside sources (UDP datagrams and HTTP requests to the trigger's level endpoints) and the
 * broker {@code mom} (plain UDP sockets bound on the broker's level ports).
 */
final class TriggerFixture implements ForwardingFixture, AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final Duration POLL = Duration.ofMillis(5);

    final Deployment deployment;
    final Trigger trigger;
    final UdpStub broker;
    final TriggerSpec spec;
    private final DatagramChannel source;
    private final HttpClient http;
    /** Makes every payload the fixture sends itself unique, to find its frame at the broker. */
    private final AtomicLong marks = new AtomicLong();

    private TriggerFixture(Deployment deployment, Trigger trigger, UdpStub broker, DatagramChannel source, HttpClient http) {
        this.deployment = deployment;
        this.trigger = trigger;
        this.broker = broker;
        this.source = source;
        this.http = http;
        this.spec = deployment.triggers().get("gate");
    }

    /** Trigger {@code gate} of the base deployment plus {@code workflowsToml}. */
    static TriggerFixture start(Path dir, String workflowsToml) throws IOException {
        return start(deployment(dir, TestDeployments.baseToml() + workflowsToml));
    }

    static Deployment deployment(Path dir, String toml) {
        Workflows.createArtifact(dir);
        return TestDeployments.parse(toml, dir);
    }

    static TriggerFixture start(Deployment deployment) throws IOException {
        BrokerSpec mom = deployment.brokers().get("mom");
        UdpStub broker = new UdpStub(mom.host(), mom.ports());
        DatagramChannel source = DatagramChannel.open();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(WAIT).build();
        try {
            return new TriggerFixture(deployment, Trigger.start(deployment, "gate"), broker, source, http);
        } catch (IOException | RuntimeException e) {
            broker.close();
            source.close();
            http.close();
            throw e;
        }
    }

    /** Sends {@code datagram} as it is to the trigger's UDP endpoint of {@code level}. */
    void sendUdp(String level, byte[] datagram) throws IOException {
        InetSocketAddress endpoint = new InetSocketAddress(spec.host(), spec.udpPorts().get(level));
        assertThat(source.send(ByteBuffer.wrap(datagram), endpoint)).isEqualTo(datagram.length);
    }

    /** {@code <name>\n<payload>}: the UDP ingress format. */
    static byte[] datagram(String workflow, byte[] payload) {
        byte[] name = (workflow + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] datagram = Arrays.copyOf(name, name.length + payload.length);
        System.arraycopy(payload, 0, datagram, name.length, payload.length);
        return datagram;
    }

    HttpResponse<String> post(String level, String path, byte[] body) throws IOException, InterruptedException {
        return request(level, path, HttpRequest.newBuilder().POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    HttpResponse<String> request(String level, String path, HttpRequest.Builder request) throws IOException, InterruptedException {
        URI uri = URI.create("http://" + spec.host() + ":" + spec.httpPorts().get(level) + path);
        return http.send(request.uri(uri).timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> management(String path, HttpRequest.Builder request) throws IOException, InterruptedException {
        URI uri = URI.create("http://" + spec.host() + ":" + spec.managementPort() + path);
        return http.send(request.uri(uri).timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The next frame the broker receives on {@code level}; fails when none comes within {@link #WAIT}. */
    byte[] awaitFrame(String level) throws IOException {
        byte[] frame = broker.receive(level, WAIT);
        assertThat(frame).as("a frame at the broker's %s port within %s; trigger stats %s", level, WAIT, trigger.stats()).isNotNull();
        return frame;
    }

    /** The frame whose payload is {@code payload}, skipping others; fails when none comes in time. */
    byte[] awaitFrameWithPayload(String level, byte[] payload) throws IOException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            byte[] bytes = broker.receive(level, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (bytes != null && Arrays.equals(checked(bytes).payload(), payload)) {
                return bytes;
            }
        }
        throw new AssertionError("no frame with payload '" + new String(payload, StandardCharsets.UTF_8) + "' reached the broker's "
                + level + " port within " + WAIT + "; trigger stats " + trigger.stats());
    }

    /** The trigger still turns a valid event of {@code workflow} into a frame, over UDP and over HTTP. */
    @Override
    public void assertStillForwards(String workflow, String level) throws Exception {
        byte[] udpPayload = ("still alive " + marks.incrementAndGet()).getBytes(StandardCharsets.UTF_8);
        sendUdp(level, datagram(workflow, udpPayload));
        assertThat(checked(awaitFrameWithPayload(level, udpPayload)).workflow()).isEqualTo(workflow);

        byte[] httpPayload = ("still alive " + marks.incrementAndGet()).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = post(level, "/workflows/" + workflow, httpPayload);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(checked(awaitFrameWithPayload(level, httpPayload)).workflow()).isEqualTo(workflow);
    }

    /** A flyweight over {@code bytes}; fails the test when they are not a well-formed frame. */
    static EventFrame checked(byte[] bytes) {
        EventFrame frame = new EventFrame().wrap(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN), 0);
        int length = frame.check(bytes.length, EventFrame.MAX_DATAGRAM_BYTES);
        assertThat(length).as("frame check of %d bytes", bytes.length).isEqualTo(bytes.length);
        return frame;
    }

    /**
     * Fails unless {@code frame} is what the trigger made of {@code payload} for {@code workflow}
     * on {@code level}: created and sent between {@code beforeNs} and {@code afterNs} (both read
     * from {@link System#nanoTime()}, the clock of the stamps), with no later hop stamped yet.
     */
    static void assertFreshFrame(EventFrame frame, String workflow, String level, byte[] payload, long beforeNs, long afterNs) {
        assertThat(frame.workflow()).isEqualTo(workflow);
        assertThat(frame.level()).isEqualTo(level);
        assertThat(frame.payload()).isEqualTo(payload);
        assertThat(frame.eventId()).isNotNegative();
        long created = frame.timestamp(Hop.CREATED);
        assertThat(created).as("created").isGreaterThanOrEqualTo(beforeNs);
        assertThat(frame.timestamp(Hop.TRIGGER_OUT)).as("trigger-out").isGreaterThanOrEqualTo(created).isLessThanOrEqualTo(afterNs);
        for (Hop later : Hop.values()) {
            if (later.compareTo(Hop.TRIGGER_OUT) > 0) {
                assertThat(frame.timestamp(later)).as(later.label()).isZero();
            }
        }
    }

    @Override
    public ComponentSnapshot stats() {
        return trigger.stats();
    }

    /** Datagrams the kernel dropped on the trigger's UDP socket of {@code level}. */
    @Override
    public long socketDrops(String level) {
        return trigger.stats().socketDrops().getOrDefault("udp " + level, 0L);
    }

    @Override
    public void close() throws IOException {
        try {
            trigger.close();
        } finally {
            broker.close();
            source.close();
            http.close();
        }
    }
}
