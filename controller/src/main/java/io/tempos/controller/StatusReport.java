package io.tempos.controller;

import io.tempos.core.config.ComponentSpec;
import io.tempos.core.config.Deployment;
import io.tempos.core.config.DeploymentJson;
import io.tempos.core.config.InvokerSpec;
import io.tempos.core.config.TriggerSpec;
import io.tempos.core.config.WorkflowSpec;
import io.tempos.core.stats.ComponentSnapshot;
import io.tempos.core.stats.WorkflowSnapshot;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code GET /status}: one summary of the deployment — workflows per level, components healthy
 * or not (from the {@link HealthPoller}), and events per workflow summed from every component's
 * {@code GET /stats}, asked in parallel when the request comes so the counts are fresh.
 */
final class StatusReport {

    static final Duration STATS_TIMEOUT = Duration.ofSeconds(2);

    private final Model model;
    private final HealthPoller health;
    private final ComponentClient client;

    StatusReport(Model model, HealthPoller health, ComponentClient client) {
        this.model = model;
        this.health = health;
        this.client = client;
    }

    void serve(JsonExchange exchange) throws IOException, InterruptedException {
        Deployment d = model.current();
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("deployment", d.name());
        status.put("workflows", workflows(d));
        status.put("topics", d.topics().size());
        status.put("components", components());
        Map<String, String> unavailable = new LinkedHashMap<>();
        Map<ComponentSpec, ComponentSnapshot> snapshots = snapshots(d, unavailable);
        status.put("events", events(d, snapshots));
        status.put("stats-unavailable", unavailable);
        exchange.respond(200, status);
    }

    private static Map<String, Object> workflows(Deployment d) {
        Map<String, Long> perLevel = new LinkedHashMap<>();
        d.levels().keySet().forEach(level -> perLevel.put(level, 0L));
        d.workflows().values().forEach(w -> perLevel.merge(w.level(), 1L, Long::sum));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", d.workflows().size());
        out.put("per-level", perLevel);
        return out;
    }

    private Map<String, Object> components() {
        List<ComponentHealth> all = health.all();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", all.size());
        out.put("healthy", all.stream().filter(ComponentHealth::healthy).count());
        out.put("unhealthy", all.stream().filter(h -> !h.healthy()).count());
        Map<String, String> unhealthy = new LinkedHashMap<>();
        all.stream().filter(h -> !h.healthy()).forEach(h -> unhealthy.put(h.component().id(),
                h.state() == ComponentHealth.State.UNKNOWN ? "not probed yet" : h.lastError()));
        out.put("unhealthy-components", unhealthy);
        return out;
    }

    /** Every component's statistics, fetched in parallel; those that cannot be had go to {@code unavailable}. */
    private Map<ComponentSpec, ComponentSnapshot> snapshots(Deployment d, Map<String, String> unavailable)
            throws InterruptedException {
        List<ComponentSpec> components = Rollout.components(d, Rollout.Order.UPSTREAM_FIRST);
        List<Future<ComponentClient.Fetched>> answers = new ArrayList<>();
        try (ExecutorService fetchers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (ComponentSpec component : components) {
                answers.add(fetchers.submit(() -> client.fetch(component, "/stats", STATS_TIMEOUT)));
            }
        }
        Map<ComponentSpec, ComponentSnapshot> snapshots = new LinkedHashMap<>();
        for (int i = 0; i < components.size(); i++) {
            ComponentSpec component = components.get(i);
            try {
                switch (answers.get(i).get()) {
                    case ComponentClient.Fetched.Failed(String reason) -> unavailable.put(component.id(), reason);
                    case ComponentClient.Fetched.Answer(String body) -> {
                        try {
                            snapshots.put(component, DeploymentJson.read(body, ComponentSnapshot.class));
                        } catch (IllegalArgumentException e) {
                            unavailable.put(component.id(), "GET /stats answered what this controller cannot read: " + e.getMessage());
                        }
                    }
                }
            } catch (ExecutionException e) {
                unavailable.put(component.id(), "fetching GET /stats failed: " + e.getCause());
            }
        }
        return snapshots;
    }

    /**
     * Per workflow: {@code received} at the triggers, {@code completed} by the invokers (one per
     * subscribed invoker that ran it), {@code dropped} anywhere on the path, by reason.
     */
    private static Map<String, Object> events(Deployment d, Map<ComponentSpec, ComponentSnapshot> snapshots) {
        Map<String, Object> events = new LinkedHashMap<>();
        for (WorkflowSpec w : d.workflows().values()) {
            long received = 0;
            long completed = 0;
            Map<String, Long> dropped = new TreeMap<>();
            for (Map.Entry<ComponentSpec, ComponentSnapshot> entry : snapshots.entrySet()) {
                WorkflowSnapshot s = entry.getValue().workflow(w.name()).orElse(null);
                if (s == null) {
                    continue;
                }
                if (entry.getKey() instanceof TriggerSpec) {
                    received += s.received();
                }
                if (entry.getKey() instanceof InvokerSpec) {
                    completed += s.completed();
                }
                s.dropped().forEach((reason, n) -> dropped.merge(reason, n, Long::sum));
            }
            Map<String, Object> counts = new LinkedHashMap<>();
            counts.put("level", w.level());
            counts.put("received", received);
            counts.put("completed", completed);
            counts.put("dropped", dropped.values().stream().mapToLong(Long::longValue).sum());
            counts.put("dropped-by-reason", dropped);
            events.put(w.name(), counts);
        }
        return events;
    }
}
