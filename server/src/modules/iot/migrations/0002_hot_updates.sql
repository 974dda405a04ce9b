-- iot_latest is rewritten about once a second for every key that reported (write-behind), and
-- iot_device_state's last_seen_at with it: room left on each page lets PostgreSQL update a row
-- in place (a HOT update, no new index entries). Applies to pages written from now on.
ALTER TABLE iot_latest SET (fillfactor = 70);
ALTER TABLE iot_device_state SET (fillfactor = 80);
