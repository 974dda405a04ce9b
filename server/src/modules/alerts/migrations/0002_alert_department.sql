-- The department that owns the device (a copy from the iot registry at the time the alert was
-- raised: no foreign key across modules), so alert facts can reach that department's inbox.
ALTER TABLE alerts_alerts ADD COLUMN department_id text;
