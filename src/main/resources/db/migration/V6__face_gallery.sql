-- The gallery of known people for facial recognition: each person has reference faces, kept as 128-number
-- descriptors (comma-separated, as text, so the table reads the same on H2 and PostgreSQL).

CREATE SEQUENCE face_person_seq START WITH 1 INCREMENT BY 10;

CREATE TABLE face_person (
    id          BIGINT        NOT NULL PRIMARY KEY,
    gallery     VARCHAR(100)  NOT NULL,
    name        VARCHAR(200)  NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE UNIQUE INDEX ux_face_person_name ON face_person (gallery, name);

CREATE SEQUENCE face_reference_seq START WITH 1 INCREMENT BY 10;

CREATE TABLE face_reference (
    id          BIGINT        NOT NULL PRIMARY KEY,
    person_id   BIGINT        NOT NULL REFERENCES face_person (id) ON DELETE CASCADE,
    descriptor  VARCHAR(4000) NOT NULL,
    crop        VARCHAR(80)   NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX ix_face_reference_person ON face_reference (person_id);
