package io.tempos.controller;

import io.tempos.core.config.BrokerSpec;
import io.tempos.core.config.ComponentSpec;
import io.tempos.core.config.Deployment;
import io.tempos.core.config.InvokerSpec;
import io.tempos.core.config.TopicSpec;
import io.tempos.core.config.TriggerSpec;
import io.tempos.core.config.WorkflowSpec;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The read-only endpoints: the registered components with their health and what each runs
 * ({@code /components}).
 */
final class ReadResources {

    private final Model model;
    private final HealthPoller health;

    ReadResources(Model model, HealthPoller health) {
        this.model = model;
        this.health = health;
    }

    void components(JsonExchange exchange) throws IOException {
        Deployment d = model.current();
        exchange.respond(200, health.all().stream().map(h -> describe(d, h)).toList());
    }

    void component(JsonExchange exchange, String id) throws IOException {
        Deployment d = model.current();
        ComponentHealth found = health.all().stream().filter(h -> h.component().id().equals(id)).findFirst()
                .orElseThrow(() -> new ApiException(404, "no component named '" + id + "'; components: "
                        + health.all().stream().map(h -> h.component().id()).toList()));
        exchange.respond(200, describe(d, found));
    }

    /** One component as {@code GET /components} shows it, in kebab-case keys. */
    static Map<String, Object> describe(Deployment d, ComponentHealth h) {
        ComponentSpec c = h.component();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", c.id());
        out.put("role", ComponentClient.role(c));
        out.put("address", c.host() + ":" + c.managementPort());
        out.put("healthy", h.healthy());
        out.put("state", h.state().label());
        out.put("configured", h.configured());
        out.put("last-seen", h.lastSeen() == null ? null : h.lastSeen().toString());
        out.put("last-error", h.lastError());
        out.put("last-push", h.lastPush());
        out.put("runs", runs(d, c));
        return out;
    }

    /** What the component runs in the current model. */
    private static Map<String, Object> runs(Deployment d, ComponentSpec c) {
        Map<String, Object> runs = new LinkedHashMap<>();
        switch (c) {
            case InvokerSpec invoker -> {
                List<String> topics = d.topics().values().stream()
                        .filter(t -> t.subscribers().contains(invoker.id())).map(TopicSpec::name).toList();
                runs.put("workflows", d.workflows().values().stream()
                        .filter(w -> topics.contains(w.topic())).map(WorkflowSpec::name).toList());
                runs.put("topics", topics);
                runs.put("levels", List.copyOf(invoker.ports().keySet()));
            }
            case BrokerSpec broker -> {
                runs.put("topics", List.copyOf(d.topics().keySet()));
                runs.put("levels", List.copyOf(broker.ports().keySet()));
            }
            case TriggerSpec trigger -> {
                runs.put("broker", trigger.broker());
                runs.put("udp-ports", trigger.udpPorts());
                runs.put("http-ports", trigger.httpPorts());
            }
        }
        return runs;
    }
}
