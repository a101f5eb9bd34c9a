package io.tempos.invoker;

import io.tempos.core.config.Deployment;
import io.tempos.core.config.FunctionSpec;
import io.tempos.core.config.InvokerSpec;
import io.tempos.core.config.WorkflowSpec;
import io.tempos.core.stats.ComponentStats;
import io.tempos.core.stats.DropReason;
import io.tempos.core.stats.WorkflowSnapshot;
import io.tempos.core.testing.TestDeployments;
import io.tempos.functions.Algorithm1;
import io.tempos.invoker.testfunctions.NotAFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.tempos.invoker.InvokerFixture.BEST_EFFORT;
import static io.tempos.invoker.InvokerFixture.STRICT;
import static io.tempos.invoker.InvokerFixture.waiting;
import static io.tempos.invoker.InvokerFixture.dlfWorkflow;
import static io.tempos.invoker.InvokerFixture.jvmWorkflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The invoker as a whole, over real UDP on loopback: events in, functions run, every outcome
 * counted. Topology: this test → UDP (one port per level) → invoker {@code edge} → its level
 * workers → DLF / JVM function.
 */
@Timeout(60)
class InvokerTest {

    @TempDir
    Path dir;
    private InvokerFixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void warmDlfEventsCompleteOnTheStrictLevel() throws Exception {
        fixture = InvokerFixture.start(dlfWorkflow("count", STRICT, "warm"), dir);

        for (int i = 0; i < 20; i++) {
            fixture.sender.send(fixture.port(STRICT), "count", STRICT, Artifacts.event1k5());
        }

        waiting().until(() -> fixture.completed("count") == 20);
        WorkflowSnapshot count = fixture.snapshot("count");
        assertThat(count.received()).isEqualTo(20);
        assertThat(count.droppedTotal()).isZero();
        assertThat(count.latencyUs()).containsKeys("end-to-end", "broker-out..invoker-in",
                "invoker-in..function-start", "function-start..function-end");
    }

    @Test
    void coldDlfEventsCompleteOnTheBestEffortLevel() throws Exception {
        fixture = InvokerFixture.start(dlfWorkflow("count-cold", BEST_EFFORT, "cold"), dir);

        for (int i = 0; i < 20; i++) {
            fixture.sender.send(fixture.port(BEST_EFFORT), "count-cold", BEST_EFFORT, Artifacts.event1k5());
        }

        waiting().until(() -> fixture.completed("count-cold") == 20);
        assertThat(fixture.snapshot("count-cold").droppedTotal()).isZero();
    }

    @Test
    void jvmEventsComplete() throws Exception {
        fixture = InvokerFixture.start(jvmWorkflow("count-jvm", BEST_EFFORT, Artifacts.algorithm1Jar(),
                Algorithm1.class.getName(), 10_000), dir);

        for (int i = 0; i < 20; i++) {
            fixture.sender.send(fixture.port(BEST_EFFORT), "count-jvm", BEST_EFFORT, Artifacts.event1k5());
        }

        waiting().until(() -> fixture.completed("count-jvm") == 20);
        assertThat(fixture.snapshot("count-jvm").droppedTotal()).isZero();
    }

    @Test
    void workflowsOfBothLevelsAndAllMethodsRunSideBySide() throws Exception {
        fixture = InvokerFixture.start(dlfWorkflow("sq-warm", STRICT, "warm") + dlfWorkflow("bq-cold", BEST_EFFORT, "cold")
                + jvmWorkflow("bq-jvm", BEST_EFFORT, Artifacts.algorithm1Jar(), Algorithm1.class.getName(), 10_000), dir);

        for (int i = 0; i < 10; i++) {
            fixture.sender.send(fixture.port(STRICT), "sq-warm", STRICT, Artifacts.event1k5());
            fixture.sender.send(fixture.port(BEST_EFFORT), "bq-cold", BEST_EFFORT, Artifacts.event1k5());
            fixture.sender.send(fixture.port(BEST_EFFORT), "bq-jvm", BEST_EFFORT, Artifacts.event1k5());
        }

        waiting().until(() -> fixture.completed("sq-warm") == 10 && fixture.completed("bq-cold") == 10
                && fixture.completed("bq-jvm") == 10);
        fixture.awaitAllAccounted();
    }

