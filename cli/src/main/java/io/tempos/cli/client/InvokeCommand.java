package io.tempos.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tempos.core.config.DeploymentJson;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code tempos invoke WORKFLOW}: sends one event to the HTTP endpoint that a trigger serves
 * for the workflow's QoS level, found in the controller's {@code GET /deployment}, and prints
 * the trigger's answer (202 and the event's id: the event is on its way, not yet run).
 */
@Command(name = "invoke", mixinStandardHelpOptions = true,
        description = "Sends one event to WORKFLOW through a trigger's HTTP endpoint of the workflow's QoS level (found in "
                + "the controller's GET /deployment) and prints the answer: 202 and the event's id once it is on its way.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the trigger accepted the event", "1:unknown workflow, no trigger endpoint, or the trigger refused it",
                "2:usage error"})
public final class InvokeCommand extends ClientCommand {

    @Parameters(paramLabel = "WORKFLOW", description = "The workflow the event is for.")
    String workflow;

    @ArgGroup(exclusive = true)
    Payload payload;

    static final class Payload {
        @Option(names = "--data", paramLabel = "TEXT", description = "The event's payload (default: empty).")
        String data;

        @Option(names = "--data-file", paramLabel = "FILE", description = "Read the payload from FILE ('-': standard input).")
        Path dataFile;
    }

    @Option(names = "--level", paramLabel = "LEVEL", description = "Send on this level's endpoint instead of the workflow's own.")
    String level;

    @Option(names = "--trigger", paramLabel = "ID", description = "Send through this trigger (default: the first with an HTTP endpoint for the level).")
    String trigger;

    @Override
    int run(ControllerHttp http) {
        byte[] body = payload();
        JsonNode deployment = ControllerHttp.expectOk(http.get("/deployment"), "reading the deployment").json();
        JsonNode spec = deployment.path("workflows").get(workflow);
        if (spec == null) {
            List<String> names = new ArrayList<>();
            deployment.path("workflows").fieldNames().forEachRemaining(names::add);
            throw new ClientFailure("no workflow named '" + workflow + "'; workflows: " + names, null);
        }
        String onLevel = level != null ? level : spec.path("level").asText();
        Map.Entry<String, JsonNode> chosen = trigger(deployment.path("triggers"), onLevel);
        JsonNode t = chosen.getValue();
        URI url = endpoint(http.base(), t.path("host").asText(), t.path("httpPorts").path(onLevel).asInt());
        ControllerHttp.Reply reply = http.post(url, body, "application/octet-stream");
        if (json()) {
            ObjectNode result = DeploymentJson.MAPPER.createObjectNode();
            result.put("status", reply.status());
            result.put("trigger", chosen.getKey());
            result.put("url", url.toString());
            result.set("answer", reply.json().isMissingNode() ? DeploymentJson.MAPPER.getNodeFactory().textNode(reply.body()) : reply.json());
            if (!reply.ok()) {
                result.put("error", "the trigger answered HTTP " + reply.status() + ": " + reply.error());
            }
            printJson(result);
            return reply.ok() ? OK : FAILED;
        }
        if (!reply.ok()) {
            throw new ClientFailure("trigger " + chosen.getKey() + " (" + url + ") answered HTTP " + reply.status() + ": " + reply.error(), null);
        }
        String eventId = reply.json().path("event-id").asText(null);
        out().println(reply.status() + " " + (eventId == null ? reply.body().strip()
                : "event " + eventId + " of " + workflow + " on its way (level " + onLevel + ", trigger " + chosen.getKey() + ", " + url + ")"));
        out().flush();
        return OK;
    }

    private byte[] payload() {
        if (payload == null || (payload.data == null && payload.dataFile == null)) {
            return new byte[0];
        }
        if (payload.data != null) {
            return payload.data.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return payload.dataFile.toString().equals("-") ? System.in.readAllBytes() : Files.readAllBytes(payload.dataFile);
        } catch (IOException e) {
            throw usage("--data-file " + payload.dataFile + " cannot be read: " + e.getMessage());
        }
    }

    private Map.Entry<String, JsonNode> trigger(JsonNode triggers, String onLevel) {
        if (trigger != null) {
            JsonNode t = triggers.get(trigger);
            if (t == null) {
                List<String> ids = new ArrayList<>();
                triggers.fieldNames().forEachRemaining(ids::add);
                throw new ClientFailure("no trigger named '" + trigger + "'; triggers: " + ids, null);
            }
            if (!t.path("httpPorts").has(onLevel)) {
                throw new ClientFailure("trigger " + trigger + " has no HTTP endpoint for level " + onLevel, null);
            }
            return Map.entry(trigger, t);
        }
        for (Map.Entry<String, JsonNode> t : triggers.properties()) {
            if (t.getValue().path("httpPorts").has(onLevel)) {
                return t;
            }
        }
        throw new ClientFailure("no trigger has an HTTP endpoint for level " + onLevel + "; add http-ports." + onLevel
                + " to a [triggers.<id>] table of the deployment", null);
    }

    /** The trigger's endpoint; a wildcard bind address is reached at the controller's host. */
    private URI endpoint(URI controller, String host, int port) {
        String reachable = host.equals("0.0.0.0") || host.equals("::") || host.isBlank() ? controller.getHost() : host;
        try {
            return new URI("http", null, reachable, port, "/workflows/" + URLEncoder.encode(workflow, StandardCharsets.UTF_8), null, null);
        } catch (URISyntaxException e) {
            throw new ClientFailure("the trigger's address " + reachable + ":" + port + " is not valid: " + e.getReason(), null);
        }
    }
}
