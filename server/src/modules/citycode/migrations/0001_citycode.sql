-- The city code (随申码): keys, holders and their attributes, scenes, scanners and the scan log.

-- Secrets of this module, generated on first start unless ONECITY_CITYCODE_KEY is set:
-- the HMAC key of online codes (OC1) and of the pseudonymous holder references.
CREATE TABLE citycode_secrets (
  id text PRIMARY KEY,
  secret text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Ed25519 keys that sign offline codes (OC2); the public halves are published as a JWKS.
CREATE TABLE citycode_signing_keys (
  kid text PRIMARY KEY,
  private_jwk jsonb NOT NULL,
  public_jwk jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  retired_at timestamptz
);

-- A holder is an account (identity module, no foreign key across modules) known to the city
-- code under a number that never leaves the server: codes carry it encrypted with a fresh
-- random half, so two codes of one person cannot be linked by anyone but us.
CREATE TABLE citycode_holders (
  holder_no bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id uuid NOT NULL UNIQUE,
  name text,
  birth_date date,
  assurance_level text NOT NULL DEFAULT 'basic'
    CHECK (assurance_level IN ('basic', 'real-name', 'real-person')),
  -- Copies of what other systems know (medical insurance, transit card, health certificate,
  -- vehicle registry), kept here so that a scan never waits on another system.
  insured boolean NOT NULL DEFAULT false,
  medical_insurance_no text,
  transit_account text,
  fare_category text NOT NULL DEFAULT 'standard'
    CHECK (fare_category IN ('standard', 'senior', 'student', 'disabled')),
  health_certificate_expires date,
  vehicle_plates text[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- A scene is one configured use of the code (a hospital's registration desks, a metro line's
-- gates): its type bounds the rules it may apply and the fields it may ever see.
CREATE TABLE citycode_scenes (
  id text PRIMARY KEY,
  type text NOT NULL CHECK (type IN ('clinic', 'transit', 'pool', 'venue', 'parking')),
  name text NOT NULL,
  name_en text,
  region_id text,
  rules jsonb NOT NULL DEFAULT '[]',
  fields text[] NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Scanner devices, each bound to one scene; they authenticate with `<id>.<secret>` and only
-- the secret's SHA-256 is kept (a 256-bit random secret needs no slow hash).
CREATE TABLE citycode_scanners (
  id text PRIMARY KEY,
  scene_id text NOT NULL REFERENCES citycode_scenes (id),
  name text NOT NULL,
  place text,
  key_hash text NOT NULL,
  rate_per_second real NOT NULL,
  burst integer NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX citycode_scanners_scene ON citycode_scanners (scene_id);

-- The scan log: append-only, written in batches, daily partitions (created ahead and dropped
-- after the retention by a periodic timer).
--
-- window_at is the partition key: for an allowed scan it is the code's own issue time, so the
-- unique index below makes "one use of a code per scanner" hold across API nodes (the key
-- includes the partition key, as PostgreSQL requires); for every other scan it is the scan time.
CREATE TABLE citycode_scans (
  id uuid NOT NULL,
  window_at timestamptz NOT NULL,
  scanned_at timestamptz NOT NULL,
  scanner_id text NOT NULL,
  scene_id text NOT NULL,
  -- The holder, when the code was authentic (null for forged and malformed codes).
  account_id uuid,
  code_kind text CHECK (code_kind IN ('OC1', 'OC2')),
  code_nonce text,
  decision text NOT NULL CHECK (decision IN ('allow', 'deny')),
  reason text,
  rule text
) PARTITION BY RANGE (window_at);
CREATE UNIQUE INDEX citycode_scans_once_per_scanner
  ON citycode_scans (scanner_id, code_nonce, window_at) WHERE decision = 'allow';
CREATE INDEX citycode_scans_holder ON citycode_scans (account_id, scanned_at DESC)
  WHERE account_id IS NOT NULL;

-- Scans per scene and minute, added up by each batch in the same transaction: the big
-- screen reads these instead of counting the log.
CREATE TABLE citycode_scan_counts (
  scene_id text NOT NULL,
  minute timestamptz NOT NULL,
  allowed integer NOT NULL DEFAULT 0,
  denied integer NOT NULL DEFAULT 0,
  PRIMARY KEY (scene_id, minute)
);
CREATE INDEX citycode_scan_counts_minute ON citycode_scan_counts (minute);
