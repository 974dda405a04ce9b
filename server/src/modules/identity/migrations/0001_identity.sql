-- Accounts of citizens, enterprises (legal persons) and staff; staff act through role grants
-- that each hold within a region subtree ("2+4+N": assurance levels × admin levels × roles).
CREATE TABLE identity_accounts (
  id uuid PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('citizen', 'enterprise', 'staff')),
  username text NOT NULL,
  display_name text NOT NULL,
  password_hash text NOT NULL,
  id_number text,
  phone text,
  -- Unified social credit code for enterprises.
  credit_code text,
  assurance_level text NOT NULL DEFAULT 'basic' CHECK (assurance_level IN ('basic', 'real-name', 'real-person')),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX identity_accounts_username ON identity_accounts (lower(username));
CREATE UNIQUE INDEX identity_accounts_id_number ON identity_accounts (id_number) WHERE id_number IS NOT NULL AND kind = 'citizen';

CREATE TABLE identity_role_grants (
  account_id uuid NOT NULL REFERENCES identity_accounts (id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('commander', 'acceptor', 'dispatcher', 'handler', 'grid_worker', 'reviewer', 'data_admin', 'system_admin')),
  -- A region id from the regions module (no foreign key across modules).
  region_id text NOT NULL,
  granted_by text NOT NULL,
  granted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, role, region_id)
);
CREATE INDEX identity_role_grants_region ON identity_role_grants (region_id);

-- Ed25519 keys that sign access tokens; several may be valid while keys rotate.
CREATE TABLE identity_signing_keys (
  kid text PRIMARY KEY,
  private_jwk jsonb NOT NULL,
  public_jwk jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  retired_at timestamptz
);
