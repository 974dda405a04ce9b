-- The workbench inbox (站内通知): facts other modules announce that a department must act on,
-- such as a case being supervised (督办). A notification is addressed to a department and
-- every member sees it; whether a member has read it is recorded per account.
CREATE TABLE notifications_items (
  id uuid PRIMARY KEY,
  -- The event it announces: one notification per event and department, however often the
  -- event is delivered.
  event_id uuid NOT NULL,
  department_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('case_supervised')),
  -- The case it is about (a copy from the event: no foreign key across modules).
  case_id uuid,
  case_number text,
  note text,
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL,
  UNIQUE (event_id, department_id)
);
CREATE INDEX notifications_items_department ON notifications_items (department_id, created_at DESC, id DESC);

CREATE TABLE notifications_reads (
  notification_id uuid NOT NULL REFERENCES notifications_items (id) ON DELETE CASCADE,
  account_id uuid NOT NULL,
  read_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (notification_id, account_id)
);
CREATE INDEX notifications_reads_account ON notifications_reads (account_id);
