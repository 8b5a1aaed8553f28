-- The dispatcher reads each subscription's due deliveries, oldest first, a batch at a time.
CREATE INDEX ix_delivery_subscription_due ON webhook_delivery (subscription_id, status, next_attempt_at);
