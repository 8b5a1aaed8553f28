-- Several nodes share the outbox: a node claims a due delivery for one attempt with a lease, so that each attempt
-- is made by one node only. A node that dies mid-attempt leaves the lease to run out; then any node sends again.
ALTER TABLE webhook_delivery ADD COLUMN lease_owner VARCHAR(100);
ALTER TABLE webhook_delivery ADD COLUMN lease_until TIMESTAMP WITH TIME ZONE;
