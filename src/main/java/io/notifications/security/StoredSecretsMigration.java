package io.notifications.security;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.springframework.stereotype.Component;

/**
 * Flyway migration 12: encrypts the credentials stored in plain text before it (see {@link EncryptedColumns}).
 * A Java migration, since the key is configuration that SQL cannot see; Spring Boot hands the bean to Flyway.
 */
@Component
class StoredSecretsMigration implements JavaMigration {

    private final StoredSecrets secrets;

    StoredSecretsMigration(StoredSecrets secrets) {
        this.secrets = secrets;
    }

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("12");
    }

    @Override
    public String getDescription() {
        return "encrypt stored secrets";
    }

    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws Exception {
        EncryptedColumns.encryptUnderCurrentKey(context.getConnection(), secrets,
                EncryptedColumns.AT_VERSION_12);
    }
}
