package io.tempos.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Options that cannot run are refused before anything starts, every problem named. */
class DeliveryBenchOptionsTest {

    @Test
    void everyBadValueIsNamedWithWhatWouldBeValid() {
        assertThatThrownBy(() -> new DeliveryBench.Options(0, -1, List.of("alone-strict", "fig-9"),
                Path.of("no/such/lib.so"), Path.of("no/such/event.json"), null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--duration 0: must be 1..3600 seconds")
                .hasMessageContaining("--warmup -1.0: must be 0..600 seconds")
                .hasMessageContaining("--cases: no case named 'fig-9'; cases: [alone-strict, alone-best-effort, 1sq-1bq, 1sq-3bq, 1sq-3bq-flood]")
                .hasMessageContaining("--function no/such/lib.so: no such file (build the functions first: ./tempos build)")
                .hasMessageContaining("--event no/such/event.json: no such file");
    }

    @Test
    void noCaseIsAProblem() {
        assertThatThrownBy(() -> new DeliveryBench.Options(1, 0, List.of(), Path.of("pom.xml"), Path.of("pom.xml"), null, null))
                .hasMessageContaining("--cases: name at least one of");
    }
}
