package io.notifications.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A schema of its own on a real PostgreSQL, dropped when closed. The server is the one POSTGRES_URL names (with
 * POSTGRES_USER and POSTGRES_PASSWORD), or else an embedded PostgreSQL started once for the test JVM, so that the
 * tests run on a machine with only Java and Maven and are never skipped.
 */
public final class PostgresSchema implements AutoCloseable {

    private final String name = "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    public PostgresSchema() {
        try (Connection connection = connect(null)) {
            connection.createStatement().execute("create schema " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + Server.URL + ": " + e.getMessage(), e);
        }
    }

    public String name() {
        return name;
    }

    /** The properties that point a node at this schema. */
    public Map<String, Object> nodeProperties() {
        Map<String, Object> properties = new HashMap<>(serverProperties());
        properties.put("spring.datasource.url", Server.URL + "?currentSchema=" + name);
        properties.put("spring.flyway.schemas", name);
        return properties;
    }

    /** The server's URL and credentials, in the postgres profile's variables' properties. */
    public static Map<String, Object> serverProperties() {
        return Map.of("spring.datasource.url", Server.URL, "spring.datasource.username", Server.USER,
                "spring.datasource.password", Server.PASSWORD);
    }

    public Connection connect() throws SQLException {
        return connect(name);
    }

    private static Connection connect(String schema) throws SQLException {
        Connection connection = DriverManager.getConnection(Server.URL, Server.USER, Server.PASSWORD);
        if (schema != null) {
            connection.setSchema(schema);
        }
        return connection;
    }

    @Override
    public void close() throws SQLException {
        try (Connection connection = connect(null)) {
            connection.createStatement().execute("drop schema " + name + " cascade");
        }
    }

    /** Resolved once per JVM, when the first schema is made. */
    private static final class Server {

        private static final String CONFIGURED = System.getenv("POSTGRES_URL");
        private static final EmbeddedPostgres EMBEDDED = CONFIGURED == null || CONFIGURED.isBlank() ? startEmbedded()
                : null;
        static final String URL = EMBEDDED != null ? "jdbc:postgresql://localhost:" + EMBEDDED.getPort() + "/postgres"
                : CONFIGURED;
        static final String USER = EMBEDDED != null ? "postgres"
                : System.getenv().getOrDefault("POSTGRES_USER", "postgres");
        static final String PASSWORD = EMBEDDED != null ? "" : System.getenv().getOrDefault("POSTGRES_PASSWORD", "");

        private static EmbeddedPostgres startEmbedded() {
            try {
                EmbeddedPostgres server = EmbeddedPostgres.builder().start();
                System.out.println("PostgresSchema: no POSTGRES_URL, so an embedded PostgreSQL on port "
                        + server.getPort());
                return server;
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start the embedded PostgreSQL (set POSTGRES_URL to use a "
                        + "server of your own)", e);
            }
        }
    }
}
