-- Per-minute counts get a shard: each scan log batch in flight adds to its own row, so batches
-- committing side by side no longer wait for each other's row locks (and commit flushes) on
-- the same (scene, minute). Readers add the shards up.
ALTER TABLE citycode_scan_counts ADD COLUMN shard smallint NOT NULL DEFAULT 0;
ALTER TABLE citycode_scan_counts DROP CONSTRAINT citycode_scan_counts_pkey;
ALTER TABLE citycode_scan_counts ADD PRIMARY KEY (scene_id, minute, shard);
