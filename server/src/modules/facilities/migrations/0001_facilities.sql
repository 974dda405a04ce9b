-- Facilities (water plants, pump stations, bridges …) built from iot devices, each with a
-- health model and the history of its health index.
CREATE TABLE fac_facilities (
  id text PRIMARY KEY,
  name text NOT NULL,
  name_en text,
  kind text NOT NULL,
  -- Where it sits, located through the regions module (ids only, no foreign keys across modules).
  grid_id text,
  street_id text,
  district_id text NOT NULL,
  lng double precision,
  lat double precision,
  department_id text,
  model jsonb NOT NULL,
  version integer NOT NULL DEFAULT 1,
  -- The latest computed index (also the last row of fac_health_scores), for lists and maps.
  score real,
  level text NOT NULL DEFAULT 'unknown'
    CHECK (level IN ('good', 'attention', 'poor', 'unknown')),
  coverage real NOT NULL DEFAULT 0,
  scored_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX fac_facilities_kind ON fac_facilities (kind);
CREATE INDEX fac_facilities_district ON fac_facilities (district_id);
CREATE INDEX fac_facilities_street ON fac_facilities (street_id);

-- Which iot devices make up a facility, each in a role the health model can refer to.
CREATE TABLE fac_facility_devices (
  facility_id text NOT NULL REFERENCES fac_facilities (id) ON DELETE CASCADE,
  device_id uuid NOT NULL,
  role text NOT NULL DEFAULT 'main',
  PRIMARY KEY (facility_id, device_id)
);
CREATE INDEX fac_facility_devices_device ON fac_facility_devices (device_id);

CREATE TABLE fac_health_scores (
  facility_id text NOT NULL REFERENCES fac_facilities (id) ON DELETE CASCADE,
  ts timestamptz NOT NULL,
  score real,
  level text NOT NULL,
  coverage real NOT NULL,
  components jsonb NOT NULL,
  PRIMARY KEY (facility_id, ts)
);
