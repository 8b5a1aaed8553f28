package io.notifications.security;

import java.sql.SQLException;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Completes a key rotation at every start, right after Flyway's migrations and before anything reads a secret:
 * values written under a previous key are re-encrypted under the current one. A value under a key that is not
 * configured stops the startup, naming {@code previous-encryption-keys}, rather than leaving secrets unreadable.
 */
@Component
class StoredSecretsRotation implements Callback {

    private static final Logger log = LoggerFactory.getLogger(StoredSecretsRotation.class);

    private final StoredSecrets secrets;

    StoredSecretsRotation(StoredSecrets secrets) {
        this.secrets = secrets;
    }

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.AFTER_MIGRATE;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        try {
            int changed = EncryptedColumns.encryptUnderCurrentKey(context.getConnection(), secrets,
                EncryptedColumns.ALL);
            if (changed > 0) {
                log.info("Re-encrypted {} stored secrets under the current encryption key", changed);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not re-encrypt the stored secrets", e);
        }
    }

    @Override
    public String getCallbackName() {
        return "stored-secrets-rotation";
    }
}
