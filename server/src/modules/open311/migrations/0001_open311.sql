-- API keys issued to third parties (apps, other cities' systems) by an administrator. Only the
-- SHA-256 of a key is stored; the key itself is shown once, when it is created.
CREATE TABLE o311_api_keys (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  contact text NOT NULL,
  -- The first characters of the key, so an administrator can tell keys apart.
  key_prefix text NOT NULL,
  key_hash text NOT NULL UNIQUE,
  rate_per_minute integer NOT NULL CHECK (rate_per_minute > 0),
  status text NOT NULL CHECK (status IN ('active', 'revoked')),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  last_used_at timestamptz
);

-- Each service request submitted through Open311: the case it became, the token that
-- resolves to it, and what the submitter sent that the case itself does not keep.
CREATE TABLE o311_requests (
  case_id uuid PRIMARY KEY,
  case_number text NOT NULL UNIQUE,
  token uuid NOT NULL UNIQUE,
  api_key_id uuid NOT NULL REFERENCES o311_api_keys (id),
  service_code text NOT NULL,
  description text NOT NULL,
  attributes jsonb NOT NULL DEFAULT '{}'::jsonb,
  address_string text,
  media_url text,
  account_id text,
  email text,
  first_name text,
  last_name text,
  phone text,
  device_id text,
  service_notice text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX o311_requests_key ON o311_requests (api_key_id, created_at DESC);
