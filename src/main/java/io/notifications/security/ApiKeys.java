package io.notifications.security;

import io.notifications.system.DemoMode;
import io.notifications.system.InvalidConfigurationException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * The accepted API keys, held only as SHA-256 digests: the keys themselves are not kept after startup, and a
 * presented key is compared digest to digest in constant time. Outside the demo, startup is refused without a key,
 * or with the demo's published key (as itself or as its digest).
 */
@Component
public class ApiKeys {

    private static final String DIGEST_PREFIX = "sha256:";

    private final List<byte[]> digests = new ArrayList<>();

    public ApiKeys(SecurityProperties properties, DemoMode demo) {
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
        if (demo.active()) {
            return;
        }
        if (digests.isEmpty()) {
            throw new InvalidConfigurationException("notifications.security.api-keys", "no API key is configured",
                    "Give at least one key, e.g. NOTIFICATIONS_SECURITY_API_KEYS_0=<a long random key>, or its "
                            + "digest as sha256:<hex> (echo -n \"$KEY\" | sha256sum). For the demo, run with "
                            + "--spring.profiles.active=" + DemoMode.PROFILE + ".");
        }
        for (String demoValue : DemoMode.demoValues()) {
            byte[] demoDigest = digest(demoValue);
            for (int i = 0; i < digests.size(); i++) {
                if (MessageDigest.isEqual(digests.get(i), demoDigest)) {
                    throw DemoMode.demoValueRefused("notifications.security.api-keys[" + i + "]", demoValue);
                }
            }
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
