package io.tempos.invoker;

import io.tempos.core.config.Deployment;
import io.tempos.core.stats.ComponentStats;
import io.tempos.core.stats.DropReason;
import io.tempos.core.stats.WorkflowSnapshot;
import io.tempos.core.testing.TestDeployments;
import org.awaitility.core.ConditionFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One invoker {@code edge} of a test deployment on loopback, a sender of events to its level
 * ports, and the waits the tests need, each bounded.
 */
final class InvokerFixture implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final String STRICT = "strict";
    static final String BEST_EFFORT = "best-effort";

    final Deployment deployment;
    final Invoker invoker;
    final EventSender sender = new EventSender();

    private InvokerFixture(Deployment deployment, Invoker invoker) {
        this.deployment = deployment;
        this.invoker = invoker;
    }

    /** Starts {@code edge} on the test deployment with {@code workflowsToml} appended. */
    static InvokerFixture start(String workflowsToml, Path base) throws IOException {
        Deployment deployment = TestDeployments.parse(TestDeployments.baseToml() + workflowsToml, base);
        return new InvokerFixture(deployment, Invoker.start(deployment, "edge"));
    }

    /** A DLF workflow running the C Algorithm 1, warm or cold, on the topic of its level. */
    static String dlfWorkflow(String name, String level, String mode) {
        return dlfWorkflow(name, level, mode, "tempos_main");
    }

    static String dlfWorkflow(String name, String level, String mode, String entry) {
        return """
                [workflows.%s]
                level = "%s"
                topic = "%s"
                method = "dlf"
                artifact = "%s"
                entry = "%s"
                mode = "%s"
                """.formatted(name, level, topicOf(level), Artifacts.algorithm1Library(), entry, mode);
    }

    static String jvmWorkflow(String name, String level, Path jar, String className, int timeoutMs) {
        return """
                [workflows.%s]
                level = "%s"
                topic = "%s"
                method = "jvm"
                artifact = "%s"
                entry = "%s"
                timeout-ms = %d
                """.formatted(name, level, topicOf(level), jar, className, timeoutMs);
    }

    static String topicOf(String level) {
        return level.equals(STRICT) ? "sq" : "bq";
    }

    /** A bounded wait that polls often: the effects awaited here take micro- to milliseconds. */
    static ConditionFactory waiting() {
        return await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5));
    }

    int port(String level) {
        return deployment.invokers().get("edge").ports().get(level);
    }

    WorkflowSnapshot snapshot(String workflow) {
        return invoker.stats().workflow(workflow)
                .orElse(new WorkflowSnapshot(workflow, 0, 0, 0, Map.of(), Map.of()));
    }

    long completed(String workflow) {
        return snapshot(workflow).completed();
    }

    long dropped(String workflow, DropReason reason) {
        return snapshot(workflow).dropped().getOrDefault(reason.label(), 0L);
    }

    long unattributed(DropReason reason) {
        return dropped(ComponentStats.UNATTRIBUTED, reason);
    }

    /** Sends one event of {@code workflow} to its level's port and waits for it to complete. */
    void sendAndAwaitCompleted(String workflow, String level, byte[] payload) {
        long before = completed(workflow);
        sender.send(port(level), workflow, level, payload);
        waiting().until(() -> completed(workflow) == before + 1);
    }

    /** Waits until the drop count of {@code reason} on {@code workflow} has grown by {@code n}. */
    void awaitDropped(String workflow, DropReason reason, long before, long n) {
        waiting().until(() -> dropped(workflow, reason) == before + n);
    }

    /** Every event received is completed or dropped, on every row of the stats. */
    void awaitAllAccounted() {
        waiting().untilAsserted(() -> assertThat(invoker.stats().workflows())
                .allSatisfy(w -> assertThat(w.received()).as(w.workflow()).isEqualTo(w.completed() + w.droppedTotal())));
    }

    @Override
    public void close() {
        invoker.close();
        sender.close();
    }
}
