package io.tempos.cli.client;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.tempos.core.config.DeploymentJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code tempos deploy FILE}: puts the {@code [topics.X]} and {@code [workflows.X]} tables of a
 * TOML or JSON file on the running deployment, one {@code PUT} each (topics first, so the
 * workflows can use them). A deployment file works as it is: its other tables are fixed at
 * start and left out.
 */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = {"Creates or replaces the workflows (and topics) of FILE on the running deployment: one PUT each, "
                + "topics first, each all or none on every component. Stops at the first that is refused.",
                "FILE is TOML (or JSON with the same keys) with [workflows.<name>] and [topics.<name>] tables, as in a "
                + "deployment file, whose other tables are left out. Relative artifact paths resolve against FILE's directory."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:everything deployed", "1:something was refused or the controller could not be reached (what came before it stays)",
                "2:usage error, or FILE cannot be read"})
public final class DeployCommand extends ClientCommand {

    /** The other tables of a deployment file: fixed when the deployment starts, not deployable. */
    private static final Set<String> FIXED_AT_START = Set.of("name", "controller", "levels", "brokers", "triggers", "invokers");
    private static final TomlMapper TOML = new TomlMapper();

    @Parameters(paramLabel = "FILE", description = "A TOML or JSON file with [workflows.<name>] (and [topics.<name>]) tables.")
    Path file;

    @Override
    int run(ControllerHttp http) {
        JsonNode root = read();
        List<String> left = new ArrayList<>();
        root.fieldNames().forEachRemaining(key -> {
            if (FIXED_AT_START.contains(key)) {
                left.add(key);
            } else if (!key.equals("workflows") && !key.equals("topics")) {
                throw usage(file + ": unknown key '" + key + "'; a deploy file holds [workflows.<name>] and [topics.<name>] tables");
            }
        });
        ObjectNode topics = tables(root, "topics");
        ObjectNode workflows = tables(root, "workflows");
        if (topics.isEmpty() && workflows.isEmpty()) {
            throw usage(file + " has no [workflows.<name>] or [topics.<name>] table to deploy");
        }
        if (!left.isEmpty() && !json()) {
            out().println("left out of " + file.getFileName() + ": " + left + " (fixed when the deployment starts)");
        }
        ArrayNode done = DeploymentJson.MAPPER.createArrayNode();
        try {
            for (Map.Entry<String, JsonNode> topic : topics.properties()) {
                done.add(put(http, "topic", topic.getKey(), topic.getValue()));
            }
            for (Map.Entry<String, JsonNode> workflow : workflows.properties()) {
                done.add(put(http, "workflow", workflow.getKey(), resolveArtifact(workflow.getKey(), workflow.getValue())));
            }
        } catch (ClientFailure failure) {
            if (json()) {
                ObjectNode answer = failure.answer() == null ? DeploymentJson.MAPPER.createObjectNode() : failure.answer().deepCopy();
                answer.set("deployed", done);
                throw new ClientFailure(failure.getMessage(), answer);
            }
            throw failure;
        }
        if (json()) {
            ObjectNode result = DeploymentJson.MAPPER.createObjectNode();
            result.set("deployed", done);
            printJson(result);
        }
        return OK;
    }

    private ObjectNode put(ControllerHttp http, String kind, String name, JsonNode body) {
        String path = "/" + kind + "s/" + URLEncoder.encode(name, StandardCharsets.UTF_8);
        ControllerHttp.Reply reply = ControllerHttp.expectOk(http.put(path, body), kind + " " + name + " refused");
        String result = reply.status() == 201 ? "created" : "replaced";
        if (!json()) {
            out().println(kind + " " + name + ": " + result);
            out().flush();
        }
        ObjectNode entry = DeploymentJson.MAPPER.createObjectNode();
        entry.put("kind", kind);
        entry.put("name", name);
        entry.put("result", result);
        return entry;
    }

    private JsonNode read() {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw usage("cannot read " + file + ": " + e);
        }
        boolean json = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
        try {
            JsonNode root = json ? DeploymentJson.MAPPER.readTree(text) : TOML.readTree(text);
            if (root == null || !root.isObject()) {
                throw usage(file + " is not a table of [workflows.<name>] tables");
            }
            return root;
        } catch (JacksonException e) {
            throw usage(file + " is not valid " + (json ? "JSON" : "TOML") + ": " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        }
    }

    private ObjectNode tables(JsonNode root, String key) {
        JsonNode node = root.get(key);
        if (node == null) {
            return DeploymentJson.MAPPER.createObjectNode();
        }
        if (!node.isObject()) {
            throw usage(file + ": '" + key + "' must be a table of tables, e.g. [" + key + ".door-lock]");
        }
        node.properties().forEach(e -> {
            if (!e.getValue().isObject()) {
                throw usage(file + ": " + key + "." + e.getKey() + " must be a table");
            }
        });
        return (ObjectNode) node;
    }

    /** The workflow's table with a relative {@code artifact} made absolute against FILE's directory. */
    private JsonNode resolveArtifact(String name, JsonNode table) {
        JsonNode artifact = table.get("artifact");
        if (artifact == null || !artifact.isTextual()) {
            return table;   // the controller names what is missing or wrong
        }
        ObjectNode copy = table.deepCopy();
        try {
            copy.put("artifact", file.toAbsolutePath().getParent().resolve(artifact.asText()).normalize().toString());
        } catch (InvalidPathException e) {
            throw usage(file + ": workflows." + name + ".artifact '" + artifact.asText() + "' is not a valid path: " + e.getReason());
        }
        return copy;
    }
}
