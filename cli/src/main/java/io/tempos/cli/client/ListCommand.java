package io.tempos.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;

import java.util.Locale;

/** {@code tempos ls}: the workflows the controller runs. */
@Command(name = "ls", mixinStandardHelpOptions = true,
        description = "Lists the deployment's workflows: name, QoS level, topic, invocation method, mode, artifact.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:listed", "1:the controller could not be asked", "2:usage error"})
public final class ListCommand extends ClientCommand {

    @Override
    int run(ControllerHttp http) {
        JsonNode workflows = ControllerHttp.expectOk(http.get("/workflows"), "listing the workflows").json();
        if (json()) {
            printJson(workflows);
            return OK;
        }
        if (workflows.isEmpty()) {
            out().println("no workflows; add one with `tempos deploy FILE`");
            return OK;
        }
        Table table = new Table("NAME", "LEVEL", "TOPIC", "METHOD", "MODE", "ARTIFACT");
        for (JsonNode w : workflows) {
            JsonNode f = w.path("function");
            table.row(w.path("name").asText(), w.path("level").asText(), w.path("topic").asText(),
                    f.path("method").asText().toLowerCase(Locale.ROOT), f.path("warm").asBoolean() ? "warm" : "cold",
                    f.path("artifact").asText());
        }
        table.print(out());
        return OK;
    }
}
