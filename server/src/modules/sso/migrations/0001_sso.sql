-- Single sign-on: OneCity as the city's OpenID Connect provider (oidc-provider on our database).

-- Secrets generated on the first start: cookie signing keys and the pairwise subject salt.
CREATE TABLE sso_secrets (
  id text PRIMARY KEY,
  secret text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Keys that sign ID tokens (RS256, which the standard requires, and EdDSA).
CREATE TABLE sso_signing_keys (
  kid text PRIMARY KEY,
  private_jwk jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  retired_at timestamptz
);

-- Relying parties, registered by an administrator. The provider compares client secrets
-- itself, so they are kept as issued (like the signing keys: protect the database).
CREATE TABLE sso_clients (
  client_id text PRIMARY KEY,
  name text NOT NULL,
  metadata jsonb NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Everything else the provider keeps (sessions, interactions, grants, codes, tokens), as
-- its adapter contract asks: a payload per model and id, findable by uid, user code and grant.
CREATE TABLE sso_artifacts (
  model text NOT NULL,
  id text NOT NULL,
  payload jsonb NOT NULL,
  grant_id text,
  uid text,
  user_code text,
  expires_at timestamptz,
  consumed_at timestamptz,
  PRIMARY KEY (model, id)
);
CREATE INDEX sso_artifacts_grant ON sso_artifacts (grant_id) WHERE grant_id IS NOT NULL;
CREATE INDEX sso_artifacts_uid ON sso_artifacts (model, uid) WHERE uid IS NOT NULL;
CREATE INDEX sso_artifacts_user_code ON sso_artifacts (model, user_code) WHERE user_code IS NOT NULL;
CREATE INDEX sso_artifacts_expires ON sso_artifacts (expires_at) WHERE expires_at IS NOT NULL;
