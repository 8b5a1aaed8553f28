-- The iconik API budget that every node shares on PostgreSQL (Bucket4j's PostgreSQL proxy manager): one row per
-- iconik credential set, keyed by a hash of the App-ID, holding the token bucket's serialized state. H2 keeps the
-- budget in memory and never uses the table; BYTEA and BIGINT suit both databases.
CREATE TABLE iconik_budget (
    id         BIGINT PRIMARY KEY,
    state      BYTEA,
    expires_at BIGINT
);
