-- Products (物模型): typed properties with units, ranges and reporting intervals, events and
-- commands, validated by the iot module before they are stored here.
CREATE TABLE iot_products (
  id text PRIMARY KEY,
  name text NOT NULL,
  name_en text NOT NULL,
  description text NOT NULL DEFAULT '',
  thing_model jsonb NOT NULL,
  retention_days integer NOT NULL DEFAULT 180 CHECK (retention_days BETWEEN 1 AND 3650),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The device registry, sized for 10 million rows: credential lookups use the unique token
-- index (behind an in-memory cache); region ids come from the regions service, without
-- foreign keys across modules.
CREATE TABLE iot_devices (
  id uuid PRIMARY KEY,
  product_id text NOT NULL REFERENCES iot_products (id),
  name text NOT NULL,
  token text NOT NULL,
  tags text[] NOT NULL DEFAULT '{}',
  lng double precision,
  lat double precision,
  grid_id text,
  street_id text,
  district_id text,
  department_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((lng IS NULL) = (lat IS NULL))
);
CREATE UNIQUE INDEX iot_devices_token ON iot_devices (token);
CREATE UNIQUE INDEX iot_devices_name ON iot_devices (name);
CREATE INDEX iot_devices_product ON iot_devices (product_id, created_at);
CREATE INDEX iot_devices_created ON iot_devices (created_at, id);
CREATE INDEX iot_devices_district ON iot_devices (district_id);
CREATE INDEX iot_devices_street ON iot_devices (street_id);
CREATE INDEX iot_devices_grid ON iot_devices (grid_id);
CREATE INDEX iot_devices_tags ON iot_devices USING gin (tags);

-- Connectivity, kept apart from the registry so the hot path updates a narrow row.
-- offline_at = last_seen_at + offline_after_s: the sweep reads the partial index on it.
CREATE TABLE iot_device_state (
  device_id uuid PRIMARY KEY REFERENCES iot_devices (id) ON DELETE CASCADE,
  online boolean NOT NULL DEFAULT false,
  last_seen_at timestamptz,
  offline_after_s integer NOT NULL,
  offline_at timestamptz,
  changed_at timestamptz
);
CREATE INDEX iot_device_state_due ON iot_device_state (offline_at) WHERE online;

-- Readings, partitioned by day (UTC) on ts. Partitions are named iot_telemetry_pYYYYMMDD and
-- created ahead by a durable timer and on demand by ingest; old ones are dropped whole.
-- The primary key makes a redelivered reading (same device, key, ts) a no-op.
CREATE TABLE iot_telemetry (
  device_id uuid NOT NULL,
  key text NOT NULL,
  ts timestamptz NOT NULL,
  num double precision,
  str text,
  bool boolean,
  PRIMARY KEY (device_id, key, ts)
) PARTITION BY RANGE (ts);

-- The newest value of every key of every device (maps, device pages, flat-line runs).
CREATE TABLE iot_latest (
  device_id uuid NOT NULL REFERENCES iot_devices (id) ON DELETE CASCADE,
  key text NOT NULL,
  ts timestamptz NOT NULL,
  value jsonb NOT NULL,
  -- How many consecutive readings carried this same value (flat-line detection).
  same_count integer NOT NULL DEFAULT 1,
  same_since timestamptz NOT NULL,
  PRIMARY KEY (device_id, key)
);

-- Client-side attributes a device reports (firmware version, model, …).
CREATE TABLE iot_attributes (
  device_id uuid NOT NULL REFERENCES iot_devices (id) ON DELETE CASCADE,
  key text NOT NULL,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (device_id, key)
);

-- Data-quality counters per device, key and kind (unknown_key, wrong_type, out_of_range,
-- stuck, bad_timestamp, malformed_payload); key '*' is the message as a whole.
CREATE TABLE iot_quality_issues (
  device_id uuid NOT NULL REFERENCES iot_devices (id) ON DELETE CASCADE,
  key text NOT NULL,
  kind text NOT NULL,
  count bigint NOT NULL,
  first_at timestamptz NOT NULL,
  last_at timestamptz NOT NULL,
  last_detail text NOT NULL,
  PRIMARY KEY (device_id, key, kind)
);
