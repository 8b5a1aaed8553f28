package io.notifications.bucket;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Locale;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Quartz's own tables for its clustered JDBC job store (postgres profile), made by Flyway from the script Quartz
 * ships for PostgreSQL, so they always match the Quartz in use. Repeatable and idempotent: the script's drops are
 * left out and its creates made conditional, so that a running cluster's schedules are never dropped.
 */
@Component
@Profile("postgres")
public class QuartzTables implements JavaMigration {

    private static final String SCRIPT = "org/quartz/impl/jdbcjobstore/tables_postgres.sql";

    @Override
    public MigrationVersion getVersion() {
        return null;
    }

    @Override
    public String getDescription() {
        return "quartz tables";
    }

    @Override
    public Integer getChecksum() {
        return script().hashCode();
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws Exception {
        try (Statement statement = context.getConnection().createStatement()) {
            for (String sql : script().split(";")) {
                String trimmed = sql.strip();
                if (!trimmed.isEmpty() && !trimmed.toUpperCase(Locale.ROOT).startsWith("COMMIT")) {
                    statement.execute(trimmed);
                }
            }
        }
    }

    /** The script without comments and drops, with every create made conditional. */
    private static String script() {
        try (InputStream in = QuartzTables.class.getClassLoader().getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT + " is missing from the Quartz jar");
            }
            return Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
                    .filter(line -> !line.strip().startsWith("--"))
                    .filter(line -> !line.strip().toUpperCase(Locale.ROOT).startsWith("DROP "))
                    .map(line -> line.replaceAll("(?i)CREATE TABLE ", "CREATE TABLE IF NOT EXISTS ")
                            .replaceAll("(?i)CREATE INDEX ", "CREATE INDEX IF NOT EXISTS "))
                    .reduce("", (a, b) -> a + b + "\n");
        } catch (IOException e) {
            throw new IllegalStateException("Could not read " + SCRIPT, e);
        }
    }
}
