package io.tempos.invoker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(10)
class RateLimitedLogTest {

    private final AtomicLong clockNs = new AtomicLong(1_000);
    private final RateLimitedLog log = new RateLimitedLog(System.getLogger("test.rate-limited"), 1_000_000_000L, clockNs::get);

    @Test
    void oneLinePerIntervalAndTheNextOneCountsTheSuppressed() {
        assertThat(log.warn("first")).isEqualTo("first");
        assertThat(log.warn("second")).isNull();
        clockNs.addAndGet(999_999_999L);
        assertThat(log.warn("third")).isNull();
        clockNs.addAndGet(1);
        assertThat(log.warn("fourth")).isEqualTo("fourth (2 more suppressed)");
        clockNs.addAndGet(5_000_000_000L);
        assertThat(log.warn("fifth")).isEqualTo("fifth");
    }
}
