-- Pipelines (issue 18): several processors per object, in order. A bucket's or an iconik item's pipeline is a
-- JSON array of steps; NULL means the one step of its processor and processor_config, as before.
ALTER TABLE bucket ADD COLUMN pipeline VARCHAR(100000);
ALTER TABLE item ADD COLUMN pipeline VARCHAR(100000);
-- What each step of the item's run did (JSON array): kept across the attempts of a run, so that a retry resumes
-- at the first step that did not finish.
ALTER TABLE item ADD COLUMN steps VARCHAR(1000000);
