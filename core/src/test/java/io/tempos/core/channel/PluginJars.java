package io.tempos.core.channel;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/** Builds real adapter plugin jars in a test: compiles a tiny adapter with the given capabilities and jars it with its service entry. */
public final class PluginJars {

    private PluginJars() {
    }

    /**
     * A jar in {@code folder} with one adapter named {@code name}; its capabilities are
     * {@code reliable, ordered, maxBytes, priority, txTime, replies} as Java source.
     */
    public static Path adapter(Path folder, String name, String capabilities) throws IOException {
        String simple = "A" + name.replaceAll("[^A-Za-z0-9]", "_");
        Path src = Files.createTempDirectory("plugin-src");
        Path pkg = Files.createDirectories(src.resolve("p"));
        Files.writeString(pkg.resolve(simple + ".java"), """
                package p;
                import io.tempos.core.channel.*;
                import io.tempos.core.qos.QosLevel;
                public final class %s implements ChannelAdapter {
                    public String name() { return "%s"; }
                    public ChannelCapabilities capabilities() { return new ChannelCapabilities(%s); }
                    public ReceiveChannel openReceiver(Endpoint e, QosLevel l) { throw new UnsupportedOperationException(); }
                    public SendChannel openSender(Endpoint e, QosLevel l) { throw new UnsupportedOperationException(); }
                }
                """.formatted(simple, name, capabilities));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-d", src.toString(), "-cp", System.getProperty("java.class.path"),
                pkg.resolve(simple + ".java").toString());
        if (rc != 0) {
            throw new AssertionError("cannot compile the test adapter " + name);
        }
        Path jar = folder.resolve("tempos-channel-" + name + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("META-INF/services/" + ChannelAdapter.class.getName()));
            out.write(("p." + simple + "\n").getBytes());
            out.putNextEntry(new JarEntry("p/" + simple + ".class"));
            out.write(Files.readAllBytes(pkg.resolve(simple + ".class")));
        }
        return jar;
    }

    /** A jar whose service entry names a class it does not contain. */
    static Path dangling(Path folder) throws IOException {
        Path jar = folder.resolve("dangling.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("META-INF/services/" + ChannelAdapter.class.getName()));
            out.write("p.Missing\n".getBytes());
        }
        return jar;
    }

    /** A file named .jar that is not a zip. */
    static Path notAJar(Path folder) throws IOException {
        Path jar = folder.resolve("broken.jar");
        try (OutputStream out = Files.newOutputStream(jar)) {
            out.write("not a zip".getBytes());
        }
        return jar;
    }

    static void clear(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
    }
}