    @Test
    void startRefusesAnIdThatIsNotAnInvokerOfTheDeployment() {
        Deployment deployment = TestDeployments.parse(TestDeployments.baseToml(), dir);
        assertThatThrownBy(() -> Invoker.start(deployment, "mom"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("deployment 'test' has no invoker named 'mom'; invokers: [edge]");
    }

    @Test
    void startRefusesAWorkflowOnALevelWithoutAPortOfThisInvoker() {
        Deployment parsed = TestDeployments.parse(TestDeployments.baseToml() + dlfWorkflow("bulk", BEST_EFFORT, "warm"), dir);
        InvokerSpec edge = parsed.invokers().get("edge");
        InvokerSpec strictOnly = new InvokerSpec("edge", edge.host(), edge.managementPort(), Map.of(STRICT, edge.ports().get(STRICT)));
        Deployment deployment = new Deployment(parsed.name(), parsed.controller(), parsed.levels(), parsed.brokers(),
                parsed.triggers(), Map.of("edge", strictOnly), parsed.topics(), parsed.workflows());

        assertThatThrownBy(() -> Invoker.start(deployment, "edge"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("workflows.bulk.level: 'best-effort' needs a port of invoker edge")
                .hasMessageContaining("listens on [strict] only");
    }

    @Test
    void startRefusesAWorkflowWhoseFunctionDoesNotLoad() throws Exception {
        Path jar = TestJars.of(dir, "hostile.jar", NotAFunction.class);
        Deployment deployment = TestDeployments.parse(TestDeployments.baseToml()
                + jvmWorkflow("bad", BEST_EFFORT, jar, "io.tempos.invoker.testfunctions.NotAFunction", 1000), dir);

        assertThatThrownBy(() -> Invoker.start(deployment, "edge"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("workflows.bad: cannot load " + jar + " (method jvm, entry io.tempos.invoker.testfunctions.NotAFunction, warm): "
                        + "class io.tempos.invoker.testfunctions.NotAFunction does not implement io.tempos.api.Function");
    }

    @Test
    void aRefusedConfigurationKeepsThePreviousOneWorking() throws Exception {
        fixture = InvokerFixture.start(dlfWorkflow("count", STRICT, "warm"), dir);
        fixture.sendAndAwaitCompleted("count", STRICT, Artifacts.event1k5());
        Deployment before = fixture.invoker.configuration();
        WorkflowSpec count = before.workflows().get("count");
        WorkflowSpec broken = new WorkflowSpec("count", count.level(), count.topic(),
                new FunctionSpec(count.function().method(), count.function().artifact(),
                        "no_such_symbol", true, count.function().timeoutMs()));

        assertThatThrownBy(() -> fixture.invoker.configure(before.withWorkflow(broken)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("workflows.count: cannot load " + Artifacts.algorithm1Library())
                .hasMessageContaining("undefined symbol: no_such_symbol");

        assertThat(fixture.invoker.configuration()).isSameAs(before);
        fixture.sendAndAwaitCompleted("count", STRICT, Artifacts.event1k5());
    }

    @Test
    void reconfigurationReplacesAndRemovesWorkflowsWhileServing() throws Exception {
        fixture = InvokerFixture.start(dlfWorkflow("count", STRICT, "warm")
                + dlfWorkflow("other", BEST_EFFORT, "warm"), dir);
        fixture.sendAndAwaitCompleted("count", STRICT, Artifacts.event1k5());
        Deployment initial = fixture.invoker.configuration();

        WorkflowSpec count = initial.workflows().get("count");
        WorkflowSpec cold = new WorkflowSpec("count", count.level(), count.topic(),
                new FunctionSpec(count.function().method(), count.function().artifact(),
                        count.function().entry(), false, count.function().timeoutMs()));
        fixture.invoker.configure(initial.withWorkflow(cold));
        fixture.sendAndAwaitCompleted("count", STRICT, Artifacts.event1k5());
        fixture.sendAndAwaitCompleted("other", BEST_EFFORT, Artifacts.event1k5());

        Map<String, WorkflowSpec> withoutCount = new LinkedHashMap<>(initial.workflows());
        withoutCount.remove("count");
        Deployment removed = new Deployment(initial.name(), initial.controller(), initial.levels(), initial.brokers(),
                initial.triggers(), initial.invokers(), initial.topics(), withoutCount);
        fixture.invoker.configure(removed);
        long unknownBefore = fixture.unattributed(DropReason.UNKNOWN_WORKFLOW);
        fixture.sender.send(fixture.port(STRICT), "count", STRICT, Artifacts.event1k5());

        fixture.awaitDropped(ComponentStats.UNATTRIBUTED, DropReason.UNKNOWN_WORKFLOW, unknownBefore, 1);
        fixture.sendAndAwaitCompleted("other", BEST_EFFORT, Artifacts.event1k5());
        assertThat(fixture.invoker.configuration()).isSameAs(removed);
    }

    /**
     * Swaps a busy workflow between warm and cold while its events run: every swap dlcloses the
     * old handle, which must wait for the calls still inside it (a close under a running call
     * would crash the JVM, not just fail the test). Events go in batches so that no socket
     * buffer overflows and every one of them must complete.
     */
    @Test
    void reconfiguringUnderTrafficLosesNoEventAndNeverClosesARunningFunction() throws Exception {
        fixture = InvokerFixture.start(dlfWorkflow("count", BEST_EFFORT, "warm"), dir);
        Deployment initial = fixture.invoker.configuration();
        WorkflowSpec count = initial.workflows().get("count");
        AtomicBoolean sending = new AtomicBoolean(true);
        Thread swapper = Thread.ofPlatform().name("swapper").start(() -> {
            boolean warm = false;
            while (sending.get()) {
                fixture.invoker.configure(initial.withWorkflow(new WorkflowSpec("count", count.level(), count.topic(),
                        new FunctionSpec(count.function().method(), count.function().artifact(),
                                count.function().entry(), warm, count.function().timeoutMs()))));
                warm = !warm;
            }
        });
        try {
            // 16 KB events: calls long enough for a swap to land inside one. Batches of 5 stay
            // within the default socket receive buffer (net.core.rmem_default, 208 KiB).
            for (int batch = 1; batch <= 80; batch++) {
                for (int i = 0; i < 5; i++) {
                    fixture.sender.send(fixture.port(BEST_EFFORT), "count", BEST_EFFORT, Artifacts.event16k());
                }
                long expected = batch * 5L;
                waiting().until(() -> fixture.completed("count") == expected);
            }
        } finally {
            sending.set(false);
            swapper.join();
        }
        assertThat(fixture.snapshot("count").droppedTotal()).isZero();
    }

    @Test
    void aConfigurationThatMovesTheInvokersPortsIsRefused() throws Exception {
        fixture = InvokerFixture.start(dlfWorkflow("count", STRICT, "warm"), dir);
        Deployment current = fixture.invoker.configuration();
        InvokerSpec edge = current.invokers().get("edge");
        Map<String, Integer> moved = new LinkedHashMap<>(edge.ports());
        moved.put(STRICT, edge.ports().get(STRICT) + 1);
        Deployment movedPorts = new Deployment(current.name(), current.controller(), current.levels(), current.brokers(),
                current.triggers(), Map.of("edge", new InvokerSpec("edge", edge.host(), edge.managementPort(), moved)),
                current.topics(), current.workflows());

        assertThatThrownBy(() -> fixture.invoker.configure(movedPorts))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("differ from those bound at start")
                .hasMessageContaining("restart the invoker");
        fixture.sendAndAwaitCompleted("count", STRICT, Artifacts.event1k5());
    }

    @Test
    void closeIsIdempotentStopsTheWorkersAndFreesThePorts() throws Exception {
        fixture = InvokerFixture.start(dlfWorkflow("count", STRICT, "warm"), dir);
        fixture.sendAndAwaitCompleted("count", STRICT, Artifacts.event1k5());

        fixture.invoker.close();
        fixture.invoker.close();

        assertThat(fixture.invoker.workers()).hasSize(3).allSatisfy(w -> assertThat(w.hasExited()).isTrue());
        for (String level : new String[] {STRICT, BEST_EFFORT}) {
            try (DatagramChannel again = DatagramChannel.open()) {
                again.bind(new InetSocketAddress("127.0.0.1", fixture.port(level)));
            }
        }
        assertThatThrownBy(() -> fixture.invoker.configure(fixture.deployment)).isInstanceOf(IllegalStateException.class);
    }
}
