-- iconik assets are items too, in the same table and the same API, with no bucket. Their processor and its config
-- come from the rule that matched the event, so they are kept on the item.
ALTER TABLE item ADD COLUMN asset_id VARCHAR(64);
ALTER TABLE item ADD COLUMN asset_version_id VARCHAR(64);
ALTER TABLE item ADD COLUMN collection_id VARCHAR(64);
ALTER TABLE item ADD COLUMN rule_name VARCHAR(128);
ALTER TABLE item ADD COLUMN processor VARCHAR(64);
ALTER TABLE item ADD COLUMN processor_config VARCHAR(100000);
-- The iconik job of the attempt under way; left set only by an attempt that was interrupted
ALTER TABLE item ADD COLUMN iconik_job_id VARCHAR(64);

-- SQS delivers at least once: the same event again finds this key taken. One item per asset version and rule (two
-- rules may share a processor with different config or views). Bucket items leave it NULL, which never collides.
CREATE UNIQUE INDEX ux_item_asset_version ON item (asset_id, asset_version_id, rule_name);
CREATE INDEX ix_item_unbucketed_status ON item (source, status);
