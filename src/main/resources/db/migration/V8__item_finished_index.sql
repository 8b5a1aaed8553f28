-- The status page counts the items finished in the last hour, minute by minute.
CREATE INDEX ix_item_finished ON item (finished_at);
