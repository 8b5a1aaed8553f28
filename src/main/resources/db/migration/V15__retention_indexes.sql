-- Retention (routes/retention.yaml) reads the outbox's events oldest first, and deleting an event deletes its
-- deliveries through the foreign key's cascade, which finds them by event. Runs unchanged on H2 and PostgreSQL.
CREATE INDEX ix_event_created ON webhook_event (created_at, id);
CREATE INDEX ix_delivery_event ON webhook_delivery (event_id);
