-- The market-supervision inspection list (日常监督检查名录) on the operations side: shops put
-- on it by facts from the service side, such as an approved food-business licence.
CREATE TABLE insp_targets (
  id uuid PRIMARY KEY,
  -- What put it on the list: a licence of the licences module (no foreign key across modules).
  source text NOT NULL CHECK (source IN ('licence')),
  licence_id uuid NOT NULL UNIQUE,
  licence_number text NOT NULL,
  licence_type text NOT NULL,
  name text NOT NULL,
  address text,
  holder_id uuid NOT NULL,
  district_id text,
  department_id text NOT NULL,
  reason text NOT NULL,
  status text NOT NULL CHECK (status IN ('scheduled', 'removed')),
  due_by timestamptz NOT NULL,
  added_at timestamptz NOT NULL DEFAULT now(),
  removed_at timestamptz,
  removed_reason text
);
CREATE INDEX insp_targets_department ON insp_targets (department_id, status, due_by);
CREATE INDEX insp_targets_district ON insp_targets (district_id, status);
