-- 一网通办: the service catalogue (items and 一件事 bundles), applications with their
-- department sub-tasks and timeline, uploaded materials and in-app notifications.

-- Trigram search works on Chinese text; PGlite loads the extension, PostgreSQL has it in contrib.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE svc_items (
  id text PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  name_en text NOT NULL,
  description text NOT NULL DEFAULT '',
  -- A department code of the identity module (scjg, ga, …); the department is resolved per
  -- application from the district it is filed in (no foreign key across modules).
  department_code text NOT NULL,
  handled_at text NOT NULL CHECK (handled_at IN ('city', 'district')),
  kind text NOT NULL,
  audiences text[] NOT NULL,
  statutory_days integer NOT NULL CHECK (statutory_days >= 0),
  promised_days integer NOT NULL CHECK (promised_days >= 0),
  online_level text NOT NULL CHECK (online_level IN ('full_online', 'one_visit', 'on_site')),
  materials jsonb NOT NULL,
  -- json, not jsonb: the form's field order is the order the portal shows.
  form_schema json NOT NULL,
  licence_output jsonb,
  life_events text[] NOT NULL DEFAULT '{}',
  topics text[] NOT NULL DEFAULT '{}',
  keywords text NOT NULL DEFAULT '',
  search_text text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX svc_items_search ON svc_items USING gin (search_text gin_trgm_ops);
CREATE INDEX svc_items_life_events ON svc_items USING gin (life_events);
CREATE INDEX svc_items_topics ON svc_items USING gin (topics);
CREATE INDEX svc_items_department ON svc_items (department_code);

CREATE TABLE svc_bundles (
  id text PRIMARY KEY,
  name text NOT NULL,
  name_en text NOT NULL,
  description text NOT NULL DEFAULT '',
  life_event text NOT NULL,
  topics text[] NOT NULL DEFAULT '{}',
  audiences text[] NOT NULL,
  -- Set when the bundle is offered to others than its items have in common.
  audience_override text[],
  steps jsonb NOT NULL,
  aliases jsonb NOT NULL DEFAULT '{}',
  -- The merged form, its mapping onto the items' forms, the deduplicated materials.
  form_schema json NOT NULL,
  field_map jsonb NOT NULL,
  materials jsonb NOT NULL,
  statutory_days integer NOT NULL,
  promised_days integer NOT NULL,
  online_level text NOT NULL,
  keywords text NOT NULL DEFAULT '',
  search_text text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX svc_bundles_search ON svc_bundles USING gin (search_text gin_trgm_ops);

CREATE SEQUENCE svc_application_numbers;

CREATE TABLE svc_applications (
  id uuid PRIMARY KEY,
  number text NOT NULL UNIQUE,
  applicant_id uuid NOT NULL,
  applicant_kind text NOT NULL CHECK (applicant_kind IN ('citizen', 'enterprise')),
  applicant_name text NOT NULL,
  -- Snapshots taken at submission (identity module): the ID number or credit code a licence
  -- is issued to, and the mobile number notifications go to.
  applicant_identifier text,
  applicant_phone text,
  target_kind text NOT NULL CHECK (target_kind IN ('item', 'bundle')),
  target_id text NOT NULL,
  target_name text NOT NULL,
  district_id text,
  lead_department_id text,
  status text NOT NULL CHECK (status IN ('draft', 'submitted', 'supplement_requested', 'rejected',
    'accepted', 'in_review', 'approved', 'refused', 'delivered')),
  form jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- A double click sends the same key twice: the second gets the first application back.
  idempotency_key text,
  request_hash text,
  statutory_days integer NOT NULL,
  promised_days integer NOT NULL,
  promised_by timestamptz,
  supplement jsonb,
  outcome_reason text,
  version integer NOT NULL DEFAULT 1,
  submitted_at timestamptz,
  accepted_at timestamptz,
  decided_at timestamptz,
  delivered_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX svc_applications_idempotency ON svc_applications (applicant_id, idempotency_key)
  WHERE idempotency_key IS NOT NULL;
CREATE INDEX svc_applications_applicant ON svc_applications (applicant_id, created_at DESC);
CREATE INDEX svc_applications_status ON svc_applications (status);
CREATE INDEX svc_applications_decided ON svc_applications (decided_at);
CREATE INDEX svc_applications_submitted ON svc_applications (submitted_at);

CREATE TABLE svc_application_materials (
  application_id uuid NOT NULL REFERENCES svc_applications (id) ON DELETE CASCADE,
  key text NOT NULL,
  name text NOT NULL,
  source text NOT NULL CHECK (source IN ('upload', 'licence', 'dataset')),
  upload_id uuid,
  -- An e-licence of the licences module, attached with the holder's consent.
  licence_id uuid,
  licence_number text,
  consented_at timestamptz,
  PRIMARY KEY (application_id, key)
);

-- Uploaded files are kept in the database (bytea): one store on PGlite and PostgreSQL alike.
CREATE TABLE svc_uploads (
  id uuid PRIMARY KEY,
  owner_id uuid NOT NULL,
  file_name text,
  content_type text NOT NULL,
  size integer NOT NULL,
  sha256 text NOT NULL,
  application_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  data bytea NOT NULL
);
CREATE INDEX svc_uploads_owner ON svc_uploads (owner_id, created_at DESC);

CREATE TABLE svc_tasks (
  id uuid PRIMARY KEY,
  application_id uuid NOT NULL REFERENCES svc_applications (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('acceptance', 'review')),
  -- The order of the bundle's steps (0 for acceptance).
  position integer NOT NULL DEFAULT 0,
  item_id text,
  name text NOT NULL,
  department_id text NOT NULL,
  department_region_id text NOT NULL,
  status text NOT NULL CHECK (status IN ('waiting', 'pending', 'in_review', 'accepted',
    'supplement_requested', 'rejected', 'approved', 'refused', 'cancelled')),
  depends_on text[] NOT NULL DEFAULT '{}',
  form jsonb NOT NULL DEFAULT '{}'::jsonb,
  material_keys text[] NOT NULL DEFAULT '{}',
  statutory_days integer NOT NULL,
  promised_days integer NOT NULL,
  opened_at timestamptz,
  deadline_at timestamptz,
  deadline_near boolean NOT NULL DEFAULT false,
  overdue boolean NOT NULL DEFAULT false,
  reviewer_id uuid,
  reviewer_name text,
  decision_reason text,
  decided_at timestamptz,
  licence_type text,
  licence_id uuid,
  licence_number text,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX svc_tasks_queue ON svc_tasks (department_id, status, deadline_at);
CREATE INDEX svc_tasks_application ON svc_tasks (application_id);
CREATE INDEX svc_tasks_decided ON svc_tasks (decided_at);

CREATE TABLE svc_timeline (
  id bigserial PRIMARY KEY,
  application_id uuid NOT NULL REFERENCES svc_applications (id) ON DELETE CASCADE,
  task_id uuid,
  at timestamptz NOT NULL DEFAULT now(),
  action text NOT NULL,
  actor_id text,
  actor_name text NOT NULL,
  department_id text,
  from_status text,
  to_status text,
  note text
);
CREATE INDEX svc_timeline_application ON svc_timeline (application_id, id);

CREATE TABLE svc_notifications (
  id uuid PRIMARY KEY,
  recipient_id uuid NOT NULL,
  application_id uuid,
  event_type text NOT NULL,
  title text NOT NULL,
  body text NOT NULL,
  sms_sent_at timestamptz,
  read_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX svc_notifications_recipient ON svc_notifications (recipient_id, created_at DESC);
