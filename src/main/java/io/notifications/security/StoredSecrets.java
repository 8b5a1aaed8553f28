package io.notifications.security;

import io.notifications.system.Sha256;
import io.notifications.system.DemoMode;
import io.notifications.system.InvalidConfigurationException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.crypto.encrypt.AesBytesEncryptor;
import org.springframework.security.crypto.encrypt.BytesEncryptor;
import org.springframework.stereotype.Component;

/**
 * Encrypts secrets for the database with AES-GCM (Spring Security's {@link AesBytesEncryptor}, a random IV per
 * value), under {@code notifications.security.encryption-key}. A stored value reads
 * {@code enc:v1:<key id>:<base64 of IV, ciphertext and tag>}; the key id (the first 8 hex digits of the key's
 * SHA-256) says which key wrote it, so values written under a previous key are still read, and re-encrypted.
 */
@Component
public class StoredSecrets {

    static final String PREFIX = "enc:v1:";
    static final String KEY_PROPERTY = "notifications.security.encryption-key";
    static final String PREVIOUS_KEYS_PROPERTY = "notifications.security.previous-encryption-keys";

    private final String currentKeyId;
    /** By key id: the current key first, then the previous ones. */
    private final Map<String, BytesEncryptor> keys = new LinkedHashMap<>();

    public StoredSecrets(SecurityProperties properties, DemoMode demo) {
        if (properties.encryptionKey() == null || properties.encryptionKey().isBlank()) {
            throw new InvalidConfigurationException(KEY_PROPERTY, "no key encrypts the secrets stored in the database",
                    "Give a base64-encoded 256-bit key, e.g. NOTIFICATIONS_SECURITY_ENCRYPTION_KEY=$(openssl rand "
                            + "-base64 32), and keep it as safe as the database backups it protects. For the demo, "
                            + "run with --spring.profiles.active=" + DemoMode.PROFILE + ".");
        }
        demo.refuseDemoValue(KEY_PROPERTY, properties.encryptionKey());
        currentKeyId = add(KEY_PROPERTY, properties.encryptionKey());
        List<String> previous = properties.previousEncryptionKeys();
        for (int i = 0; i < previous.size(); i++) {
            add(PREVIOUS_KEYS_PROPERTY + "[" + i + "]", previous.get(i));
        }
    }

    private String add(String property, String base64) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(property, "is not base64", "Give 32 random bytes in base64, "
                    + "e.g. from openssl rand -base64 32.");
        }
        if (key.length != 32) {
            throw new InvalidConfigurationException(property, "holds " + key.length + " bytes, not the 32 of a "
                    + "256-bit key", "Give 32 random bytes in base64, e.g. from openssl rand -base64 32.");
        }
        String id = keyId(key);
        keys.putIfAbsent(id, new AesBytesEncryptor(new SecretKeySpec(key, "AES"),
                AesBytesEncryptor.CipherAlgorithm.GCM.defaultIvGenerator(), AesBytesEncryptor.CipherAlgorithm.GCM));
        return id;
    }

    /** The secret encrypted under the current key; null stays null. */
    public String encrypt(String secret) {
        if (secret == null) {
            return null;
        }
        byte[] sealed = keys.get(currentKeyId).encrypt(secret.getBytes(StandardCharsets.UTF_8));
        return PREFIX + currentKeyId + ":" + Base64.getEncoder().encodeToString(sealed);
    }

    /** The secret a stored value holds; fails when no configured key wrote it, or it was altered. */
    public String decrypt(String stored) {
        if (stored == null) {
            return null;
        }
        if (!isEncrypted(stored)) {
            throw new IllegalStateException("a stored secret is not encrypted; it is encrypted at the next start");
        }
        String keyId = keyIdOf(stored);
        BytesEncryptor key = keys.get(keyId);
        if (key == null) {
            throw unknownKey(keyId);
        }
        byte[] sealed = Base64.getDecoder().decode(stored.substring(PREFIX.length() + keyId.length() + 1));
        return new String(key.decrypt(sealed), StandardCharsets.UTF_8);
    }

    /** Whether a stored value is encrypted under the current key, and so needs no re-encryption. */
    public boolean isCurrent(String stored) {
        return stored == null || isEncrypted(stored) && keyIdOf(stored).equals(currentKeyId);
    }

    /** Whether a configured key, current or previous, can read the stored value. */
    boolean isReadable(String stored) {
        return isEncrypted(stored) && keys.containsKey(keyIdOf(stored));
    }

    static boolean isEncrypted(String stored) {
        return stored.startsWith(PREFIX) && stored.indexOf(':', PREFIX.length()) > PREFIX.length();
    }

    static String keyIdOf(String stored) {
        return stored.substring(PREFIX.length(), stored.indexOf(':', PREFIX.length()));
    }

    static InvalidConfigurationException unknownKey(String keyId) {
        return new InvalidConfigurationException(PREVIOUS_KEYS_PROPERTY, "secrets in the database were encrypted "
                + "under the key with id " + keyId + ", which is neither the encryption key nor a previous one",
                "Add the key they were written under to " + PREVIOUS_KEYS_PROPERTY + " (its id is the first 8 hex "
                        + "digits of the SHA-256 of its 32 bytes).");
    }

    static String keyId(byte[] key) {
        return HexFormat.of().formatHex(Sha256.of(key), 0, 4);
    }
}
