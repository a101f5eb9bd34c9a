package io.tempos.core.channel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChannelAdaptersTest {

    @TempDir
    Path plugins;

    @Test
    void findsEveryAdapterOfTheJarsInTheFolderEachInItsOwnClassLoader() throws IOException {
        PluginJars.adapter(plugins, "alpha", "true, true, 1000, false, false, true");
        PluginJars.adapter(plugins, "beta", "false, false, 2000, true, false, false");

        ChannelAdapters adapters = ChannelAdapters.load(plugins);

        assertThat(adapters.problems()).isEmpty();
        assertThat(adapters.names()).containsExactly("alpha", "beta");
        assertThat(adapters.get("beta").capabilities()).isEqualTo(new ChannelCapabilities(false, false, 2000, true, false, false));
        ClassLoader alpha = adapters.get("alpha").getClass().getClassLoader();
        ClassLoader beta = adapters.get("beta").getClass().getClassLoader();
        assertThat(alpha).isNotSameAs(beta);
        assertThat(alpha.getParent()).isSameAs(ChannelAdapters.class.getClassLoader());
    }

    @Test
    void anUnknownAdapterNamesTheInstalledOnesAndTheFolder() throws IOException {
        PluginJars.adapter(plugins, "alpha", "true, true, 1000, false, false, true");

        ChannelAdapters adapters = ChannelAdapters.load(plugins);

        assertThatThrownBy(() -> adapters.get("carrier-pigeon"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no channel adapter named 'carrier-pigeon'; installed: [alpha] (plugins folder " + plugins.toAbsolutePath() + ")");
    }

    @Test
    void brokenJarsAreReportedByNameAndTheOthersStillLoad() throws IOException {
        PluginJars.adapter(plugins, "alpha", "true, true, 1000, false, false, true");
        Path dangling = PluginJars.dangling(plugins);
        Path broken = PluginJars.notAJar(plugins);

        ChannelAdapters adapters = ChannelAdapters.load(plugins);

        assertThat(adapters.names()).containsExactly("alpha");
        assertThat(adapters.problems()).hasSize(2);
        assertThat(adapters.problems()).anySatisfy(p -> assertThat(p).startsWith("channel plugin " + dangling + ": cannot load an adapter:").contains("p.Missing"));
        assertThat(adapters.problems()).anySatisfy(p -> assertThat(p).startsWith("channel plugin " + broken + ":"));
    }

    @Test
    void twoAdaptersWithOneNameKeepTheFirstAndReportTheSecond() throws IOException {
        Path first = PluginJars.adapter(plugins, "alpha", "true, true, 1000, false, false, true");
        Path copy = Path.of(first.toString().replace("tempos-channel-alpha", "zz-alpha-again"));
        Files.copy(first, copy);

        ChannelAdapters adapters = ChannelAdapters.load(plugins);

        assertThat(adapters.names()).containsExactly("alpha");
        assertThat(adapters.problems()).singleElement().asString()
                .startsWith("channel plugin " + copy + ": adapter 'alpha' is already installed by p.Aalpha");
    }

    @Test
    void aMissingFolderIsOneProblemNamingTheFolderAndHowToSetIt() {
        ChannelAdapters adapters = ChannelAdapters.load(plugins.resolve("nowhere"));

        assertThat(adapters.names()).isEmpty();
        assertThat(adapters.problems()).singleElement().asString()
                .isEqualTo("channel plugins: no folder " + plugins.resolve("nowhere").toAbsolutePath()
                        + " (set -Dtempos.plugins=DIR or TEMPOS_PLUGINS; build it with mvn package)");
    }

    @Test
    void theSystemPropertyChoosesTheFolder() {
        String before = System.getProperty(ChannelAdapters.PROPERTY);
        try {
            System.setProperty(ChannelAdapters.PROPERTY, plugins.toString());
            assertThat(ChannelAdapters.defaultFolder()).isEqualTo(plugins);
        } finally {
            if (before == null) {
                System.clearProperty(ChannelAdapters.PROPERTY);
            } else {
                System.setProperty(ChannelAdapters.PROPERTY, before);
            }
        }
    }
}
