package io.notifications.security;

import io.notifications.system.Sha256;
import io.notifications.system.DemoMode;
import io.notifications.system.InvalidConfigurationException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The accepted API keys, each with its caller's name and role, held only as SHA-256 digests: the keys themselves
 * are not kept after startup, and a presented key is compared digest to digest in constant time. The older
 * {@code api-keys} list gives {@code ADMIN} keys named {@code key-1}, {@code key-2}, and so on. Outside the demo,
 * startup is refused without a key, or with the demo's published key (as itself or as its digest).
 */
@Component
public class ApiKeys {

    private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);
    private static final String DIGEST_PREFIX = "sha256:";

    private record AcceptedKey(byte[] digest, ApiCaller caller, String property) {
    }

    private final List<AcceptedKey> accepted = new ArrayList<>();

    public ApiKeys(SecurityProperties properties, DemoMode demo) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < properties.keys().size(); i++) {
            SecurityProperties.NamedKey key = properties.keys().get(i);
            String property = "notifications.security.keys[" + i + "]";
            if (key.name() == null || key.name().isBlank()) {
                throw new InvalidConfigurationException(property + ".name", "is empty",
                        "Name each key after who holds it: the audit trail records changes by that name.");
            }
            if (key.role() == null) {
                throw new InvalidConfigurationException(property + ".role", "is missing",
                        "Give the key's role: READ, OPERATE or ADMIN.");
            }
            add(property + ".key", key.key(), new ApiCaller(key.name().strip(), key.role()), names);
        }
        for (int i = 0; i < properties.apiKeys().size(); i++) {
            add("notifications.security.api-keys[" + i + "]", properties.apiKeys().get(i),
                    new ApiCaller("key-" + (i + 1), Role.ADMIN), names);
        }
        // Names and roles only: who may call, for the operator reading the start-up log
        log.info("Accepting {} API keys: {}", accepted.size(), accepted.stream()
                .map(key -> key.caller().name() + " (" + key.caller().role() + ")").toList());
        if (demo.active()) {
            return;
        }
        if (accepted.isEmpty()) {
            throw new InvalidConfigurationException("notifications.security.keys", "no API key is configured",
                    "Give at least one key with its name and role, e.g. NOTIFICATIONS_SECURITY_KEYS_0_NAME=ops, "
                            + "NOTIFICATIONS_SECURITY_KEYS_0_KEY=<a long random key> (or sha256:<hex>, from "
                            + "echo -n \"$KEY\" | sha256sum) and NOTIFICATIONS_SECURITY_KEYS_0_ROLE=ADMIN. For the "
                            + "demo, run with --spring.profiles.active=" + DemoMode.PROFILE + ".");
        }
        for (String demoValue : DemoMode.demoValues()) {
            byte[] demoDigest = digest(demoValue);
            for (AcceptedKey key : accepted) {
                if (MessageDigest.isEqual(key.digest(), demoDigest)) {
                    throw DemoMode.demoValueRefused(key.property(), demoValue);
                }
            }
        }
    }

    private void add(String property, String key, ApiCaller caller, Set<String> names) {
        if (key == null || key.isBlank()) {
            throw new InvalidConfigurationException(property, "is empty");
        }
        byte[] digest;
        if (key.toLowerCase(Locale.ROOT).startsWith(DIGEST_PREFIX)) {
            String hex = key.substring(DIGEST_PREFIX.length()).strip();
            if (!hex.matches("[0-9a-fA-F]{64}")) {
                throw new InvalidConfigurationException(property, "a sha256: entry needs 64 hex digits");
            }
            digest = HexFormat.of().parseHex(hex);
        } else {
            digest = digest(key);
        }
        if (!names.add(caller.name())) {
            throw new InvalidConfigurationException(property, "belongs to '" + caller.name()
                    + "', a name another key has", "Give every key a name of its own.");
        }
        for (AcceptedKey other : accepted) {
            if (MessageDigest.isEqual(other.digest(), digest)) {
                throw new InvalidConfigurationException(property, "is the key of '" + other.caller().name()
                        + "' too", "Give every caller a key of its own, so that the audit trail can tell them apart.");
            }
        }
        accepted.add(new AcceptedKey(digest, caller, property));
    }

    /** The caller whose key was presented, if it is an accepted one. */
    public Optional<ApiCaller> caller(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        byte[] digest = digest(presented);
        ApiCaller found = null;
        for (AcceptedKey key : accepted) {
            // Every digest is compared, so that the time taken does not tell which key came close
            if (MessageDigest.isEqual(key.digest(), digest)) {
                found = key.caller();
            }
        }
        return Optional.ofNullable(found);
    }

    static byte[] digest(String key) {
        return Sha256.of(key);
    }
}
