package io.tempos.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.tempos.core.channel.ChannelAdapter;
import io.tempos.core.channel.ChannelAdapters;
import io.tempos.core.channel.ChannelEndpoints;
import io.tempos.core.channel.ReceiveChannel;
import io.tempos.core.component.ConfigDocument;
import io.tempos.core.config.Deployment;
import io.tempos.core.config.DeploymentJson;
import io.tempos.core.event.EventFrame;
import io.tempos.core.qos.SchedPolicy;
import io.tempos.core.sys.Linux;
import io.tempos.core.sys.ProcessCapabilities;
import io.tempos.core.sys.TaskScheduling;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /topics} of a real broker over real sockets: what a topic can give is read from
 * what runs (the adapter, the members' senders and down marks, the kernel's scheduling of the
 * lane threads), so it changes when they change and not when the configuration says otherwise.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TopicQosTest {

    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);
    /** Members a and b in one group of the strict topic {@code cams}; health polled every 100 ms. */
    private static final String CAMS = """
            [topics.cams]
            level = "strict"
            groups = [ { name = "pool", members = ["a", "b"] } ]
            """ + LaneFixture.workflow("w", "cams", "strict");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(HTTP_TIMEOUT).build();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
        http.close();
    }

    @Test
    void aUdpTopicIsUnreliableRealTimeWithEveryMemberConnected() throws Exception {
        LaneFixture f = udpCams();
        int port = f.deployment.brokers().get("mom").managementPort();

        await().atMost(LaneFixture.WAIT).untilAsserted(() ->
                assertThat(get(port, "/topics/cams").json.at("/effective/membersConnected").asInt()).isEqualTo(2));
        JsonNode qos = get(port, "/topics/cams").json;

        assertThat(qos.path("topic").asText()).isEqualTo("cams");
        assertThat(qos.path("level").asText()).isEqualTo("strict");
        assertThat(qos.path("broker").asText()).isEqualTo("mom");
        assertThat(qos.at("/ingress/channel").asText()).isEqualTo("udp");
        assertThat(qos.at("/ingress/endpoint").asText()).isEqualTo("127.0.0.1:" + f.ingressPort("strict"));
        assertThat(qos.at("/egress/members").findValuesAsText("invoker")).containsExactly("a", "b");
        assertThat(qos.at("/egress/members/0/groups").toString()).isEqualTo("[\"pool\"]");
        JsonNode effective = qos.path("effective");
        assertThat(effective.path("reliable").asBoolean()).isFalse();
        assertThat(effective.path("ordered").asBoolean()).isFalse();
        assertThat(effective.path("carriesPriority").asBoolean()).isTrue();
        assertThat(effective.path("maxMessageBytes").asInt()).isEqualTo(EventFrame.MAX_DATAGRAM_BYTES);
        assertThat(effective.path("members").asInt()).isEqualTo(2);
        assertThat(qos.at("/processing/queueCapacity").asInt()).isEqualTo(1024);
        assertThat(qos.at("/processing/overflow").asText()).isEqualTo("DROP_NEWEST");
        assertThat(qos.at("/processing/processor/requested/policy").asText()).isEqualTo("SCHED_FIFO");
        assertThat(qos.at("/processing/processor/requested/priority").asInt()).isEqualTo(98);
        assertThat(qos.at("/processing/receiver/requested/priority").asInt()).isEqualTo(97);
        assertThat(qos.at("/processing/processor/actual/tid").asInt()).isEqualTo(f.broker.lane("strict").progress().processorTid());
        assertThat(degraded(qos)).first().asString().startsWith("channel udp is not reliable");
        if (ProcessCapabilities.has(ProcessCapabilities.CAP_SYS_NICE)) {
            // As root: SCHED_FIFO is in force on both lane threads, as the kernel itself says.
            assertThat(effective.path("realTime").asBoolean()).as("%s", qos).isTrue();
            assertThat(TaskScheduling.of(qos.at("/processing/processor/actual/tid").asInt()).policy()).isEqualTo("SCHED_FIFO");
            assertThat(qos.at("/processing/processor/actual/priority").asInt()).isEqualTo(98);
            assertThat(qos.at("/processing/receiver/actual/policy").asText()).isEqualTo("SCHED_FIFO");
            assertThat(degraded(qos)).as("only the channel degrades it").hasSize(1);
        } else {
            assertThat(effective.path("realTime").asBoolean()).isFalse();
            assertThat(degraded(qos)).anySatisfy(d -> assertThat(d).contains("lacks CAP_SYS_NICE"));
        }

        JsonNode all = get(port, "/topics").json;
        assertThat(all.isArray()).isTrue();
        assertThat(all.findValuesAsText("topic")).containsExactly("cams");
    }

    @Test
    void aMemberWhoseInvokerStopsIsReportedDownWithinTheHealthBound() throws Exception {
        LaneFixture f = udpCams();
        int port = f.deployment.brokers().get("mom").managementPort();
        await().atMost(LaneFixture.WAIT).untilAsserted(() ->
                assertThat(get(port, "/topics/cams").json.at("/effective/membersConnected").asInt()).isEqualTo(2));

        health.get(0).stop(0);   // invoker a's process is gone: its management endpoint no longer answers

        // Two failed polls at 100 ms, plus one interval and the processor's wake-up.
        await().atMost(LaneFixture.WAIT).untilAsserted(() -> {
            JsonNode qos = get(port, "/topics/cams").json;
            assertThat(qos.at("/effective/membersConnected").asInt()).isEqualTo(1);
            assertThat(qos.at("/effective/members").asInt()).isEqualTo(2);
            assertThat(qos.at("/egress/members/0/down").asText()).contains("health poll");
            assertThat(qos.at("/egress/members/1/down").isNull()).isTrue();
            assertThat(degraded(qos)).anySatisfy(d -> assertThat(d).startsWith("member a is down: its health poll"));
        });
    }

    @Test
    void theSchedulingIsWhatTheKernelHasNotWhatTheLevelAsks() throws Exception {
        LaneFixture f = udpCams();
        int port = f.deployment.brokers().get("mom").managementPort();
        await().atMost(LaneFixture.WAIT).until(() -> f.broker.lane("strict").progress().processorTid() != 0);
        int processor = f.broker.lane("strict").progress().processorTid();

        // From outside, as `chrt -o -p 0 TID` would: the level still asks SCHED_FIFO 98.
        assertThat(Linux.setScheduler(processor, SchedPolicy.OTHER.linuxConstant(), 0)).isZero();

        JsonNode qos = get(port, "/topics/cams").json;
        assertThat(qos.at("/effective/realTime").asBoolean()).isFalse();
        assertThat(qos.at("/processing/processor/inForce").asBoolean()).isFalse();
        assertThat(qos.at("/processing/processor/actual/policy").asText()).isEqualTo("SCHED_OTHER");
        assertThat(qos.at("/processing/processor/requested/policy").asText()).isEqualTo("SCHED_FIFO");
        assertThat(degraded(qos)).anySatisfy(d -> assertThat(d)
                .startsWith("processor runs SCHED_OTHER nice 0, level strict asks SCHED_FIFO 98: the broker "
                        + (ProcessCapabilities.has(ProcessCapabilities.CAP_SYS_NICE) ? "has CAP_SYS_NICE" : "lacks CAP_SYS_NICE")));
    }

    @Test
    void aTcpLevelIsReliableAndOrdered() throws Exception {
        Deployment d = LaneFixture.parse(LaneFixture.baseToml("health-interval-ms = 0", "[levels.strict]\nchannel = \"tcp\"\n") + """
                [topics.cams]
                level = "strict"
                subscribers = ["a"]
                """ + LaneFixture.workflow("w", "cams", "strict"), dir);
        ChannelAdapter tcp = ChannelAdapters.installed().get("tcp");
        assertThat(tcp).as("the tcp plugin jar in channels/target/plugins; adapters: %s", ChannelAdapters.installed().names()).isNotNull();
        // Invoker a's real tcp receiver, draining what comes so that its connection stays healthy.
        ReceiveChannel invoker = tcp.openReceiver(ChannelEndpoints.invoker(d.invokers().get("a"), "strict"), d.levels().get("strict"));
        open.add(invoker);
        Thread.ofPlatform().daemon(true).name("tcp-invoker-a").start(() -> {
            ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 16);
            ReceiveChannel.ReplyTo from = invoker.newReplyTo();
            while (invoker.receive(buffer, from) != ReceiveChannel.CLOSED) {
                buffer.clear();
            }
        });
        Broker broker = Broker.start(d, "mom");
        open.add(broker);
        int port = d.brokers().get("mom").managementPort();

        await().atMost(LaneFixture.WAIT).untilAsserted(() ->
                assertThat(get(port, "/topics/cams").json.at("/egress/members/0/connected").asBoolean()).isTrue());
        JsonNode qos = get(port, "/topics/cams").json;
        assertThat(qos.at("/ingress/channel").asText()).isEqualTo("tcp");
        assertThat(qos.at("/egress/channel").asText()).isEqualTo("tcp");
        assertThat(qos.at("/ingress/socketDrops").isNull()).as("no datagram socket to overflow").isTrue();
        assertThat(qos.at("/effective/reliable").asBoolean()).isTrue();
        assertThat(qos.at("/effective/ordered").asBoolean()).isTrue();
        assertThat(qos.at("/effective/maxMessageBytes").asInt()).isEqualTo(tcp.capabilities().maxMessageBytes());
        assertThat(qos.at("/effective/membersConnected").asInt()).isEqualTo(1);
        assertThat(degraded(qos)).noneSatisfy(reason -> assertThat(reason).contains("not reliable"));

        invoker.close();   // the invoker's process went away: its connection breaks
        await().atMost(LaneFixture.WAIT).untilAsserted(() -> {
            JsonNode now = get(port, "/topics/cams").json;
            assertThat(now.at("/egress/members/0/connected").asBoolean()).isFalse();
            assertThat(now.at("/effective/membersConnected").asInt()).isZero();
            assertThat(degraded(now)).anySatisfy(reason -> assertThat(reason).startsWith("member a not connected: its tcp sender"));
        });
    }

    /** Hostile reads: an unknown topic, paths that are no topic, other methods; the $config topic keeps its path. */
    @Test
    void unknownTopicsAndOtherMethodsAreRefusedAndTheConfigTopicKeepsItsPath() throws Exception {
        LaneFixture f = udpCams();
        int port = f.deployment.brokers().get("mom").managementPort();

        Answer unknown = get(port, "/topics/unknown");
        assertThat(unknown.status).isEqualTo(404);
        assertThat(unknown.json.path("error").asText()).isEqualTo("no topic named 'unknown' on broker mom; its topics: [cams]");
        assertThat(unknown.json.path("topics").toString()).isEqualTo("[\"cams\"]");
        assertThat(get(port, "/topics/cams/extra").status).isEqualTo(404);
        assertThat(get(port, "/topics/" + "%20").status).isEqualTo(404);

        HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri(port, "/topics/cams")).timeout(HTTP_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET");

        HttpResponse<String> config = http.send(HttpRequest.newBuilder(uri(port, "/topics/$config?after=0&wait-ms=0"))
                .timeout(HTTP_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(config.statusCode()).as("the $config topic answers as before: %s", config.body()).isIn(200, 204);
        assertThat(config.headers().firstValue(ConfigDocument.VERSION_HEADER)).isPresent();
        assertThat(get(port, "/topics").json.findValuesAsText("topic")).as("$config is no user topic").containsExactly("cams");

        long before = f.stats("w").forwarded();
        f.send("w", "strict");
        await().atMost(LaneFixture.WAIT).until(() -> f.stats("w").forwarded() == before + 1);
    }

    private final List<HttpServer> health = new ArrayList<>();

    /** The broker with topic cams (members a, b), their UDP sockets and health endpoints up, health polled every 100 ms. */
    private LaneFixture udpCams() throws IOException {
        LaneFixture f = LaneFixture.start(LaneFixture.baseToml("health-interval-ms = 100", "") + CAMS, dir);
        open.add(f);
        for (String invoker : List.of("a", "b")) {
            open.add(new TestInvoker(f.strictPorts.get(invoker), true));
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", f.managementPorts.get(invoker)), 8);
            server.createContext("/health", exchange -> {
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
            health.add(server);
            open.add(() -> server.stop(0));
        }
        return f;
    }

    private record Answer(int status, JsonNode json) {
    }

    private Answer get(int port, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(port, path)).timeout(HTTP_TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        return new Answer(response.statusCode(), DeploymentJson.MAPPER.readTree(response.body()));
    }

    private static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static List<String> degraded(JsonNode qos) {
        List<String> reasons = new ArrayList<>();
        qos.at("/effective/degraded").forEach(r -> reasons.add(r.asText()));
        return reasons;
    }
}
