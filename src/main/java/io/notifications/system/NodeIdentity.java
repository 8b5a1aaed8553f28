package io.notifications.system;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * This node's name among the nodes sharing one database: the owner written into the leases it takes.
 * {@code notifications.node.id}, else the host name, which a restarted node keeps, so that it finds its own work.
 */
@Component
public class NodeIdentity {

    private static final Logger log = LoggerFactory.getLogger(NodeIdentity.class);
    private static final int MAX_LENGTH = 100;

    private final String id;

    public NodeIdentity(@Value("${notifications.node.id:}") String configured) {
        String name = configured == null || configured.isBlank() ? hostName() : configured.strip();
        if (name.length() > MAX_LENGTH) {
            throw new InvalidConfigurationException("notifications.node.id", "longer than " + MAX_LENGTH);
        }
        this.id = name;
        log.info("This node is '{}'", id);
    }

    public String id() {
        return id;
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
