-- Alerts reach the owning department's inbox too: an alert raised on its device, or the
-- alarm-storm incident its devices' alerts formed (one notification instead of one per alert).
-- What they are about (alert, incident, rule, device, severity) is kept in `details`.
ALTER TABLE notifications_items DROP CONSTRAINT notifications_items_kind_check;
ALTER TABLE notifications_items ADD CONSTRAINT notifications_items_kind_check
  CHECK (kind IN ('case_supervised', 'alert_raised', 'incident_opened'));
