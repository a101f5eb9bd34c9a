package io.tempos.invoker;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Finds {@code tempos-dlf-host}, the small C program (src/main/c/dlf_host.c) that runs a DLF in
 * a process of its own for isolation = "process". The build compiles it into the invoker's
 * classes as {@value #RESOURCE}: from a directory it runs in place; from a jar it is copied
 * once per JVM to a private temporary directory.
 */
final class DlfHost {

    static final String RESOURCE = "native/tempos-dlf-host";

    private static volatile Path path;

    private DlfHost() {
    }

    /**
     * @throws IllegalArgumentException when this invoker build has no host program, or it
     *                                  cannot be made runnable
     */
    static Path path() {
        Path found = path;
        if (found == null) {
            synchronized (DlfHost.class) {
                if (path == null) {
                    path = locate();
                }
                found = path;
            }
        }
        return found;
    }

    private static Path locate() {
        URL url = DlfHost.class.getClassLoader().getResource(RESOURCE);
        if (url == null) {
            throw new IllegalArgumentException("isolation = \"process\" for dlf needs the " + RESOURCE
                    + " program, which this invoker build lacks (the invoker module builds it with gcc)");
        }
        try {
            if (url.getProtocol().equals("file")) {
                Path file = Path.of(url.toURI());
                if (Files.isExecutable(file)) {
                    return file;
                }
            }
            Path dir = Files.createTempDirectory("tempos-dlf-host-", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            Path copy = dir.resolve("tempos-dlf-host");
            try (InputStream in = url.openStream()) {
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("r-x------"));
            dir.toFile().deleteOnExit(); // deleted in reverse order: the copy first, then its directory
            copy.toFile().deleteOnExit();
            return copy;
        } catch (IOException | URISyntaxException e) {
            throw new IllegalArgumentException("cannot make " + url + " runnable: " + e.getMessage(), e);
        }
    }
}
