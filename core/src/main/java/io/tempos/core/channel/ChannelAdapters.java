package io.tempos.core.channel;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The channel adapters installed on this host: every {@link ChannelAdapter} found with
 * {@link ServiceLoader} in the jars of a plugins folder, each jar in a class loader of its own
 * whose parent is core's (the JVM counterpart of the paper's shared-library plugins). The
 * built-in adapters ship the same way. A jar that cannot be loaded is reported in
 * {@link #problems()} and the others load anyway.
 *
 * <p>The folder is {@code -Dtempos.plugins=DIR}, else {@code $TEMPOS_PLUGINS}, else
 * {@code plugins/} next to the jar this class was loaded from (the CLI's {@code target/plugins}
 * when core sits in {@code target/lib}), else a build tree's {@code channels/target/plugins}
 * (see {@link #defaultFolder()}).
 */
public final class ChannelAdapters {

    public static final String PROPERTY = "tempos.plugins";
    public static final String ENVIRONMENT = "TEMPOS_PLUGINS";

    private static final System.Logger LOG = System.getLogger(ChannelAdapters.class.getName());
    private static volatile ChannelAdapters installed;

    private final Path folder;
    private final Map<String, ChannelAdapter> byName;
    private final List<String> problems;

    private ChannelAdapters(Path folder, Map<String, ChannelAdapter> byName, List<String> problems) {
        this.folder = folder;
        this.byName = Collections.unmodifiableMap(byName);
        this.problems = List.copyOf(problems);
    }

    /** The adapters of the default plugins folder, loaded once per JVM. */
    public static ChannelAdapters installed() {
        ChannelAdapters result = installed;
        if (result == null) {
            synchronized (ChannelAdapters.class) {
                result = installed;
                if (result == null) {
                    result = load(defaultFolder());
                    result.problems.forEach(p -> LOG.log(System.Logger.Level.WARNING, p));
                    installed = result;
                }
            }
        }
        return result;
    }

    /**
     * The plugins folder this JVM uses: the property, the environment variable, {@code plugins/}
     * next to core's jar (the CLI's {@code target/plugins} beside {@code target/lib}) when it
     * exists, else the build tree's {@code channels/target/plugins} above core's classes (module
     * tests and IDE runs inside a checkout), else {@code plugins/} next to core's jar.
     */
    public static Path defaultFolder() {
        String configured = System.getProperty(PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(ENVIRONMENT);
        }
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path codeSource;
        try {
            codeSource = Path.of(ChannelAdapters.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of("plugins");
        }
        // core's jar lies in target/lib of the CLI: plugins/ is its sibling; in a build, next to target/classes.
        Path base = codeSource.getParent();
        if (base != null && base.getFileName() != null && base.getFileName().toString().equals("lib")) {
            base = base.getParent();
        }
        Path beside = base == null ? Path.of("plugins") : base.resolve("plugins");
        if (Files.isDirectory(beside)) {
            return beside;
        }
        for (Path dir = codeSource; dir != null; dir = dir.getParent()) {
            Path built = dir.resolve("channels").resolve("target").resolve("plugins");
            if (Files.isDirectory(built)) {
                return built;
            }
        }
        return beside;
    }

    /** Loads every adapter of the jars in {@code folder}; a missing folder gives no adapters and one problem. */
    public static ChannelAdapters load(Path folder) {
        Map<String, ChannelAdapter> byName = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            problems.add("channel plugins: no folder " + folder.toAbsolutePath()
                    + " (set -D" + PROPERTY + "=DIR or " + ENVIRONMENT + "; build it with mvn package)");
            return new ChannelAdapters(folder, byName, problems);
        }
        List<Path> jars;
        try (Stream<Path> files = Files.list(folder)) {
            jars = files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            problems.add("channel plugins: cannot list " + folder.toAbsolutePath() + ": " + e.getMessage());
            return new ChannelAdapters(folder, byName, problems);
        }
        for (Path jar : jars) {
            loadJar(jar, byName, problems);
        }
        return new ChannelAdapters(folder, byName, problems);
    }

    private static void loadJar(Path jar, Map<String, ChannelAdapter> byName, List<String> problems) {
        URL url;
        try {
            url = jar.toUri().toURL();
        } catch (MalformedURLException e) {
            problems.add("channel plugin " + jar + ": " + e.getMessage());
            return;
        }
        // Never closed: the adapter's classes live as long as the JVM uses them.
        URLClassLoader loader = new URLClassLoader("channel-plugin " + jar.getFileName(), new URL[]{url},
                ChannelAdapters.class.getClassLoader());
        int found = 0;
        Iterator<ChannelAdapter> adapters = ServiceLoader.load(ChannelAdapter.class, loader).iterator();
        while (true) {
            ChannelAdapter adapter;
            try {
                if (!adapters.hasNext()) {
                    break;
                }
                adapter = adapters.next();
                if (adapter.getClass().getClassLoader() != loader) {
                    continue;   // found through the parent (already on the class path), not this jar's
                }
            } catch (ServiceConfigurationError | LinkageError e) {
                problems.add("channel plugin " + jar + ": cannot load an adapter: " + e.getMessage());
                break;
            }
            String name;
            try {
                name = adapter.name();
                adapter.capabilities();
            } catch (RuntimeException | LinkageError e) {
                problems.add("channel plugin " + jar + ": adapter " + adapter.getClass().getName() + " fails to describe itself: " + e);
                continue;
            }
            ChannelAdapter previous = byName.putIfAbsent(name, adapter);
            if (previous != null) {
                problems.add("channel plugin " + jar + ": adapter '" + name + "' is already installed by "
                        + previous.getClass().getName() + "; this one is ignored");
                continue;
            }
            found++;
        }
        if (found == 0 && problems.stream().noneMatch(p -> p.startsWith("channel plugin " + jar + ":"))) {
            problems.add("channel plugin " + jar + ": no " + ChannelAdapter.class.getName()
                    + " service in it (META-INF/services/" + ChannelAdapter.class.getName() + ")");
        }
    }

    /** The adapter named {@code name}, or null. */
    public ChannelAdapter find(String name) {
        return byName.get(name);
    }

    /**
     * The adapter named {@code name}.
     *
     * @throws IllegalArgumentException naming the installed adapters and the folder when there is none
     */
    public ChannelAdapter get(String name) {
        ChannelAdapter adapter = byName.get(name);
        if (adapter == null) {
            throw new IllegalArgumentException(unknown(name));
        }
        return adapter;
    }

    /** The message for an adapter name that is not installed. */
    public String unknown(String name) {
        return "no channel adapter named '" + name + "'; installed: " + byName.keySet() + " (plugins folder " + folder.toAbsolutePath() + ")";
    }

    public Set<String> names() {
        return byName.keySet();
    }

    /** Jars that could not be loaded, each naming the jar and the cause. */
    public List<String> problems() {
        return problems;
    }

    public Path folder() {
        return folder;
    }
}
