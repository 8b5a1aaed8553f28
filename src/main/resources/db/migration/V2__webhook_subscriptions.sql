-- Webhook subscriptions. Runs unchanged on H2 and PostgreSQL.

CREATE SEQUENCE webhook_subscription_seq START WITH 1 INCREMENT BY 10;

CREATE TABLE webhook_subscription (
    id                          BIGINT        NOT NULL PRIMARY KEY,
    url                         VARCHAR(2048) NOT NULL,
    event_types                 VARCHAR(2000) NOT NULL,
    source_filter               VARCHAR(32),
    bucket_filter               BIGINT,
    processor_filter            VARCHAR(64),
    description                 VARCHAR(1000),
    enabled                     BOOLEAN       NOT NULL,
    secret                      VARCHAR(200)  NOT NULL,
    previous_secret             VARCHAR(200),
    previous_secret_expires_at  TIMESTAMP WITH TIME ZONE,
    disabled_reason             VARCHAR(1000),
    failing_since               TIMESTAMP WITH TIME ZONE,
    created_at                  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at                  TIMESTAMP WITH TIME ZONE NOT NULL,
    version                     BIGINT        NOT NULL
);
