-- Alert rules on a product, a device, a tag and/or a region subtree ("every billboard in 黄浦区").
CREATE TABLE alerts_rules (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  severity text NOT NULL CHECK (severity IN ('critical', 'major', 'minor', 'warning', 'info')),
  -- Scope: every field that is set must match (ids from the iot and regions modules).
  product_id text,
  device_id uuid,
  tag text,
  region_id text,
  condition jsonb NOT NULL,
  -- Alarm-storm correlation: this many open alerts of the rule in one street within
  -- storm_window_seconds become one incident.
  storm_threshold integer NOT NULL DEFAULT 10 CHECK (storm_threshold >= 2),
  storm_window_seconds integer NOT NULL DEFAULT 300 CHECK (storm_window_seconds > 0),
  enabled boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- What each rule remembers about each device between readings (durations, previous values).
CREATE TABLE alerts_rule_states (
  rule_id uuid NOT NULL REFERENCES alerts_rules (id) ON DELETE CASCADE,
  device_id uuid NOT NULL,
  state jsonb NOT NULL,
  open_alert_id uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (rule_id, device_id)
);

CREATE TABLE alerts_incidents (
  id uuid PRIMARY KEY,
  rule_id uuid NOT NULL REFERENCES alerts_rules (id) ON DELETE CASCADE,
  title text NOT NULL,
  severity text NOT NULL,
  street_id text NOT NULL,
  district_id text,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  alert_count integer NOT NULL DEFAULT 0,
  opened_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz
);
CREATE UNIQUE INDEX alerts_incidents_one_open ON alerts_incidents (rule_id, street_id) WHERE status = 'open';

-- Alert lifecycle: active → acknowledged → cleared → closed, with who and when.
CREATE TABLE alerts_alerts (
  id uuid PRIMARY KEY,
  rule_id uuid NOT NULL REFERENCES alerts_rules (id) ON DELETE CASCADE,
  rule_name text NOT NULL,
  severity text NOT NULL,
  device_id uuid NOT NULL,
  device_name text NOT NULL,
  product_id text NOT NULL,
  grid_id text,
  street_id text,
  district_id text,
  lng double precision,
  lat double precision,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'acknowledged', 'cleared', 'closed')),
  reason text NOT NULL,
  raised_at timestamptz NOT NULL,
  acknowledged_at timestamptz,
  acknowledged_by text,
  cleared_at timestamptz,
  cleared_by text,
  closed_at timestamptz,
  closed_by text,
  note text,
  incident_id uuid REFERENCES alerts_incidents (id),
  version integer NOT NULL DEFAULT 1
);
-- De-duplication: one open alert per rule and device.
CREATE UNIQUE INDEX alerts_alerts_one_open ON alerts_alerts (rule_id, device_id) WHERE status IN ('active', 'acknowledged');
CREATE INDEX alerts_alerts_status ON alerts_alerts (status, raised_at DESC);
CREATE INDEX alerts_alerts_street ON alerts_alerts (street_id, rule_id, raised_at DESC);
CREATE INDEX alerts_alerts_district ON alerts_alerts (district_id, raised_at DESC);
CREATE INDEX alerts_alerts_incident ON alerts_alerts (incident_id);
