package io.tempos.cli;

import io.tempos.core.config.ConfigException;
import io.tempos.core.config.ConfigLoader;
import io.tempos.core.config.Deployment;
import picocli.CommandLine;

import java.nio.file.Path;

/** Loads a deployment file for a command, turning its problems into a usage error (exit 2). */
public final class ConfigOption {

    private ConfigOption() {
    }

    public static Deployment load(CommandLine.Model.CommandSpec spec, Path file) {
        try {
            return ConfigLoader.load(file);
        } catch (ConfigException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
