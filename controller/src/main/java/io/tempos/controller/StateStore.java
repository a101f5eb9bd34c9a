package io.tempos.controller;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tempos.core.config.Deployment;
import io.tempos.core.config.DeploymentJson;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The controller's state directory: the model as last changed through the API
 * ({@value #STATE_FILE}), so that a restarted controller runs what it had accepted. A write
 * goes to a temporary file that is forced to disk and then renamed over the state file, and the
 * directory is forced too: after a crash the file holds the old model or the new one, never a
 * mix. A lock file keeps a second controller away from the same directory. Called with the
 * model's change lock held, so writes never interleave.
 */
final class StateStore implements AutoCloseable {

    static final String STATE_FILE = "deployment.json";
    static final String LOCK_FILE = "lock";
    /** The version of the state file's layout this controller writes and reads. */
    static final int FORMAT = 1;

    /** A model read back from the state file. */
    record Saved(Deployment deployment, Instant savedAt) {
    }

    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private StateStore(Path dir, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Opens (and creates, mode 0700) the state directory and locks it.
     *
     * @throws IOException naming the directory when it cannot be made or another controller holds it
     */
    static StateStore open(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath().normalize();
        try {
            if (!Files.isDirectory(absolute)) {
                Files.createDirectories(absolute, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
        } catch (FileAlreadyExistsException e) {
            throw new IOException("state dir " + absolute + " ([controller] state-dir) is a file, not a directory", e);
        } catch (IOException e) {
            throw new IOException("cannot create the state dir " + absolute + " ([controller] state-dir): " + e, e);
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(absolute.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (AccessDeniedException e) {
            throw new IOException("cannot write into the state dir " + absolute + " ([controller] state-dir): permission denied", e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IOException("state dir " + absolute + " is in use by another controller; stop that one or give this"
                    + " one its own [controller] state-dir");
        }
        return new StateStore(absolute, channel, lock);
    }

    Path dir() {
        return dir;
    }

    Path stateFile() {
        return dir.resolve(STATE_FILE);
    }

    /**
     * The saved model, or empty when nothing was saved yet.
     *
     * @throws IOException naming the file, what is wrong with it and what to do, when it cannot
     *                     be read or is not a state file this controller wrote
     */
    Optional<Saved> load() throws IOException {
        Path file = stateFile();
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw corrupt("cannot be read: " + e);
        }
        try {
            JsonNode root = DeploymentJson.MAPPER.readTree(text);
            if (root == null || !root.isObject()) {
                throw corrupt("it is not a JSON object" + (text.isBlank() ? " (the file is empty)" : ""));
            }
            JsonNode format = root.get("format");
            if (format == null || !format.isInt() || format.asInt() != FORMAT) {
                throw corrupt("its \"format\" is " + format + ", this controller reads format " + FORMAT);
            }
            JsonNode deployment = root.get("deployment");
            if (deployment == null || !deployment.isObject()) {
                throw corrupt("it has no \"deployment\" object");
            }
            JsonNode savedAt = root.get("saved-at");
            return Optional.of(new Saved(DeploymentJson.MAPPER.treeToValue(deployment, Deployment.class),
                    savedAt == null ? null : Instant.parse(savedAt.asText())));
        } catch (JacksonException e) {
            // Jackson names a source it does not show ("[Source: REDACTED …; line: 1, column: 26]"): keep the place.
            throw corrupt("it is not a valid state file: " + e.getOriginalMessage().replaceAll("\\[Source: [^;]*; ", "[")
                    + (e.getLocation() == null || e.getLocation().getLineNr() < 0 ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        } catch (DateTimeParseException e) {
            throw corrupt("its \"saved-at\" is not a time: " + e.getParsedString());
        }
    }

    /** Writes {@code deployment} as the saved model, atomically and durably. */
    void save(Deployment deployment) throws IOException {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("format", FORMAT);
        state.put("saved-at", Instant.now().toString());
        state.put("deployment", deployment);
        ByteBuffer bytes = ByteBuffer.wrap(DeploymentJson.write(state).getBytes(StandardCharsets.UTF_8));
        Path temporary = dir.resolve(STATE_FILE + ".tmp");
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(true);
        }
        Files.move(temporary, stateFile(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory();
    }

    /**
     * Moves the state file aside, kept for inspection as {@code deployment.json.<time>.bak}, so
     * that the controller starts from its config file.
     *
     * @return where it went, or empty when there was no state file
     */
    Optional<Path> reset() throws IOException {
        Path file = stateFile();
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Path kept = dir.resolve(STATE_FILE + "." + Instant.now().toString().replace(':', '-') + ".bak");
        Files.move(file, kept, StandardCopyOption.ATOMIC_MOVE);
        forceDirectory();
        return Optional.of(kept);
    }

    @Override
    public void close() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            // closing the channel releases the lock in any case
        }
    }

    /** Makes the rename itself durable: on Linux a directory opened for reading can be forced. */
    private void forceDirectory() throws IOException {
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        }
    }

    private IOException corrupt(String what) {
        return new IOException("state file " + stateFile() + " is corrupt: " + what + ". The controller will not start"
                + " without the workflows and topics it holds: repair the file, or start with --reset-state to run the"
                + " config file's topics and workflows (the corrupt file is then kept beside it as "
                + STATE_FILE + ".<time>.bak)");
    }
}
