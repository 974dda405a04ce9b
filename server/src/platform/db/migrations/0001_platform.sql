-- Transactional outbox: a state change and the event announcing it commit together.
CREATE TABLE platform_outbox (
  seq bigserial PRIMARY KEY,
  event_id uuid NOT NULL UNIQUE,
  type text NOT NULL,
  payload jsonb NOT NULL,
  actor_id text,
  region_id text,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz,
  attempts integer NOT NULL DEFAULT 0,
  last_error text
);
CREATE INDEX platform_outbox_unpublished ON platform_outbox (seq) WHERE published_at IS NULL;

-- Idempotent consumers: one row per (consumer, event) handled, written with the handler's effects.
CREATE TABLE platform_inbox (
  consumer text NOT NULL,
  event_id uuid NOT NULL,
  handled_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);

-- Events a consumer could not handle after its retries; kept for an operator to replay.
CREATE TABLE platform_dead_letters (
  id bigserial PRIMARY KEY,
  consumer text NOT NULL,
  event_id uuid NOT NULL,
  type text NOT NULL,
  payload jsonb NOT NULL,
  error text NOT NULL,
  failed_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (consumer, event_id)
);

-- Durable timers: fired after a restart; SKIP LOCKED lets exactly one node fire each.
CREATE TABLE platform_timers (
  id bigserial PRIMARY KEY,
  kind text NOT NULL,
  key text NOT NULL,
  due_at timestamptz NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}'::jsonb,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'fired', 'cancelled', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  fired_at timestamptz,
  fired_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (kind, key)
);
CREATE INDEX platform_timers_due ON platform_timers (due_at) WHERE status = 'pending';

-- Append-only audit log with a hash chain; the head row lets verify notice a cut tail.
CREATE TABLE platform_audit_log (
  seq bigint PRIMARY KEY,
  at timestamptz NOT NULL,
  actor_id text NOT NULL,
  actor_name text NOT NULL,
  action text NOT NULL,
  target_type text NOT NULL,
  target_id text NOT NULL,
  region_id text,
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  prev_hash text NOT NULL,
  hash text NOT NULL
);
CREATE INDEX platform_audit_log_target ON platform_audit_log (target_type, target_id);
CREATE INDEX platform_audit_log_actor ON platform_audit_log (actor_id);

CREATE TABLE platform_audit_head (
  id integer PRIMARY KEY CHECK (id = 1),
  seq bigint NOT NULL,
  hash text NOT NULL
);
INSERT INTO platform_audit_head (id, seq, hash) VALUES (1, 0, 'genesis');

-- Small named facts about this installation (demo seed applied, and so on).
CREATE TABLE platform_settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
