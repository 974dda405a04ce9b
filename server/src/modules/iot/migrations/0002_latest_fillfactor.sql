-- iot_latest is rewritten about once a second for every key that reported (write-behind):
-- room left on each page lets PostgreSQL update a row in place (a HOT update, no new index
-- entry). Applies to pages written from now on.
ALTER TABLE iot_latest SET (fillfactor = 70);
