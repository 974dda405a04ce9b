-- An alarm-storm incident tells each department once, whether the department's devices formed
-- it (iot.incident.opened) or joined it later (iot.incident.extended): one notification per
-- (incident, department), whatever event or redelivery tries to add another.
ALTER TABLE notifications_items ADD COLUMN incident_id uuid;
UPDATE notifications_items SET incident_id = (details->>'incidentId')::uuid
  WHERE kind = 'incident_opened' AND details->>'incidentId' IS NOT NULL;
CREATE UNIQUE INDEX notifications_items_incident_department
  ON notifications_items (incident_id, department_id) WHERE incident_id IS NOT NULL;
