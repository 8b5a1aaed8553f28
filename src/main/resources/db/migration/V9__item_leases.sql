-- Several nodes share one database: a node claims an item with a lease, its id and an expiry it renews while the
-- item runs. Another node takes over an item whose lease expired (its node died); a node resets only its own
-- work when it restarts.
ALTER TABLE item ADD COLUMN lease_owner VARCHAR(100);
ALTER TABLE item ADD COLUMN lease_until TIMESTAMP WITH TIME ZONE;
CREATE INDEX ix_item_lease ON item (status, lease_until);
