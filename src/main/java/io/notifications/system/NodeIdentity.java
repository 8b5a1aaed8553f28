package io.notifications.system;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.stereotype.Component;

/**
 * This node's name among the nodes sharing one database: the owner written into the leases it takes. Two live
 * nodes never share one.
 * <p>
 * On PostgreSQL each node holds its id as a session advisory lock on a connection of its own, for as long as it
 * runs. The lock dies with the node's session (a {@code kill -9} closes it at once), so it proves the node alive.
 * <ul>
 * <li>By default the id is the host name, or {@code <host>-2}, {@code -3}... when a live node on the same host
 * already holds it. A restarted node gets its old id back, so it finds its own interrupted work at once.</li>
 * <li>A configured {@code notifications.node.id} that a live node holds stops startup.</li>
 * </ul>
 * On H2 the database file admits one process, so the id is the configured one or the host name.
 */
@Component
public class NodeIdentity implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(NodeIdentity.class);
    private static final int MAX_LENGTH = 100;
    private static final int MAX_NODES_PER_HOST = 100;
    /** Keeps this service's advisory lock keys apart from any other application's on the same database. */
    private static final String LOCK_NAMESPACE = "notifications-api/node/";
    private static final String PROPERTY = "notifications.node.id";

    private final String id;
    private final DataSource lockSource;
    /** The session holding the id's advisory lock; null where the database has no such locks. */
    private Connection lockHolder;

    public NodeIdentity(@Value("${" + PROPERTY + ":}") String configured, DataSourceProperties datasource) {
        String name = configured == null || configured.isBlank() ? null : configured.strip();
        if (name != null && name.length() > MAX_LENGTH) {
            throw new InvalidConfigurationException(PROPERTY, "longer than " + MAX_LENGTH);
        }
        String url = datasource.determineUrl();
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            this.lockSource = null;
            this.id = name != null ? name : hostName();
        } else {
            // Unpooled: the lock lives as long as this one session, which no pool may recycle
            this.lockSource = datasource.initializeDataSourceBuilder().type(SimpleDriverDataSource.class).build();
            this.id = name != null ? claimConfigured(name) : claimFirstFree(hostName());
        }
        log.info("This node is '{}'", id);
    }

    public String id() {
        return id;
    }

    /**
     * Makes sure this node still holds its id, taking the lock again after its session was lost (a database
     * restart). Called before leases are renewed under the id.
     */
    public synchronized void verify() {
        if (lockSource == null) {
            return;
        }
        try {
            if (lockHolder != null && lockHolder.isValid(5)) {
                return;
            }
        } catch (SQLException e) {
            // Not valid: taken again below
        }
        closeQuietly(lockHolder);
        lockHolder = null;
        try {
            lockHolder = tryLock(id);
            if (lockHolder == null) {
                log.error("Node '{}' lost its database session, and another live node now holds its id: set a "
                        + "unique {} on each node and restart this one", id, PROPERTY);
            } else {
                log.info("Node '{}' holds its id again after its database session was lost", id);
            }
        } catch (SQLException e) {
            log.warn("Node '{}' cannot reach the database to hold its id: {}", id, e.getMessage());
        }
    }

    @Override
    public synchronized void destroy() {
        closeQuietly(lockHolder);
        lockHolder = null;
    }

    private String claimConfigured(String name) {
        try {
            lockHolder = tryLock(name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot take the node id '" + name + "' in the database: " + e.getMessage(),
                    e);
        }
        if (lockHolder == null) {
            throw new InvalidConfigurationException(PROPERTY, "'" + name + "' is held by another live node on this "
                    + "database", "Give every node its own " + PROPERTY + ", or leave it unset so that each node "
                    + "takes a free one. If the node that held it was stopped in the last minute, the database may "
                    + "not have noticed yet: start again shortly.");
        }
        return name;
    }

    private String claimFirstFree(String host) {
        try {
            for (int n = 1; n <= MAX_NODES_PER_HOST; n++) {
                String candidate = n == 1 ? host : host + "-" + n;
                lockHolder = tryLock(candidate);
                if (lockHolder != null) {
                    return candidate;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot take a node id in the database: " + e.getMessage(), e);
        }
        throw new InvalidConfigurationException(PROPERTY, MAX_NODES_PER_HOST + " live nodes already run on host '"
                + host + "'", "Set " + PROPERTY + " on each node.");
    }

    /** A session holding the id's lock, or null when another live session holds it. */
    private Connection tryLock(String candidate) throws SQLException {
        Connection connection = lockSource.getConnection();
        try {
            // A node whose host vanished without closing its socket is noticed within about 30 s, not hours
            try (PreparedStatement settings = connection.prepareStatement("select set_config('tcp_keepalives_idle', "
                    + "'10', false), set_config('tcp_keepalives_interval', '5', false), "
                    + "set_config('tcp_keepalives_count', '3', false)")) {
                settings.execute();
            }
            try (PreparedStatement lock = connection.prepareStatement("select pg_try_advisory_lock(?)")) {
                lock.setLong(1, lockKey(candidate));
                try (ResultSet result = lock.executeQuery()) {
                    if (result.next() && result.getBoolean(1)) {
                        // Named only once the id is won: pg_stat_activity never shows a session trying an id as
                        // that id's node
                        try (PreparedStatement name = connection.prepareStatement(
                                "select set_config('application_name', ?, false)")) {
                            name.setString(1, "notifications node " + candidate);
                            name.execute();
                        }
                        return connection;
                    }
                }
            }
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
        closeQuietly(connection);
        return null;
    }

    static long lockKey(String nodeId) {
        return Sha256.longOf(LOCK_NAMESPACE + nodeId);
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // The session is gone either way, and its lock with it
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            // Without a name it cannot be found again after a restart: its work waits for its leases to expire
            return "node-" + UUID.randomUUID();
        }
    }
}
