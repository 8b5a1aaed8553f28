package io.notifications.security;

/** What a key may do; each role may do everything the ones before it may. */
public enum Role {
    /** Reads: GET and HEAD on the API, the status page and the metrics. */
    READ,
    /** Also changes buckets, items, webhooks and the face gallery. */
    OPERATE,
    /** Also Hawtio, Jolokia, the audit trail and the actuator's env and configprops. */
    ADMIN
}
