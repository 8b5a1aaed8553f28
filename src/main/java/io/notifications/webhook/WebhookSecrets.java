package io.notifications.webhook;

import java.security.SecureRandom;
import java.util.Base64;

/** Standard Webhooks secrets: {@code whsec_} followed by the base64 of 24 to 64 random bytes. */
public final class WebhookSecrets {

    public static final String PREFIX = "whsec_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSecrets() {
    }

    public static String generate() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** The problem with a client-supplied secret, or null when it is acceptable. */
    public static String problem(String secret) {
        if (!secret.startsWith(PREFIX)) {
            return "must start with '" + PREFIX + "' followed by a base64 key";
        }
        try {
            int length = key(secret).length;
            return length >= 24 && length <= 64 ? null : "the key must be 24 to 64 bytes";
        } catch (IllegalArgumentException e) {
            return "the key after '" + PREFIX + "' must be base64";
        }
    }

    /** The raw key bytes that HMAC-SHA256 signs with. */
    public static byte[] key(String secret) {
        return Base64.getDecoder().decode(secret.substring(PREFIX.length()));
    }
}
