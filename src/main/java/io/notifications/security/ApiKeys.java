package io.notifications.security;

import io.notifications.system.InvalidConfigurationException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The accepted API keys, held only as SHA-256 digests: the keys themselves are not kept after startup, and a
 * presented key is compared digest to digest in constant time.
 */
@Component
public class ApiKeys {

    private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);
    private static final String DIGEST_PREFIX = "sha256:";

    private final List<byte[]> digests = new ArrayList<>();

    public ApiKeys(SecurityProperties properties) {
        for (int i = 0; i < properties.apiKeys().size(); i++) {
            String key = properties.apiKeys().get(i);
            if (key == null || key.isBlank()) {
                throw new InvalidConfigurationException("notifications.security.api-keys[" + i + "]", "is empty");
            }
            if (key.toLowerCase(Locale.ROOT).startsWith(DIGEST_PREFIX)) {
                String hex = key.substring(DIGEST_PREFIX.length()).strip();
                if (!hex.matches("[0-9a-fA-F]{64}")) {
                    throw new InvalidConfigurationException("notifications.security.api-keys[" + i + "]",
                            "a sha256: entry needs 64 hex digits");
                }
                digests.add(HexFormat.of().parseHex(hex));
            } else {
                digests.add(digest(key));
            }
        }
        if (digests.isEmpty()) {
            log.warn("No API keys are configured (notifications.security.api-keys): every API call will get 401");
        }
    }

    /** Whether the presented key is one of the accepted ones. */
    public boolean accepts(String presented) {
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        byte[] digest = digest(presented);
        boolean accepted = false;
        for (byte[] known : digests) {
            // Every digest is compared, so that the time taken does not tell which key came close
            accepted |= MessageDigest.isEqual(known, digest);
        }
        return accepted;
    }

    static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
