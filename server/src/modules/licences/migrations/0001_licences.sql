-- The e-licence library (电子证照库): signing keys, licences as signed compact JWS, and the
-- record of every use of a licence in an application (with the holder's consent).

CREATE TABLE lic_signing_keys (
  kid text PRIMARY KEY,
  -- The first key has generation 1: nodes starting together agree on one (unique).
  generation integer NOT NULL UNIQUE,
  private_jwk jsonb NOT NULL,
  public_jwk jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  retired_at timestamptz
);

CREATE SEQUENCE lic_licence_numbers;

CREATE TABLE lic_licences (
  id uuid PRIMARY KEY,
  number text NOT NULL UNIQUE,
  type text NOT NULL,
  type_name text NOT NULL,
  -- The holder's account (identity module) and the name and identifier printed on the licence.
  holder_id uuid NOT NULL,
  holder_kind text NOT NULL CHECK (holder_kind IN ('citizen', 'enterprise')),
  holder_name text NOT NULL,
  holder_identifier text,
  fields jsonb NOT NULL,
  department_id text NOT NULL,
  department_name text NOT NULL,
  department_region_id text NOT NULL,
  district_id text,
  issued_at timestamptz NOT NULL,
  valid_from timestamptz NOT NULL,
  valid_until timestamptz,
  status text NOT NULL CHECK (status IN ('valid', 'revoked')),
  revoked_at timestamptz,
  revoked_by text,
  revoke_reason text,
  -- Issued for an approved application (services module): one licence per approved item.
  application_id uuid,
  task_id uuid,
  kid text NOT NULL,
  jws text NOT NULL,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX lic_licences_task ON lic_licences (application_id, task_id)
  WHERE application_id IS NOT NULL AND task_id IS NOT NULL;
CREATE INDEX lic_licences_holder ON lic_licences (holder_id, type);
CREATE INDEX lic_licences_department ON lic_licences (department_id, issued_at DESC);
CREATE INDEX lic_licences_revoked ON lic_licences (revoked_at) WHERE status = 'revoked';

CREATE TABLE lic_uses (
  licence_id uuid NOT NULL REFERENCES lic_licences (id) ON DELETE CASCADE,
  application_id uuid NOT NULL,
  application_number text NOT NULL,
  material_key text NOT NULL,
  used_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (licence_id, application_id, material_key)
);
