-- Event-driven discovery (issue 20). A bucket either lists its objects on its schedule (LISTING) or hears of them
-- through S3 event notifications, with a slower reconciliation listing on reconcile_schedule (EVENTS).
ALTER TABLE bucket ADD COLUMN discovery VARCHAR(16) DEFAULT 'LISTING' NOT NULL;
ALTER TABLE bucket ADD COLUMN reconcile_schedule VARCHAR(255);
-- The shared secret of POST /api/buckets/{id}/events, encrypted like secret_key
ALTER TABLE bucket ADD COLUMN event_secret VARCHAR(4096);
-- An SQS queue of the bucket's own (URL or name); NULL: the shared queue, if one is configured
ALTER TABLE bucket ADD COLUMN event_queue VARCHAR(2048);
-- The source's ordering token of the last change applied to the item (S3's sequencer), so that an event older
-- than what the item already holds changes nothing
ALTER TABLE item ADD COLUMN change_sequence VARCHAR(128);
