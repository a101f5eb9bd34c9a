package io.tempos.bench;

import io.tempos.core.config.Deployment;
import io.tempos.core.qos.QosLevel;
import io.tempos.core.qos.WaitStrategy;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Options that cannot run are refused before anything starts, every problem named; what the options run. */
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
    void anUnknownWaitStrategyIsNamedWithTheValidOnes() {
        assertThatThrownBy(() -> new DeliveryBench.Options(1, 0, List.of("alone-strict"), List.of("park", "busy"), Path.of("pom.xml"),
                Path.of("pom.xml"), null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--wait: no wait strategy named 'busy'; strategies: [park, yield, spin]");
    }

    @Test
    void noWaitStrategyOrOneTwiceIsAProblem() {
        assertThatThrownBy(() -> new DeliveryBench.Options(1, 0, List.of("alone-strict"), List.of(), Path.of("pom.xml"), Path.of("pom.xml"),
                null, null))
                .hasMessage("--wait: name at least one of [park, yield, spin]");
        assertThatThrownBy(() -> new DeliveryBench.Options(1, 0, List.of("alone-strict"), List.of("spin", "park", "spin"), Path.of("pom.xml"),
                Path.of("pom.xml"), null, null))
                .hasMessage("--wait: 'spin' named more than once");
    }

    @Test
    void byDefaultEveryCaseParksOnceAsBefore() {
        DeliveryBench.Options options = new DeliveryBench.Options(1, 0, DeliveryBench.CASES, Path.of("pom.xml"), Path.of("pom.xml"), null, null);

        assertThat(options.waits()).containsExactly("park");
        assertThat(options.plan()).extracting(r -> r.deliveryCase().name() + "@" + r.strictWait())
                .containsExactly("alone-strict@PARK", "alone-best-effort@PARK", "1sq-1bq@PARK", "1sq-3bq@PARK", "1sq-3bq-flood@PARK");
    }

    @Test
    void everySelectedCaseRunsOncePerStrategyInTheOrderGiven() {
        DeliveryBench.Options options = new DeliveryBench.Options(1, 0, List.of("alone-strict", "1sq-1bq"), List.of("spin", "park"),
                Path.of("pom.xml"), Path.of("pom.xml"), null, null);

        assertThat(options.plan()).extracting(r -> r.deliveryCase().name() + "@" + r.strictWait())
                .containsExactly("alone-strict@SPIN", "alone-strict@PARK", "1sq-1bq@SPIN", "1sq-1bq@PARK");
    }

    @Test
    void casesOutsideTheComparedOnesRunWithTheFirstStrategyOnly() {
        DeliveryBench.Options options = new DeliveryBench.Options(1, 0, List.of("alone-strict", "alone-best-effort"),
                List.of("park", "yield", "spin"), List.of("alone-strict"), Path.of("pom.xml"), Path.of("pom.xml"), null, null);

        assertThat(options.plan()).extracting(r -> r.deliveryCase().name() + "@" + r.strictWait())
                .containsExactly("alone-strict@PARK", "alone-strict@YIELD", "alone-strict@SPIN", "alone-best-effort@PARK");
    }

    @Test
    void theGeneratedDeploymentGivesTheStrictLevelTheWaitAndLeavesBestEffortParked() throws Exception {
        BenchLoad load = DeliveryCase.named("1sq-1bq").load(100);
        BenchLoad spinning = new BenchLoad(load.name(), load.description(), load.flows(), WaitStrategy.SPIN);

        Deployment deployment = BenchDeployment.of(spinning, Path.of("pom.xml"));

        assertThat(deployment.levels().get(QosLevel.STRICT).waitStrategy()).isEqualTo(WaitStrategy.SPIN);
        assertThat(deployment.levels().get(QosLevel.STRICT).threadPolicy()).isEqualTo(QosLevel.strict().threadPolicy());
        assertThat(deployment.levels().get(QosLevel.BEST_EFFORT).waitStrategy()).isEqualTo(WaitStrategy.PARK);
        assertThat(BenchDeployment.of(load, Path.of("pom.xml")).levels().get(QosLevel.STRICT)).isEqualTo(QosLevel.strict());
    }

    @Test
    void noCaseIsAProblem() {
        assertThatThrownBy(() -> new DeliveryBench.Options(1, 0, List.of(), Path.of("pom.xml"), Path.of("pom.xml"), null, null))
                .hasMessageContaining("--cases: name at least one of");
    }
}
