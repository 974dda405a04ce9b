-- GB/T 30428 classification: components (部件) and events (事件), big class / small class, with
-- the responsible department kind (an identity department code) and deadlines per priority in
-- working hours for each stage: { "urgent": { "dispatch": 0.5, "handle": 4, "verify": 2 }, … }.
CREATE TABLE cases_classes (
  id text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('component', 'event')),
  big_code text NOT NULL CHECK (big_code ~ '^[0-9]{2}$'),
  big_name text NOT NULL,
  small_code text NOT NULL CHECK (small_code ~ '^[0-9]{2}$'),
  small_name text NOT NULL,
  department_code text NOT NULL,
  keep_in_grid boolean NOT NULL DEFAULT false,
  default_priority text NOT NULL CHECK (default_priority IN ('urgent', 'important', 'normal')),
  deadlines jsonb NOT NULL,
  enabled boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (kind, big_code, small_code)
);

-- Dispatch rules: class × region subtree → a department kind (resolved in the case's district),
-- a fixed department, or "keep in the grid". The deepest region containing the case wins;
-- without a rule the class's own department kind applies.
CREATE TABLE cases_dispatch_rules (
  id uuid PRIMARY KEY,
  class_id text NOT NULL REFERENCES cases_classes (id) ON DELETE CASCADE,
  region_id text NOT NULL,
  target text NOT NULL CHECK (target IN ('department_code', 'department', 'grid')),
  department_code text,
  department_id text,
  note text NOT NULL DEFAULT '',
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (class_id, region_id),
  CHECK ((target = 'department_code') = (department_code IS NOT NULL)),
  CHECK ((target = 'department') = (department_id IS NOT NULL))
);

-- Which IoT alerts open which cases (most specific match wins; see alert-mapping.ts).
CREATE TABLE cases_alert_mappings (
  id uuid PRIMARY KEY,
  rule_id uuid,
  product_id text,
  min_severity text NOT NULL CHECK (min_severity IN ('critical', 'major', 'minor', 'warning', 'info')),
  class_id text NOT NULL REFERENCES cases_classes (id) ON DELETE CASCADE,
  priority text NOT NULL CHECK (priority IN ('urgent', 'important', 'normal')),
  on_cleared text NOT NULL DEFAULT 'close' CHECK (on_cleared IN ('close', 'note')),
  enabled boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Per district and local day: the serial behind readable numbers such as HP-20261122-000123.
CREATE TABLE cases_number_sequences (
  scope text PRIMARY KEY,
  value bigint NOT NULL
);

CREATE TABLE cases_cases (
  id uuid PRIMARY KEY,
  number text NOT NULL UNIQUE,
  source text NOT NULL CHECK (source IN ('grid_worker', 'iot_alert', 'hotline_12345', 'citizen', 'open311')),
  class_id text NOT NULL REFERENCES cases_classes (id),
  priority text NOT NULL CHECK (priority IN ('urgent', 'important', 'normal')),
  description text NOT NULL,
  address text,
  lng double precision NOT NULL,
  lat double precision NOT NULL,
  grid_id text NOT NULL,
  street_id text NOT NULL,
  district_id text NOT NULL,
  component_id text CHECK (component_id ~ '^[0-9]{16}$'),
  reporter_id text,
  reporter_name text,
  reporter_phone text,
  alert_id uuid,
  master_case_id uuid REFERENCES cases_cases (id),
  stage text NOT NULL CHECK (stage IN ('collected', 'registered', 'rejected', 'dispatched', 'handling', 'reported_back', 'verifying', 'verified', 'closed', 'merged')),
  suspended boolean NOT NULL DEFAULT false,
  overdue boolean NOT NULL DEFAULT false,
  overdue_count integer NOT NULL DEFAULT 0,
  supervised boolean NOT NULL DEFAULT false,
  escalation_level text NOT NULL DEFAULT 'grid' CHECK (escalation_level IN ('grid', 'street', 'district', 'city')),
  assignee_department_id text,
  assignee_grid_id text,
  deadline_stage text CHECK (deadline_stage IN ('dispatch', 'handle', 'verify')),
  deadline_at timestamptz,
  warn_at timestamptz,
  -- Working minutes left on the deadline while the case is suspended (挂账).
  remaining_minutes double precision,
  extension_hours double precision,
  extension_reason text,
  rework_count integer NOT NULL DEFAULT 0,
  return_count integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  registered_at timestamptz,
  dispatched_at timestamptz,
  reported_back_at timestamptz,
  verified_at timestamptz,
  closed_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1
);
-- One case per IoT alert, whatever redelivers the alert.
CREATE UNIQUE INDEX cases_cases_alert ON cases_cases (alert_id) WHERE alert_id IS NOT NULL;
-- Duplicate detection: open cases of a class inside a bounding box.
CREATE INDEX cases_cases_nearby ON cases_cases (class_id, lat, lng) WHERE stage NOT IN ('closed', 'rejected', 'merged');
CREATE INDEX cases_cases_stage ON cases_cases (stage, created_at DESC);
CREATE INDEX cases_cases_grid ON cases_cases (grid_id, created_at DESC);
CREATE INDEX cases_cases_street ON cases_cases (street_id, created_at DESC);
CREATE INDEX cases_cases_district ON cases_cases (district_id, created_at DESC);
CREATE INDEX cases_cases_assignee ON cases_cases (assignee_department_id, stage);
CREATE INDEX cases_cases_created ON cases_cases (created_at DESC, id DESC);
CREATE INDEX cases_cases_master ON cases_cases (master_case_id) WHERE master_case_id IS NOT NULL;

-- Everyone who reported the problem: the case's own reporter and those of cases merged into it.
CREATE TABLE cases_reporters (
  id bigserial PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases_cases (id) ON DELETE CASCADE,
  reporter_id text,
  reporter_name text,
  source text NOT NULL,
  -- The case this report came in as (differs from case_id after a merge).
  via_case_id uuid NOT NULL,
  reported_at timestamptz NOT NULL
);
CREATE INDEX cases_reporters_case ON cases_reporters (case_id);
CREATE INDEX cases_reporters_reporter ON cases_reporters (reporter_id) WHERE reporter_id IS NOT NULL;

-- Every step of a case: who, in which role, when, from which stage to which, with notes and photos.
CREATE TABLE cases_timeline (
  id bigserial PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases_cases (id) ON DELETE CASCADE,
  at timestamptz NOT NULL DEFAULT now(),
  action text NOT NULL,
  actor_id text NOT NULL,
  actor_name text NOT NULL,
  actor_role text,
  from_stage text,
  to_stage text,
  note text,
  photo_ids jsonb NOT NULL DEFAULT '[]'::jsonb,
  details jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX cases_timeline_case ON cases_timeline (case_id, id);

-- Photos are kept in the database (bytea): one store that works the same on PGlite and
-- PostgreSQL and is backed up with everything else. Large installations put them in an
-- object store instead; the API does not change.
CREATE TABLE cases_photos (
  id uuid PRIMARY KEY,
  case_id uuid REFERENCES cases_cases (id) ON DELETE CASCADE,
  content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
  byte_size integer NOT NULL,
  sha256 text NOT NULL,
  uploaded_by text NOT NULL,
  uploaded_at timestamptz NOT NULL DEFAULT now(),
  data bytea NOT NULL
);
CREATE INDEX cases_photos_case ON cases_photos (case_id);
CREATE INDEX cases_photos_uploader ON cases_photos (uploaded_by, uploaded_at DESC);
