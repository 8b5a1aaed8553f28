-- Runs unchanged on H2 and PostgreSQL: only portable types and statements.

CREATE SEQUENCE bucket_seq START WITH 1 INCREMENT BY 10;

CREATE TABLE bucket (
    id                     BIGINT        NOT NULL PRIMARY KEY,
    name                   VARCHAR(255)  NOT NULL,
    vendor                 VARCHAR(32)   NOT NULL,
    endpoint               VARCHAR(2048),
    region                 VARCHAR(64)   NOT NULL,
    path_style             BOOLEAN       NOT NULL,
    checksum_mode          VARCHAR(32)   NOT NULL,
    access_key             VARCHAR(512),
    secret_key             VARCHAR(1024),
    key_prefix             VARCHAR(1024),
    include_patterns       VARCHAR(8000),
    exclude_patterns       VARCHAR(8000),
    initial_scan           VARCHAR(16)   NOT NULL,
    schedule               VARCHAR(128)  NOT NULL,
    processor              VARCHAR(64)   NOT NULL,
    processor_config       VARCHAR(100000),
    active                 BOOLEAN       NOT NULL,
    baseline_completed_at  TIMESTAMP WITH TIME ZONE,
    last_scan_at           TIMESTAMP WITH TIME ZONE,
    last_scan_duration_ms  BIGINT,
    last_scan_listed       BIGINT,
    last_scan_queued       BIGINT,
    last_scan_error        VARCHAR(4000),
    created_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    version                BIGINT        NOT NULL
);

CREATE UNIQUE INDEX ux_bucket_name_endpoint ON bucket (name, endpoint);

CREATE SEQUENCE item_seq START WITH 1 INCREMENT BY 50;

CREATE TABLE item (
    id               BIGINT        NOT NULL PRIMARY KEY,
    source           VARCHAR(32)   NOT NULL,
    bucket_id        BIGINT        REFERENCES bucket (id) ON DELETE CASCADE,
    object_key       VARCHAR(1024) NOT NULL,
    etag             VARCHAR(256),
    size             BIGINT,
    last_modified    TIMESTAMP WITH TIME ZONE,
    status           VARCHAR(16)   NOT NULL,
    attempts         INTEGER       NOT NULL,
    last_error       VARCHAR(4000),
    result           VARCHAR(1000000),
    next_attempt_at  TIMESTAMP WITH TIME ZONE,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at       TIMESTAMP WITH TIME ZONE,
    finished_at      TIMESTAMP WITH TIME ZONE,
    version          BIGINT        NOT NULL
);

-- The idempotent insert relies on this: two scans of one bucket can never create the same item twice.
CREATE UNIQUE INDEX ux_item_bucket_key ON item (bucket_id, object_key);
CREATE INDEX ix_item_status_due ON item (status, next_attempt_at);
CREATE INDEX ix_item_bucket_status ON item (bucket_id, status);
