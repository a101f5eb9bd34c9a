package io.tempos.cli;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hotel test deployment ({@link HotelFixture#toml()}) with both levels on one channel
 * adapter: {@code channel} in each level, socket priority 0 where the adapter carries none, and
 * for an adapter that listens on paths ({@code uds}) the broker's and invoker's {@code ports}
 * replaced by {@code socket-paths} in {@code socketDir}. The best-effort topic gets a
 * least-outstanding group, so acknowledgements travel back over the channel too.
 */
final class ChannelToml {

    private static final Pattern COMPONENT_PORTS = Pattern.compile("(?m)^ports = \\{ strict = \\d+, best-effort = \\d+ }$");

    private ChannelToml() {
    }

    /**
     * @param channel an adapter's name, or {@code tsn-windows}: the tsn adapter with the paper's
     *                1 ms cycle of two 500 µs slots and etf on the strict level, so that every
     *                strict and best-effort frame is sent with its launch time (SCM_TXTIME)
     */
    static String of(String channel, Path socketDir) {
        if (channel.equals("tsn-windows")) {
            return of("tsn", socketDir)
                    .replace("[levels.strict]\n", "[levels.strict]\ntsn-slot = { offset-us = 0, length-us = 500 }\n")
                    .replace("[levels.best-effort]\n", "[levels.best-effort]\ntsn-slot = { offset-us = 500, length-us = 500 }\n")
                    + "[tsn]\ninterface = \"lo\"\netf-level = \"strict\"\n";
        }
        String toml = HotelFixture.toml()
                .replace("[levels.strict]\n", "[levels.strict]\nchannel = \"" + channel + "\"\n"
                        + (channel.equals("uds") ? "socket-priority = 0\n" : ""))
                .replace("[levels.best-effort]\n", "[levels.best-effort]\nchannel = \"" + channel + "\"\n")
                .replace("[topics.bq]\nlevel = \"best-effort\"\nsubscribers = [\"edge\"]\n",
                        "[topics.bq]\nlevel = \"best-effort\"\ngroups = [{ name = \"g\", members = [\"edge\"], policy = \"least-outstanding\" }]\n");
        if (!channel.equals("uds")) {
            return toml;
        }
        // The broker's ports line comes first, then the invoker's.
        Matcher ports = COMPONENT_PORTS.matcher(toml);
        StringBuilder out = new StringBuilder();
        String[] owners = {"mom", "edge"};
        int i = 0;
        while (ports.find()) {
            String owner = owners[i++];
            ports.appendReplacement(out, Matcher.quoteReplacement("socket-paths = { strict = \"" + socketDir.resolve(owner + "-strict.sock")
                    + "\", best-effort = \"" + socketDir.resolve(owner + "-best-effort.sock") + "\" }"));
        }
        ports.appendTail(out);
        if (i != 2) {
            throw new AssertionError("expected the broker's and the invoker's ports in the test deployment, found " + i);
        }
        return out.toString();
    }
}
