package io.notifications.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A schema of its own on the local PostgreSQL (POSTGRES_URL, default 127.0.0.1:5432/test; .ci/run makes sure one
 * runs), dropped when closed. Aborts the test where no server is reachable.
 */
public final class PostgresSchema implements AutoCloseable {

    private static final String URL = System.getenv().getOrDefault("POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String USER = System.getenv().getOrDefault("POSTGRES_USER", "postgres");
    private static final String PASSWORD = System.getenv().getOrDefault("POSTGRES_PASSWORD", "");

    private final String name = "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    public PostgresSchema() {
        try (Connection connection = connect()) {
            connection.createStatement().execute("create schema " + name);
        } catch (SQLException unreachable) {
            Assumptions.abort("PostgreSQL not reachable at " + URL + ": " + unreachable.getMessage());
        }
    }

    public String name() {
        return name;
    }

    /** The properties that point a node at this schema. */
    public Map<String, Object> nodeProperties() {
        return Map.of("spring.datasource.url", URL + "?currentSchema=" + name,
                "spring.datasource.username", USER,
                "spring.datasource.password", PASSWORD,
                "spring.flyway.schemas", name);
    }

    public Connection connect() throws SQLException {
        Connection connection = DriverManager.getConnection(URL, USER, PASSWORD);
        connection.setSchema(name);
        return connection;
    }

    @Override
    public void close() throws SQLException {
        try (Connection connection = DriverManager.getConnection(URL, USER, PASSWORD)) {
            connection.createStatement().execute("drop schema " + name + " cascade");
        }
    }
}
