package io.tempos.trigger;

import io.tempos.core.stats.DropReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Token buckets on a manual clock, then the limits at work on real HTTP and UDP endpoints. */
class RateLimitTest {

    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void aBucketHoldsOneSecondOfTokensAndRefillsAtItsRate() {
        TokenBucket bucket = new TokenBucket(10);
        long t0 = 5 * SECOND;
        for (int i = 0; i < 10; i++) {
            assertThat(bucket.tryTake(t0)).as("token " + i).isTrue();
        }
        assertThat(bucket.tryTake(t0)).as("the 11th in the same instant").isFalse();
        assertThat(bucket.tryTake(t0 + SECOND / 10 - 1)).as("just before a tenth of a second").isFalse();
        assertThat(bucket.tryTake(t0 + SECOND / 10)).as("after a tenth of a second").isTrue();
        assertThat(bucket.isFull(t0 + SECOND)).isFalse();
        assertThat(bucket.isFull(t0 + 2 * SECOND)).isTrue();
    }

    @Test
    void eachSourceHasItsOwnBucketAndAllSourcesShareTheTotal() {
        RateLimits limits = new RateLimits(5, 2);
        long t = SECOND;
        assertThat(limits.admit("a", t)).isTrue();
        assertThat(limits.admit("a", t)).isTrue();
        assertThat(limits.admit("a", t)).as("a is over its 2/s").isFalse();
        assertThat(limits.admit("b", t)).isTrue();
        assertThat(limits.admit("b", t)).isTrue();
        assertThat(limits.admit("c", t)).as("the 5th of the total").isTrue();
        assertThat(limits.admit("d", t)).as("the total of 5/s is spent").isFalse();
        assertThat(limits.admit("a", t + SECOND / 2)).as("a's bucket refilled one token").isTrue();
    }

    @Test
    void pastMaxSourcesIdleSourcesAreForgottenAndBusyOnesKept() {
        RateLimits limits = new RateLimits(0, 1);
        for (int i = 0; i < RateLimits.MAX_SOURCES; i++) {
            assertThat(limits.admit(i, SECOND)).isTrue();
        }
        assertThat(limits.admit("one too many", SECOND)).as("every tracked source is busy").isFalse();
        assertThat(limits.admit("later", 3 * SECOND)).as("the idle ones were forgotten").isTrue();
        assertThat(limits.trackedSources()).isEqualTo(1);
    }

    @Test
    void overTheLimitHttpAnswers429WithRetryAfterAndUdpCountsTheDrop() throws Exception {
        try (BridgeFixture fixture = new BridgeFixture(dir, "source-rate-limit-per-s = 1", "")) {
            HttpClient http = HttpClient.newHttpClient();
            int accepted = 0;
            int limited = 0;
            // 1 event/s per source: 20 requests cannot all pass unless they took 19 s.
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + fixture.httpPort("strict") + "/workflows/door"))
                        .POST(HttpRequest.BodyPublishers.ofString("tap " + i)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 429) {
                    limited++;
                    assertThat(response.headers().firstValue("Retry-After")).contains("1");
                    assertThat(response.body()).contains("rate limit of level 'strict' reached");
                } else {
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
                    accepted++;
                }
            }
            assertThat(limited).isPositive();
            assertThat(fixture.dropped("door", DropReason.RATE_LIMITED)).isEqualTo(limited);
            assertThat(fixture.stats("door").forwarded()).isEqualTo(accepted);
            for (int i = 0; i < accepted; i++) {
                assertThat(fixture.next("strict").workflow()).isEqualTo("door");
            }

            try (DatagramChannel source = DatagramChannel.open()) {
                for (int i = 0; i < 20; i++) {
                    source.send(ByteBuffer.wrap(("camera\nframe " + i).getBytes()), new InetSocketAddress("127.0.0.1", fixture.udpPort("best-effort")));
                }
            }
            await().untilAsserted(() -> assertThat(fixture.stats("camera").received()).isEqualTo(20));
            long forwarded = fixture.stats("camera").forwarded();
            assertThat(forwarded).isPositive();
            assertThat(fixture.dropped("camera", DropReason.RATE_LIMITED)).isPositive().isEqualTo(20 - forwarded);
        }
    }
}
