-- The transactional outbox: events are written in the same transaction as the status change that causes them,
-- with one delivery per matching subscription. Runs unchanged on H2 and PostgreSQL.

CREATE TABLE webhook_event (
    id          VARCHAR(64)      NOT NULL PRIMARY KEY,
    type        VARCHAR(64)      NOT NULL,
    payload     VARCHAR(1000000) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE SEQUENCE webhook_delivery_seq START WITH 1 INCREMENT BY 50;

CREATE TABLE webhook_delivery (
    id               BIGINT        NOT NULL PRIMARY KEY,
    event_id         VARCHAR(64)   NOT NULL REFERENCES webhook_event (id) ON DELETE CASCADE,
    subscription_id  BIGINT        NOT NULL REFERENCES webhook_subscription (id) ON DELETE CASCADE,
    status           VARCHAR(16)   NOT NULL,
    attempts         INTEGER       NOT NULL,
    next_attempt_at  TIMESTAMP WITH TIME ZONE,
    last_status_code INTEGER,
    last_error       VARCHAR(2000),
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    delivered_at     TIMESTAMP WITH TIME ZONE,
    version          BIGINT        NOT NULL
);

CREATE INDEX ix_delivery_due ON webhook_delivery (status, next_attempt_at);
CREATE INDEX ix_delivery_subscription ON webhook_delivery (subscription_id, created_at);

CREATE SEQUENCE webhook_attempt_seq START WITH 1 INCREMENT BY 50;

CREATE TABLE webhook_attempt (
    id             BIGINT        NOT NULL PRIMARY KEY,
    delivery_id    BIGINT        NOT NULL REFERENCES webhook_delivery (id) ON DELETE CASCADE,
    attempted_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    status_code    INTEGER,
    latency_ms     BIGINT,
    error          VARCHAR(2000),
    response_body  VARCHAR(4000)
);

CREATE INDEX ix_attempt_delivery ON webhook_attempt (delivery_id);
