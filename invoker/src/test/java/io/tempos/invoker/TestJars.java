package io.tempos.invoker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/** Packs compiled test classes into a jar, as a user's JVM function would arrive. */
final class TestJars {

    private TestJars() {
    }

    /** A jar at {@code dir/name} holding the class files of {@code classes} (no nested classes). */
    static Path of(Path dir, String name, Class<?>... classes) throws IOException {
        Path jar = dir.resolve(name);
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (Class<?> type : classes) {
                String entry = type.getName().replace('.', '/') + ".class";
                try (InputStream in = type.getResourceAsStream("/" + entry)) {
                    if (in == null) {
                        throw new IOException("no class file for " + type.getName() + " on the test class path");
                    }
                    out.putNextEntry(new JarEntry(entry));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        return jar;
    }
}
