package io.tempos.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Locale;
import java.util.List;

/** {@code tempos status}: workflows per level, component health, what each topic can give now, events per workflow. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Summarises the deployment: workflows per QoS level, every component's health (the controller polls "
                + "them every few seconds), what each topic can give right now on each broker (its effective QoS and why it "
                + "is degraded), and events per workflow summed from every component's statistics.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the status was shown (components may be unhealthy: see 'unhealthy')", "1:the controller could not be asked",
                "2:usage error"})
public final class StatusCommand extends ClientCommand {

    @Override
    int run(ControllerHttp http) {
        JsonNode status = ControllerHttp.expectOk(http.get("/status"), "asking for the status").json();
        JsonNode components = ControllerHttp.expectOk(http.get("/components"), "listing the components").json();
        ObjectNode effective = effective(http);
        if (json()) {
            ObjectNode both = status.deepCopy();
            both.set("component-list", components);
            both.set("topic-effective", effective);
            printJson(both);
            return OK;
        }
        JsonNode workflows = status.path("workflows");
        List<String> perLevel = new ArrayList<>();
        workflows.path("per-level").properties().forEach(e -> perLevel.add(e.getKey() + " " + e.getValue().asLong()));
        out().println("deployment " + status.path("deployment").asText() + ": " + workflows.path("total").asLong()
                + " workflow(s) (" + String.join(", ", perLevel) + "), " + status.path("topics").asLong() + " topic(s)");
        JsonNode counts = status.path("components");
        out().println("components: " + counts.path("healthy").asLong() + " healthy, " + counts.path("unhealthy").asLong() + " unhealthy");
        Table table = new Table("  COMPONENT", "ROLE", "ADDRESS", "STATE", "LAST SEEN", "PROBLEM");
        for (JsonNode c : components) {
            table.row("  " + c.path("id").asText(), c.path("role").asText(), c.path("address").asText(), c.path("state").asText(),
                    ago(c.path("last-seen")), c.path("last-error").asText(""));
        }
        table.print(out());
        printTopics(effective);
        if (workflows.path("total").asLong() > 0) {
            out().println("events:");
            Table events = new Table("  WORKFLOW", "LEVEL", "RECEIVED", "COMPLETED", "DROPPED", "BY REASON");
            status.path("events").properties().forEach(e -> {
                JsonNode w = e.getValue();
                List<String> reasons = new ArrayList<>();
                w.path("dropped-by-reason").properties().forEach(r -> reasons.add(r.getKey() + " " + r.getValue().asLong()));
                events.row("  " + e.getKey(), w.path("level").asText(), w.path("received").asLong(), w.path("completed").asLong(),
                        w.path("dropped").asLong(), String.join(", ", reasons));
            });
            events.print(out());
        }
        status.path("stats-unavailable").properties().forEach(e ->
                out().println("no statistics from " + e.getKey() + ": " + e.getValue().asText()));
        out().flush();
        return OK;
    }

    /** Per topic, its {@code effective} object from {@code GET /topics/{name}} (broker id → report or unavailable). */
    private static ObjectNode effective(ControllerHttp http) {
        ObjectNode all = JsonNodeFactory.instance.objectNode();
        for (JsonNode topic : ControllerHttp.expectOk(http.get("/topics"), "listing the topics").json()) {
            String name = topic.path("name").asText();
            ControllerHttp.Reply reply = http.get("/topics/" + name);
            if (reply.ok()) {
                all.set(name, reply.json().path("effective"));
            }   // removed since it was listed: nothing to show
        }
        return all;
    }

    /** One line per topic and broker: what the topic gives there now; then every reason it is degraded. */
    private void printTopics(ObjectNode effective) {
        if (effective.isEmpty()) {
            return;
        }
        out().println("topics (what each gives now):");
        Table table = new Table("  TOPIC", "BROKER", "LEVEL", "CHANNEL", "QOS", "MEMBERS UP", "DEGRADED");
        List<String> reasons = new ArrayList<>();
        effective.properties().forEach(topic -> topic.getValue().properties().forEach(broker -> {
            JsonNode report = broker.getValue();
            String where = topic.getKey() + " on " + broker.getKey();
            if (report.has("unavailable")) {
                table.row("  " + topic.getKey(), broker.getKey(), "", "", "unknown", "", "");
                reasons.add(where + ": unknown: " + report.path("unavailable").asText());
                return;
            }
            JsonNode e = report.path("effective");
            String qos = String.join(", ", e.path("reliable").asBoolean() ? "reliable" : "unreliable",
                    e.path("ordered").asBoolean() ? "ordered" : "unordered",
                    e.path("realTime").asBoolean() ? "real-time" : "normal scheduling",
                    "max " + e.path("maxMessageBytes").asLong() + " B");
            JsonNode degraded = e.path("degraded");
            table.row("  " + topic.getKey(), broker.getKey(), report.path("level").asText(), report.path("ingress").path("channel").asText(),
                    qos, e.path("membersConnected").asInt() + " of " + e.path("members").asInt(), degraded.size());
            degraded.forEach(reason -> reasons.add(where + ": " + reason.asText()));
        }));
        table.print(out());
        reasons.forEach(reason -> out().println("  " + reason));
    }

    /** E.g. {@code 1.2 s ago}; the exact time is in --json. */
    private static String ago(JsonNode lastSeen) {
        if (!lastSeen.isTextual()) {
            return "never";
        }
        try {
            Duration age = Duration.between(Instant.parse(lastSeen.asText()), Instant.now());
            return String.format(Locale.ROOT, "%.1f s ago", Math.max(0, age.toMillis()) / 1000.0);
        } catch (DateTimeParseException e) {
            return lastSeen.asText();
        }
    }
}
