-- Each scanner's last scan and how many scans it logged, for the workbench's scanner list.
-- Nodes add what they logged every few seconds (coalesced in memory, not per scan): the scan
-- log stays the durable record, this is its summary.
CREATE TABLE citycode_scanner_activity (
  scanner_id text PRIMARY KEY,
  last_scan_at timestamptz NOT NULL,
  scans bigint NOT NULL DEFAULT 0,
  allowed bigint NOT NULL DEFAULT 0
);
