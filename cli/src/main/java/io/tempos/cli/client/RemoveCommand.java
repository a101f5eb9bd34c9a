package io.tempos.cli.client;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tempos.core.config.DeploymentJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** {@code tempos rm NAME…}: removes workflows from every component. */
@Command(name = "rm", mixinStandardHelpOptions = true,
        description = "Removes workflows from every component, each all or none. Stops at the first that cannot be removed.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every workflow removed", "1:a workflow could not be removed (unknown, refused, unreachable, no token)",
                "2:usage error"})
public final class RemoveCommand extends ClientCommand {

    @Parameters(paramLabel = "NAME", arity = "1..*", description = "The workflows to remove.")
    List<String> names;

    @Override
    int run(ControllerHttp http) {
        ArrayNode removed = DeploymentJson.MAPPER.createArrayNode();
        for (String name : names) {
            ControllerHttp.expectOk(http.delete("/workflows/" + URLEncoder.encode(name, StandardCharsets.UTF_8)),
                    "removing workflow '" + name + "'");
            removed.add(name);
            if (!json()) {
                out().println("removed workflow " + name);
                out().flush();
            }
        }
        if (json()) {
            ObjectNode result = DeploymentJson.MAPPER.createObjectNode();
            result.set("removed", removed);
            printJson(result);
        }
        return OK;
    }
}
