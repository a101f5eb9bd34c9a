package io.tempos.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Locale;
import java.util.List;

/** {@code tempos status}: workflows per level, component health, events per workflow. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Summarises the deployment: workflows per QoS level, every component's health (the controller polls "
                + "them every few seconds), and events per workflow summed from every component's statistics.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the status was shown (components may be unhealthy: see 'unhealthy')", "1:the controller could not be asked",
                "2:usage error"})
public final class StatusCommand extends ClientCommand {

    @Override
    int run(ControllerHttp http) {
        JsonNode status = ControllerHttp.expectOk(http.get("/status"), "asking for the status").json();
        JsonNode components = ControllerHttp.expectOk(http.get("/components"), "listing the components").json();
        if (json()) {
            ObjectNode both = status.deepCopy();
            both.set("component-list", components);
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
