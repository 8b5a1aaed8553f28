package io.notifications.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may call the service, and the key that encrypts stored secrets.
 *
 * @param keys                    named keys, each with a role: who made a change is recorded by the key's name
 * @param apiKeys                 unnamed keys, kept for older configuration: each is an {@code ADMIN} key named
 *                                {@code key-1}, {@code key-2}, … in order
 * @param encryptionKey           a base64-encoded 256-bit AES key that encrypts bucket secret keys and webhook
 *                                secrets in the database (AES-GCM). Required outside the demo
 * @param previousEncryptionKeys  keys that secrets were encrypted with before a rotation: still read, and the rows
 *                                re-encrypted under {@code encryptionKey} at startup
 */
@ConfigurationProperties("notifications.security")
public record SecurityProperties(
        @DefaultValue List<NamedKey> keys,
        @DefaultValue List<String> apiKeys,
        String encryptionKey,
        @DefaultValue List<String> previousEncryptionKeys) {

    /**
     * One caller's key.
     *
     * @param name who the key belongs to, as the audit trail records it
     * @param key  the key, or {@code sha256:<hex>}, the SHA-256 of one, so that the key itself is not kept in
     *             configuration. Sent in the {@code X-API-Key} header or as the password of HTTP basic auth
     * @param role what it may do: {@code READ} (GET only), {@code OPERATE} (also changes), {@code ADMIN} (also the
     *             consoles, the audit trail and the actuator's env and configprops)
     */
    public record NamedKey(String name, String key, Role role) {
    }
}
