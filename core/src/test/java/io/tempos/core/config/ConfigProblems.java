package io.tempos.core.config;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.fail;

/** Runs the loader on TOML that must be refused and hands back the problems it listed. */
final class ConfigProblems {

    private ConfigProblems() {
    }

    static List<String> of(String toml, Path base) {
        try {
            Deployment loaded = ConfigLoader.parse(toml, "test.toml", base);
            return fail("expected problems, but it loaded: %s", loaded);
        } catch (ConfigException e) {
            return e.problems();
        }
    }
}
