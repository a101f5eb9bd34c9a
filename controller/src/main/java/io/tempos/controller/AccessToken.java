package io.tempos.controller;

import io.tempos.core.config.ControllerSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The bearer token that changes of the model must carry ({@code Authorization: Bearer …}).
 * It comes, first match wins, from the embedding code, the {@code TEMPOS_TOKEN} environment
 * variable, the file named by {@code [controller] token-file}, or the file {@code token} of the
 * state dir, which is generated (mode 0600) and its token logged once on the first start.
 * Immutable; checked on the REST API's request threads.
 */
final class AccessToken {

    static final String ENVIRONMENT_VARIABLE = "TEMPOS_TOKEN";
    static final String GENERATED_FILE = "token";

    private static final System.Logger LOG = System.getLogger(AccessToken.class.getName());
    private static final int GENERATED_BYTES = 32;

    private final byte[] token;
    private final String source;
    private final boolean configured;

    private AccessToken(String token, String source, boolean configured) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.source = source;
        this.configured = configured;
    }

    /**
     * @param explicit    a token given in code, or null
     * @param environment the process environment, read for {@value #ENVIRONMENT_VARIABLE}
     * @param stateDir    where to keep a generated token, or null to generate one for this run only
     * @throws IOException naming the file when a token file cannot be read, is empty, or cannot be written
     */
    static AccessToken resolve(String explicit, Map<String, String> environment, ControllerSpec spec, Path stateDir)
            throws IOException {
        if (explicit != null) {
            return new AccessToken(checked(explicit, "the token given to the controller"), "given to the controller", true);
        }
        String fromEnvironment = environment.get(ENVIRONMENT_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return new AccessToken(checked(fromEnvironment.strip(), ENVIRONMENT_VARIABLE), ENVIRONMENT_VARIABLE, true);
        }
        if (spec.tokenFile() != null) {
            Path file = Path.of(spec.tokenFile());
            return new AccessToken(read(file, "[controller] token-file " + file), "token-file " + file, true);
        }
        if (stateDir == null) {
            String token = generate();
            LOG.log(System.Logger.Level.INFO, "no API token configured ([controller] token-file or " + ENVIRONMENT_VARIABLE
                    + ") and no state dir: generated one for this run: " + token);
            return new AccessToken(token, "generated for this run", false);
        }
        Path file = stateDir.resolve(GENERATED_FILE);
        if (Files.exists(file)) {
            return new AccessToken(read(file, "the generated token file " + file), file.toString(), false);
        }
        String token = generate();
        try {
            Files.writeString(Files.createFile(file, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------"))), token + "\n");
        } catch (FileAlreadyExistsException e) {
            // another process wrote it meanwhile: use theirs
            return new AccessToken(read(file, "the generated token file " + file), file.toString(), false);
        }
        LOG.log(System.Logger.Level.WARNING, "generated the API token into " + file + " (mode 0600); clients send it as"
                + " 'Authorization: Bearer <token>' (tempos --token, or " + ENVIRONMENT_VARIABLE + "). It is shown only this once: "
                + token);
        return new AccessToken(token, file.toString(), false);
    }

    /** Whether an {@code Authorization} header value carries this token. Constant time in the token. */
    boolean admits(String authorization) {
        if (authorization == null) {
            return false;
        }
        String value = authorization.strip();
        if (value.length() < 7 || !value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return false;
        }
        return MessageDigest.isEqual(token, value.substring(7).strip().getBytes(StandardCharsets.UTF_8));
    }

    /** Where the token came from, for a log line; never the token. */
    String source() {
        return source;
    }

    /** Whether someone chose it (code, environment, token-file) rather than the controller generating it. */
    boolean configured() {
        return configured;
    }

    private static String read(Path file, String what) throws IOException {
        String token;
        try {
            token = Files.readString(file).strip();
        } catch (NoSuchFileException e) {
            throw new IOException(what + " does not exist; write a token into it (e.g. `head -c 32 /dev/urandom | base64 > "
                    + file + "; chmod 600 " + file + "`) or remove the key to have one generated into the state dir", e);
        } catch (IOException e) {
            throw new IOException(what + " cannot be read: " + e, e);
        }
        checked(token, what);
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if (permissions.contains(PosixFilePermission.OTHERS_READ) || permissions.contains(PosixFilePermission.GROUP_READ)) {
            LOG.log(System.Logger.Level.WARNING, what + " is readable by other users (" + PosixFilePermissions.toString(permissions)
                    + "); chmod 600 " + file);
        }
        return token;
    }

    private static String checked(String token, String what) throws IOException {
        if (token.isEmpty()) {
            throw new IOException(what + " is empty; it must hold the API token");
        }
        if (token.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new IOException(what + " holds spaces or control characters; an HTTP header cannot carry them");
        }
        return token;
    }

    private static String generate() {
        byte[] bytes = new byte[GENERATED_BYTES];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
